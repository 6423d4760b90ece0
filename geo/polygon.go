package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Planar polygon helpers. Rings are []Point3 in Cartesian metres (an ENU
// frame, or a projected CRS); z is ignored. A ring may be open or closed
// (last point repeating the first). A polygon is [][]Point3: the outer ring
// first, then holes, in any orientation.

// ToOrbRing returns the x, y of ring as an orb.Ring.
func ToOrbRing(ring []Point3) orb.Ring {
	r := make(orb.Ring, len(ring))
	for i, p := range ring {
		r[i] = orb.Point{p[0], p[1]}
	}
	return r
}

// ToOrbPolygon returns the x, y of rings as an orb.Polygon.
func ToOrbPolygon(rings [][]Point3) orb.Polygon {
	poly := make(orb.Polygon, len(rings))
	for i, r := range rings {
		poly[i] = ToOrbRing(r)
	}
	return poly
}

// SignedArea returns the planar area enclosed by ring, positive when the
// ring runs counter-clockwise (x east, y north), negative when clockwise.
func SignedArea(ring []Point3) float64 {
	if len(ring) < 3 {
		return 0
	}
	_, a := planar.CentroidArea(ToOrbRing(ring))
	return a
}

// Orientation returns orb.CCW or orb.CW for the winding of ring, 0 for a
// degenerate ring without area.
func Orientation(ring []Point3) orb.Orientation {
	if len(ring) < 3 {
		return 0
	}
	return ToOrbRing(ring).Orientation()
}

// PolygonArea returns the planar area of the polygon: the outer ring's area
// minus its holes', whatever their winding.
func PolygonArea(rings [][]Point3) float64 {
	if len(rings) == 0 || len(rings[0]) < 3 {
		return 0
	}
	return planar.Area(ToOrbPolygon(rings))
}

// PointInPolygon reports whether p lies in the polygon (x, y only). The
// polygon is closed: points on the outer ring or on a hole's ring count as
// inside; points strictly inside a hole do not.
func PointInPolygon(rings [][]Point3, p Point3) bool {
	if len(rings) == 0 || len(rings[0]) < 3 {
		return false
	}
	pt := orb.Point{p[0], p[1]}
	if !planar.RingContains(ToOrbRing(rings[0]), pt) {
		return false
	}
	for _, h := range rings[1:] {
		if len(h) < 3 {
			continue
		}
		hole := ToOrbRing(h)
		if planar.RingContains(hole, pt) && !onRing(hole, pt) {
			return false
		}
	}
	return true
}

// onRing reports whether p lies exactly on an edge of r.
func onRing(r orb.Ring, p orb.Point) bool {
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
		if cross == 0 &&
			p[0] >= min(a[0], b[0]) && p[0] <= max(a[0], b[0]) &&
			p[1] >= min(a[1], b[1]) && p[1] <= max(a[1], b[1]) {
			return true
		}
	}
	return false
}

// GeoPolygonAreaM2 returns the area in square metres of a polygon given in
// lon°, lat°: the rings are mapped into the ENU frame at the centre of the
// outer ring's bounds and measured in its horizontal plane. The error of
// the tangent plane is below 1e-6 relative for polygons a few kilometres
// across, ample for footprints and parcels.
func GeoPolygonAreaM2(rings [][]Point3) float64 {
	if len(rings) == 0 || len(rings[0]) < 3 {
		return 0
	}
	f, _ := ToLocal(rings[0])
	local := make([][]Point3, len(rings))
	for i, r := range rings {
		local[i] = f.AppendLocal(nil, r)
	}
	return PolygonArea(local)
}
