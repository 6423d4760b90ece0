package tiles

import (
	"cmp"
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
)

// Footprint simplification for coarse levels of detail: a building's
// footprint replaced by its convex hull or its minimum-area oriented
// bounding rectangle (LoD1 blocks in parent tiles). All in x, y; z is
// ignored and the output has z 0.

// OrientedRect is a rectangle in the x, y plane: a centre, the unit
// direction of its long side, and half its length and width.
type OrientedRect struct {
	Center     geo.Point3
	Axis       geo.Point3 // unit, along the long side, z 0
	HalfLength float64    // along Axis
	HalfWidth  float64    // across Axis; HalfWidth ≤ HalfLength
}

// Cross returns the unit vector across the rectangle: Axis turned 90°
// counter-clockwise.
func (r OrientedRect) Cross() geo.Point3 { return geo.Point3{-r.Axis[1], r.Axis[0], 0} }

// Area returns the rectangle's area.
func (r OrientedRect) Area() float64 { return 4 * r.HalfLength * r.HalfWidth }

// Local returns p's coordinates along Axis and along Cross from Center.
func (r OrientedRect) Local(p geo.Point3) (s, t float64) {
	dx, dy := p[0]-r.Center[0], p[1]-r.Center[1]
	v := r.Cross()
	return dx*r.Axis[0] + dy*r.Axis[1], dx*v[0] + dy*v[1]
}

// Corners returns the four corners counter-clockwise.
func (r OrientedRect) Corners() []geo.Point3 {
	u, v := r.Axis.Scale(r.HalfLength), r.Cross().Scale(r.HalfWidth)
	c := geo.Point3{r.Center[0], r.Center[1], 0}
	return []geo.Point3{c.Sub(u).Sub(v), c.Add(u).Sub(v), c.Add(u).Add(v), c.Sub(u).Add(v)}
}

// ConvexHull returns the convex hull of pts in x, y, counter-clockwise
// from the lowest-left point, without collinear points (Andrew's monotone
// chain). Fewer than three points come back as they are (deduplicated);
// all-collinear points give the two ends.
func ConvexHull(pts []geo.Point3) []geo.Point3 {
	ps := make([]geo.Point3, 0, len(pts))
	for _, p := range pts {
		if p.Finite() {
			ps = append(ps, geo.Point3{p[0], p[1], 0})
		}
	}
	slices.SortFunc(ps, func(a, b geo.Point3) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	ps = slices.CompactFunc(ps, triSame)
	if len(ps) < 3 {
		return ps
	}
	hull := make([]geo.Point3, 0, 2*len(ps))
	for pass := range 2 {
		start := len(hull)
		for k := range ps {
			p := ps[k]
			if pass == 1 {
				p = ps[len(ps)-1-k]
			}
			for len(hull) >= start+2 && triOrient(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
				hull = hull[:len(hull)-1]
			}
			hull = append(hull, p)
		}
		hull = hull[:len(hull)-1] // the last point starts the other chain
	}
	return hull
}

// MinAreaRect returns the minimum-area rectangle enclosing pts in x, y (a
// rotating-calipers search over the convex hull's edge directions: the
// optimal rectangle has a side along one of them). ok is false when pts
// has no finite point. Collinear points give a rectangle of width zero.
func MinAreaRect(pts []geo.Point3) (r OrientedRect, ok bool) {
	hull := ConvexHull(pts)
	switch len(hull) {
	case 0:
		return r, false
	case 1:
		return OrientedRect{Center: hull[0], Axis: geo.Point3{1, 0, 0}}, true
	}
	best := math.Inf(1)
	for k := range hull {
		d := hull[(k+1)%len(hull)].Sub(hull[k])
		u := d.Scale(1 / d.Norm())
		cand := rectAlong(hull, u)
		if a := cand.Area(); a < best {
			r, best = cand, a
		}
	}
	return r, true
}

// rectAlong returns the bounding rectangle of pts with a side along unit
// direction u, its Axis then set to its longer side.
func rectAlong(pts []geo.Point3, u geo.Point3) OrientedRect {
	v := geo.Point3{-u[1], u[0], 0}
	s0, s1, t0, t1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		s, t := p[0]*u[0]+p[1]*u[1], p[0]*v[0]+p[1]*v[1]
		s0, s1, t0, t1 = min(s0, s), max(s1, s), min(t0, t), max(t1, t)
	}
	sc, tc := (s0+s1)/2, (t0+t1)/2
	r := OrientedRect{
		Center:     u.Scale(sc).Add(v.Scale(tc)),
		Axis:       u,
		HalfLength: (s1 - s0) / 2,
		HalfWidth:  (t1 - t0) / 2,
	}
	if r.HalfWidth > r.HalfLength {
		r.Axis = v
		r.HalfLength, r.HalfWidth = r.HalfWidth, r.HalfLength
	}
	return r
}

// SimplifyToRect replaces a footprint (outer ring then holes) by the
// minimum-area rectangle around its outer ring: four corners,
// counter-clockwise. devM is the deviation of the result from the
// footprint in metres (FootprintDeviation). ok is false for a footprint
// without finite points.
func SimplifyToRect(footprint [][]geo.Point3) (ring []geo.Point3, devM float64, ok bool) {
	if len(footprint) == 0 {
		return nil, 0, false
	}
	r, ok := MinAreaRect(footprint[0])
	if !ok {
		return nil, 0, false
	}
	ring = r.Corners()
	return ring, FootprintDeviation(footprint, [][]geo.Point3{ring}), true
}

// SimplifyToHull replaces a footprint (outer ring then holes) by the
// convex hull of its outer ring, counter-clockwise, with the deviation in
// metres (FootprintDeviation). ok is false for fewer than three
// non-collinear points.
func SimplifyToHull(footprint [][]geo.Point3) (ring []geo.Point3, devM float64, ok bool) {
	if len(footprint) == 0 {
		return nil, 0, false
	}
	ring = ConvexHull(footprint[0])
	if len(ring) < 3 {
		return nil, 0, false
	}
	return ring, FootprintDeviation(footprint, [][]geo.Point3{ring}), true
}
