package query

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Planar helpers on orb.Point (lon°, lat° or local metres; only x, y).

// cross returns the z of (b − a) × (c − a): > 0 when c lies left of a→b.
func cross(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// onSegment reports whether c, collinear with a and b, lies within their box.
func onSegment(a, b, c orb.Point) bool {
	return c[0] >= min(a[0], b[0]) && c[0] <= max(a[0], b[0]) &&
		c[1] >= min(a[1], b[1]) && c[1] <= max(a[1], b[1])
}

// segmentsIntersect reports whether the closed segments ab and cd share a
// point (crossing, touching or overlapping).
func segmentsIntersect(a, b, c, d orb.Point) bool {
	d1, d2 := cross(c, d, a), cross(c, d, b)
	d3, d4 := cross(a, b, c), cross(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b)) ||
		(d3 == 0 && onSegment(a, b, c)) || (d4 == 0 && onSegment(a, b, d))
}

// crossParams appends the parameters t ∈ [0, 1] along ab where it meets
// the segment cd: one for a crossing, the ends of the overlap for collinear
// segments.
func crossParams(dst []float64, a, b, c, d orb.Point) []float64 {
	r := orb.Point{b[0] - a[0], b[1] - a[1]}
	s := orb.Point{d[0] - c[0], d[1] - c[1]}
	den := r[0]*s[1] - r[1]*s[0]
	qp := orb.Point{c[0] - a[0], c[1] - a[1]}
	if den != 0 {
		t := (qp[0]*s[1] - qp[1]*s[0]) / den
		u := (qp[0]*r[1] - qp[1]*r[0]) / den
		if t >= 0 && t <= 1 && u >= 0 && u <= 1 {
			dst = append(dst, t)
		}
		return dst
	}
	rr := r[0]*r[0] + r[1]*r[1]
	if rr == 0 || qp[0]*r[1]-qp[1]*r[0] != 0 {
		return dst // degenerate ab, or parallel and apart
	}
	for _, p := range [2]orb.Point{c, d} {
		if t := ((p[0]-a[0])*r[0] + (p[1]-a[1])*r[1]) / rr; t >= 0 && t <= 1 {
			dst = append(dst, t)
		}
	}
	return dst
}

// interval is a closed range [Lo, Hi] of a parameter along a segment.
type interval struct{ Lo, Hi float64 }

// polyArea is a set of closed rings with the even-odd rule (outer rings
// and holes alike), in one planar frame.
type polyArea struct {
	rings []orb.Ring
	bound orb.Bound
}

func newPolyArea(rings []orb.Ring) *polyArea {
	a := &polyArea{rings: rings, bound: orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}}
	for _, r := range rings {
		for _, p := range r {
			a.bound = a.bound.Extend(p)
		}
	}
	return a
}

// contains reports whether p lies in the area; points on a ring count as in.
func (a *polyArea) contains(p orb.Point) bool {
	if !a.bound.Contains(p) {
		return false
	}
	in := false
	for _, r := range a.rings {
		for i := 0; i+1 < len(r); i++ {
			u, v := r[i], r[i+1]
			if cross(u, v, p) == 0 && onSegment(u, v, p) {
				return true
			}
			if (u[1] > p[1]) != (v[1] > p[1]) &&
				p[0] < u[0]+(p[1]-u[1])*(v[0]-u[0])/(v[1]-u[1]) {
				in = !in
			}
		}
	}
	return in
}

// insideIntervals returns the parts of the segment ab that lie in the area,
// as sorted, disjoint parameter intervals.
func (a *polyArea) insideIntervals(p, q orb.Point) []interval {
	sb := orb.Bound{Min: p, Max: p}.Extend(q)
	if !sb.Intersects(a.bound) {
		return nil
	}
	ts := []float64{0, 1}
	for _, r := range a.rings {
		for i := 0; i+1 < len(r); i++ {
			ts = crossParams(ts, p, q, r[i], r[i+1])
		}
	}
	slices.Sort(ts)
	ts = slices.Compact(ts)
	var out []interval
	lerp := func(t float64) orb.Point { return orb.Point{p[0] + (q[0]-p[0])*t, p[1] + (q[1]-p[1])*t} }
	for i := 0; i+1 < len(ts); i++ {
		if !a.contains(lerp((ts[i] + ts[i+1]) / 2)) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Hi == ts[i] {
			out[n-1].Hi = ts[i+1]
		} else {
			out = append(out, interval{ts[i], ts[i+1]})
		}
	}
	if len(out) == 0 && p == q && a.contains(p) {
		out = append(out, interval{0, 1})
	}
	return out
}

// intersectsSegment reports whether the segment pq touches the area.
func (a *polyArea) intersectsSegment(p, q orb.Point) bool {
	sb := orb.Bound{Min: p, Max: p}.Extend(q)
	if !sb.Intersects(a.bound) {
		return false
	}
	if a.contains(p) || a.contains(q) {
		return true
	}
	for _, r := range a.rings {
		for i := 0; i+1 < len(r); i++ {
			if segmentsIntersect(p, q, r[i], r[i+1]) {
				return true
			}
		}
	}
	return false
}
