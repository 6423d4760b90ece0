package cityjson

import (
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Roof classification thresholds.
const (
	flatSlopeDeg  = 5.0  // a roof plane at most this steep counts as flat
	minShare      = 0.05 // planes with a smaller share of the roof area are ignored
	azimuthTolDeg = 20.0 // sloped planes whose azimuths differ less face the same way
)

// roofPlane is one roof polygon's area (m²), slope and downhill azimuth.
type roofPlane struct {
	area, slopeDeg, azimuthDeg float64
}

// roofShape classifies the RoofSurface polygons: flat when (almost) all the
// roof area is within flatSlopeDeg of horizontal; otherwise, from the
// directions the sloped planes face, skillion (one), gabled (two opposite)
// or hipped (four, in two opposite pairs), else unknown. The eave height of
// a pitched roof is the lowest vertex of its sloped planes. Without
// RoofSurface semantics the shape is unknown.
func roofShape(surfaces []twin.Surface) (twin.RoofShape, float64) {
	var planes []roofPlane
	var total, sloped float64
	eave := math.Inf(1)
	for _, s := range surfaces {
		if s.Type != "RoofSurface" {
			continue
		}
		p := planeOf(s.Rings[0])
		planes = append(planes, p)
		total += p.area
		if p.slopeDeg > flatSlopeDeg {
			sloped += p.area
			for _, q := range s.Rings[0] {
				eave = min(eave, q[2])
			}
		}
	}
	switch {
	case total == 0:
		return twin.RoofUnknown, 0
	case sloped <= minShare*total:
		return twin.RoofFlat, 0
	case sloped < (1-minShare)*total:
		return twin.RoofUnknown, eave
	}
	return pitchedShape(planes, sloped), eave
}

// pitchedShape names a roof from the directions its sloped planes face.
func pitchedShape(planes []roofPlane, sloped float64) twin.RoofShape {
	var dirs []float64
	for _, p := range planes {
		if p.slopeDeg <= flatSlopeDeg || p.area < minShare*sloped {
			continue
		}
		seen := false
		for _, d := range dirs {
			seen = seen || angleDiff(d, p.azimuthDeg) < azimuthTolDeg
		}
		if !seen {
			dirs = append(dirs, p.azimuthDeg)
		}
	}
	opposite := func(a, b float64) bool { return angleDiff(a, b) > 180-azimuthTolDeg }
	switch {
	case len(dirs) == 1:
		return twin.RoofSkillion
	case len(dirs) == 2 && opposite(dirs[0], dirs[1]):
		return twin.RoofGabled
	case len(dirs) == 4 && pairedOpposite(dirs, opposite):
		return twin.RoofHipped
	}
	return twin.RoofUnknown
}

// pairedOpposite reports whether four directions form two opposite pairs.
func pairedOpposite(d []float64, opposite func(a, b float64) bool) bool {
	return (opposite(d[0], d[1]) && opposite(d[2], d[3])) ||
		(opposite(d[0], d[2]) && opposite(d[1], d[3])) ||
		(opposite(d[0], d[3]) && opposite(d[1], d[2]))
}

// angleDiff is the absolute difference of two azimuths, 0..180°.
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return min(d, 360-d)
}

// metresPerDegree is the length of a degree of latitude (and of longitude
// at the equator), close enough for slopes.
const metresPerDegree = 111320.0

// newell returns the Newell normal of a ring (lon°, lat°, h m) in local
// metres around its first point; its length is twice the ring's area.
func newell(ring []geo.Point3) [3]float64 {
	var n [3]float64
	if len(ring) < 3 {
		return n
	}
	o := ring[0]
	kx := metresPerDegree * math.Cos(o[1]*math.Pi/180)
	local := func(p geo.Point3) [3]float64 {
		return [3]float64{(p[0] - o[0]) * kx, (p[1] - o[1]) * metresPerDegree, p[2] - o[2]}
	}
	for i := range ring {
		a, b := local(ring[i]), local(ring[(i+1)%len(ring)])
		n[0] += (a[1] - b[1]) * (a[2] + b[2])
		n[1] += (a[2] - b[2]) * (a[0] + b[0])
		n[2] += (a[0] - b[0]) * (a[1] + b[1])
	}
	return n
}

// planeOf measures a roof ring.
func planeOf(ring []geo.Point3) roofPlane {
	n := newell(ring)
	length := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
	if length == 0 || math.IsNaN(length) {
		return roofPlane{}
	}
	return roofPlane{
		area:       length / 2,
		slopeDeg:   math.Acos(math.Min(1, math.Abs(n[2])/length)) * 180 / math.Pi,
		azimuthDeg: math.Mod(math.Atan2(n[0], n[1])*180/math.Pi+360, 360),
	}
}
