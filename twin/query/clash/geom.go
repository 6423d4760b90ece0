package clash

import (
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin/query/internal/local"
)

// tube is a utility or proposal in local metres: an axis polyline and the
// half-extents of its cross-section's bounding rectangle (a round pipe is
// a square of side D).
type tube struct {
	pts    []geo.Point3
	rh, rv float64
}

// halfExtents returns the horizontal and vertical half-extents, metres, of
// a section given as a diameter or a width × height, millimetres.
func halfExtents(diameterMM, widthMM, heightMM float64) (rh, rv float64) {
	if diameterMM > 0 {
		return diameterMM / 2000, diameterMM / 2000
	}
	return max(widthMM, 0) / 2000, max(heightMM, 0) / 2000
}

// box2 is a plan rectangle with a height interval.
type box2 struct {
	minX, minY, maxX, maxY, minZ, maxZ float64
}

func segBox(a, b geo.Point3) box2 {
	return box2{min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[2], b[2])}
}

// searchBounds converts a local box grown by margin metres (in plan) to
// geographic search bounds between heights zlo and zhi.
func searchBounds(f local.Frame, b box2, margin, zlo, zhi float64) geo.Bounds3 {
	return f.SearchBounds(b.minX-margin, b.minY-margin, b.maxX+margin, b.maxY+margin, zlo, zhi)
}

// gapsTo returns lower bounds of the plan distance and the height gap
// between the contents of two boxes.
func (b box2) gapsTo(o box2) (h, v float64) {
	dx := max(0, o.minX-b.maxX, b.minX-o.maxX)
	dy := max(0, o.minY-b.maxY, b.minY-o.maxY)
	v = max(0, o.minZ-b.maxZ, b.minZ-o.maxZ)
	return math.Hypot(dx, dy), v
}

// ratio is x/r for the clearance test; a zero requirement only admits
// x = 0 (a clash), as a steep but finite slope that keeps the functions
// minimised below convex.
func ratio(x, r float64) float64 { return x / max(r, 1e-6) }

// golden minimises a function convex on [0, 1] to within tol in the
// parameter, returning the argument and the value.
func golden(f func(float64) float64, tol float64) (float64, float64) {
	const g = 0.6180339887498949
	a, b := 0.0, 1.0
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for i := 0; i < 80 && b-a > tol; i++ {
		if fc <= fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	x := (a + b) / 2
	best, fx := x, f(x)
	for _, e := range []float64{0, 1} { // a minimum on the border
		if fe := f(e); fe < fx {
			best, fx = e, fe
		}
	}
	return best, fx
}

// paramTol is the parameter tolerance that resolves a segment of length
// l to 0.1 mm.
func paramTol(l float64) float64 {
	if l <= 1e-4 {
		return 1
	}
	return 1e-4 / l
}

// planDist returns the plan (x, y) distance from p to segment a–b and the
// parameter of the closest point.
func planDist(p, a, b geo.Point3) (float64, float64) {
	s := geo.Segment3{A: geo.Point3{a[0], a[1], 0}, B: geo.Point3{b[0], b[1], 0}}
	t, q := s.ClosestPoint(geo.Point3{p[0], p[1], 0})
	return math.Hypot(p[0]-q[0], p[1]-q[1]), t
}

// intervalGap is the distance from [lo, hi] to [a, b] (0 if they overlap).
func intervalGap(lo, hi, a, b float64) float64 {
	return max(0, a-hi, lo-b)
}

func polylineLength2D(pts []geo.Point3) float64 {
	l := 0.0
	for i := 1; i < len(pts); i++ {
		l += math.Hypot(pts[i][0]-pts[i-1][0], pts[i][1]-pts[i-1][1])
	}
	return l
}
