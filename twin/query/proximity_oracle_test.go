package query

import (
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// The proximity oracle measures in its own local frame (a tangent plane
// from the ellipsoid's radii of curvature at the probe, no ECEF) and
// samples line and polygon probes densely instead of solving for the
// closest pair; distances agree within the sampling step.

// plane maps lon°, lat°, h to metres east, north, up of an origin.
type plane struct{ lon0, lat0, mx, my float64 }

func newPlane(lon0, lat0 float64) plane {
	const a, e2 = 6378137.0, 6.69437999014e-3
	s := math.Sin(lat0 * math.Pi / 180)
	w := 1 - e2*s*s
	n := a / math.Sqrt(w)
	m := a * (1 - e2) / (w * math.Sqrt(w))
	return plane{lon0, lat0, n * math.Cos(lat0*math.Pi/180) * math.Pi / 180, m * math.Pi / 180}
}

func (p plane) at(q geo.Point3) [3]float64 {
	return [3]float64{(q[0] - p.lon0) * p.mx, (q[1] - p.lat0) * p.my, q[2]}
}

// pointSegDist is the distance from p to the 3D segment ab.
func pointSegDist(p, a, b [3]float64) float64 {
	var ab, ap [3]float64
	l2, t := 0.0, 0.0
	for i := range 3 {
		ab[i], ap[i] = b[i]-a[i], p[i]-a[i]
		l2 += ab[i] * ab[i]
		t += ab[i] * ap[i]
	}
	if l2 > 0 {
		t = math.Max(0, math.Min(1, t/l2))
	} else {
		t = 0
	}
	d := 0.0
	for i := range 3 {
		x := a[i] + t*ab[i] - p[i]
		d += x * x
	}
	return math.Sqrt(d)
}

// oracleDist is the distance from the probe sample p (local metres) to f,
// and whether f is a measured kind.
func (pl plane) oracleDist(p [3]float64, f twin.Feature) float64 {
	switch f := f.(type) {
	case *twin.UtilitySegment:
		best := math.Inf(1)
		for i := 0; i+1 < len(f.Centreline); i++ {
			best = math.Min(best, pointSegDist(p, pl.at(f.Centreline[i]), pl.at(f.Centreline[i+1])))
		}
		return best
	case *twin.UtilityNode:
		return pointSegDist(p, pl.at(f.Position), pl.at(f.Position))
	case *twin.Building:
		var rings [][]geo.Point3
		horiz := math.Inf(1)
		for _, r := range f.Footprint {
			var ring []geo.Point3
			for _, q := range r {
				l := pl.at(geo.Point3{q[0], q[1]})
				ring = append(ring, geo.Point3{l[0], l[1]})
			}
			rings = append(rings, ring)
			for i := 0; i+1 < len(ring); i++ {
				a, b := [3]float64{ring[i][0], ring[i][1]}, [3]float64{ring[i+1][0], ring[i+1][1]}
				horiz = math.Min(horiz, pointSegDist([3]float64{p[0], p[1]}, a, b))
			}
		}
		if geo.PointInPolygon(rings, geo.Point3{p[0], p[1]}) {
			horiz = 0
		}
		vert := math.Max(0, math.Max(f.BaseM-p[2], p[2]-f.RoofM))
		return math.Hypot(horiz, vert)
	}
	return math.Inf(1)
}

// probeSamples returns points of the probe in the plane: every step
// metres along lines and ring edges, and on a grid of step inside a
// polygon (at the mean height of its positions).
func (pl plane) probeSamples(s Shape, step float64) [][3]float64 {
	var out [][3]float64
	edgeSamples := func(pts []geo.Point3, h *float64) {
		for i := range pts {
			a := pl.at(pts[i])
			if h != nil {
				a[2] = *h
			}
			out = append(out, a)
			if i+1 == len(pts) {
				break
			}
			b := pl.at(pts[i+1])
			if h != nil {
				b[2] = *h
			}
			n := int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]) / step))
			for k := 1; k < n; k++ {
				t := float64(k) / float64(n)
				out = append(out, [3]float64{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1]), a[2] + t*(b[2]-a[2])})
			}
		}
	}
	if !s.IsArea() {
		edgeSamples(s.Line, nil)
		return out
	}
	ring := s.Polygons[0][0]
	h := 0.0
	for _, p := range ring {
		h += p[2] / float64(len(ring))
	}
	var local []geo.Point3
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, p := range ring {
		l := pl.at(p)
		local = append(local, geo.Point3{l[0], l[1]})
		lo = [2]float64{math.Min(lo[0], l[0]), math.Min(lo[1], l[1])}
		hi = [2]float64{math.Max(hi[0], l[0]), math.Max(hi[1], l[1])}
	}
	edgeSamples(ring, &h)
	for x := lo[0]; x <= hi[0]; x += step {
		for y := lo[1]; y <= hi[1]; y += step {
			if geo.PointInPolygon([][]geo.Point3{local}, geo.Point3{x, y}) {
				out = append(out, [3]float64{x, y, h})
			}
		}
	}
	return out
}

// oracleRadius is a segment's radius as the request documents it.
func oracleRadius(f twin.Feature) float64 {
	s, ok := f.(*twin.UtilitySegment)
	if !ok {
		return 0
	}
	if s.DiameterMM > 0 {
		return s.DiameterMM / 2000
	}
	return math.Max(s.WidthMM, s.HeightMM) / 2000
}

// oracleNear returns the surface distance of every feature of all whose
// horizontal bounds come within maxM+slack of the probe.
func oracleNear(all []twin.Feature, s Shape, step, maxM float64) map[string]float64 {
	c := s.Bounds().Center()
	pl := newPlane(c[0], c[1])
	samples := pl.probeSamples(s, step)
	pb := s.Bounds()
	lo, hi := pl.at(pb.Min), pl.at(pb.Max)
	out := map[string]float64{}
	for _, f := range all {
		if f.Kind() == twin.KindMesh {
			continue
		}
		b := f.Bounds()
		bl, bh := pl.at(b.Min), pl.at(b.Max)
		gx := math.Max(0, math.Max(bl[0]-hi[0], lo[0]-bh[0]))
		gy := math.Max(0, math.Max(bl[1]-hi[1], lo[1]-bh[1]))
		if math.Hypot(gx, gy) > maxM+10 {
			continue
		}
		best := math.Inf(1)
		for _, p := range samples {
			best = math.Min(best, pl.oracleDist(p, f))
		}
		out[f.Head().ID] = math.Max(0, best-oracleRadius(f))
	}
	return out
}
