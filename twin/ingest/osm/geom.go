package osm

import (
	"slices"

	"github.com/paulmach/orb"
)

// ringArea is the signed planar area of a closed ring in degrees²,
// positive when counter-clockwise (lon east, lat north). It works relative
// to the first vertex, which keeps the rounding error far below any real
// building.
func ringArea(r orb.Ring) float64 {
	if len(r) == 0 {
		return 0
	}
	o := r[0]
	var s float64
	for i := 1; i+1 < len(r); i++ {
		s += (r[i][0]-o[0])*(r[i+1][1]-o[1]) - (r[i+1][0]-o[0])*(r[i][1]-o[1])
	}
	return s / 2
}

// minAreaDeg2 is the area below which a ring is degenerate: 1e-15 deg² is
// about 10 mm², far below any building and far above rounding error.
const minAreaDeg2 = 1e-15

// orient returns r counter-clockwise (ccw) or clockwise, reversing a copy
// when needed.
func orient(r orb.Ring, ccw bool) orb.Ring {
	if (ringArea(r) > 0) == ccw {
		return r
	}
	r = slices.Clone(r)
	slices.Reverse(r)
	return r
}

// Positions of a point relative to a ring.
const (
	outside = iota
	inside
	onBoundary
)

// ringInside reports whether ring a lies inside ring b, judged by the first
// vertex of a that is not on b's boundary (OSM rings may touch).
func ringInside(a, b orb.Ring) bool {
	for _, p := range a {
		switch pointInRing(p, b) {
		case inside:
			return true
		case outside:
			return false
		}
	}
	return false
}

// pointInRing locates p against the closed ring r by ray casting.
func pointInRing(p orb.Point, r orb.Ring) int {
	in := false
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if onSegment(p, a, b) {
			return onBoundary
		}
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
			if p[0] < x {
				in = !in
			}
		}
	}
	if in {
		return inside
	}
	return outside
}

// onSegment reports whether p lies on the segment a–b.
func onSegment(p, a, b orb.Point) bool {
	cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
	if cross != 0 {
		return false
	}
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}
