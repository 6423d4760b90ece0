package clash

import (
	"math"

	"github.com/citytwin/citytwin/geo"
)

// clashTolM is the surface distance below which two surfaces count as
// touching (a clash).
const clashTolM = 1e-3

// hit is where two geometries come closest to breaking their clearance.
type hit struct {
	// m is max(h/H, v/V) at the worst point: < 1 is a conflict, 0 a clash.
	m float64
	// h and v are the horizontal and vertical gaps there, metres.
	h, v float64
	// dist is the minimum surface distance over the whole pair, metres.
	dist float64
	// a and b are the worst points on the first and second geometry
	// (local metres).
	a, b geo.Point3
}

func noHit() hit { return hit{m: math.Inf(1), dist: math.Inf(1)} }

// gapsAt returns the horizontal and vertical gaps between two envelopes
// whose axes pass through p and q; rh and rv are the sums of their
// half-extents.
func gapsAt(p, q geo.Point3, rh, rv float64) (h, v float64) {
	h = max(0, math.Hypot(p[0]-q[0], p[1]-q[1])-rh)
	v = max(0, math.Abs(p[2]-q[2])-rv)
	return h, v
}

// segMin minimises f(s, t) = score(P(s), Q(t)) over the unit square for
// P on a0–a1 and Q on b0–b1. score must be convex in (s, t), as every
// score built from gapsAt is. It returns s, t and the minimum.
func segMin(a0, a1, b0, b1 geo.Point3, score func(p, q geo.Point3) float64) (float64, float64, float64) {
	tolA, tolB := paramTol(a0.Dist(a1)), paramTol(b0.Dist(b1))
	inner := func(s float64) (float64, float64) {
		p := a0.Lerp(a1, s)
		return golden(func(t float64) float64 { return score(p, b0.Lerp(b1, t)) }, tolB)
	}
	s, _ := golden(func(s float64) float64 { _, v := inner(s); return v }, tolA)
	t, v := inner(s)
	return s, t, v
}

// tubeVsTube finds the worst point between tube x (existing) and tube y
// (proposal) for the required clearance. ok is false when they keep it.
func tubeVsTube(x, y tube, req Required) (hit, bool) {
	rh, rv := x.rh+y.rh, x.rv+y.rv
	best := noHit()
	score := func(p, q geo.Point3) float64 {
		h, v := gapsAt(p, q, rh, rv)
		return clearanceScore(h, v, math.Hypot(p[0]-q[0], p[1]-q[1]), math.Abs(p[2]-q[2]), req)
	}
	for i := 1; i < len(x.pts); i++ {
		a0, a1 := x.pts[i-1], x.pts[i]
		ba := segBox(a0, a1)
		for j := 1; j < len(y.pts); j++ {
			b0, b1 := y.pts[j-1], y.pts[j]
			if lowerScore(ba, segBox(b0, b1), a0, a1, b0, b1, rh, rv, req) >= min(1, best.m) {
				continue
			}
			s, t, m := segMin(a0, a1, b0, b1, score)
			if m < best.m {
				best.m, best.a, best.b = m, a0.Lerp(a1, s), b0.Lerp(b1, t)
			}
		}
	}
	if best.m >= 1 {
		return best, false
	}
	best.h, best.v = gapsAt(best.a, best.b, rh, rv)
	best.m = max(ratio(best.h, req.HorizontalM), ratio(best.v, req.VerticalM))
	best.dist = tubeDistance(x, y)
	if best.dist <= clashTolM {
		best = clashPoint(x, y, best)
	}
	return best, true
}

// tieBreak weighs the axes' own plan and height distances (dh, dv) into
// the score, so that among points of equal max(h/H, v/V) (a plateau where
// one ratio dominates, or where the envelopes overlap) the search settles
// where the axes are closest: right over a crossing rather than beside it.
// It moves the reported maximum by a negligible amount (it is recomputed
// at the point found).
const tieBreak = 1e-4

// clearanceScore is the convex function the searches minimise.
func clearanceScore(h, v, dh, dv float64, req Required) float64 {
	return max(ratio(h, req.HorizontalM), ratio(v, req.VerticalM)) +
		tieBreak*(ratio(dh, req.HorizontalM)+ratio(dv, req.VerticalM))
}

// lowerScore is a lower bound of the score over two segments from their
// boxes and their plan distance.
func lowerScore(ba, bb box2, a0, a1, b0, b1 geo.Point3, rh, rv float64, req Required) float64 {
	hb, vb := ba.gapsTo(bb)
	lo := max(ratio(max(0, hb-rh), req.HorizontalM), ratio(max(0, vb-rv), req.VerticalM))
	if lo >= 1 {
		return lo
	}
	d, _, _ := geo.SegmentDistance(flat(a0, a1), flat(b0, b1))
	return max(lo, ratio(max(0, d-rh), req.HorizontalM))
}

func flat(a, b geo.Point3) geo.Segment3 {
	return geo.Segment3{A: geo.Point3{a[0], a[1], 0}, B: geo.Point3{b[0], b[1], 0}}
}

// tubeDistance is the minimum surface distance between two tubes:
// hypot(h, v) minimised over every pair of axis points.
func tubeDistance(x, y tube) float64 {
	rh, rv := x.rh+y.rh, x.rv+y.rv
	score := func(p, q geo.Point3) float64 { return math.Hypot(gapsAt(p, q, rh, rv)) }
	best := math.Inf(1)
	for i := 1; i < len(x.pts); i++ {
		a0, a1 := x.pts[i-1], x.pts[i]
		ba := segBox(a0, a1)
		for j := 1; j < len(y.pts); j++ {
			b0, b1 := y.pts[j-1], y.pts[j]
			hb, vb := ba.gapsTo(segBox(b0, b1))
			if math.Hypot(max(0, hb-rh), max(0, vb-rv)) >= best {
				continue
			}
			_, _, d := segMin(a0, a1, b0, b1, score)
			best = min(best, d)
		}
	}
	return best
}

// clashPoint moves a clash's location to where the axes come closest, when
// the envelopes overlap there, so that it lies at the heart of the clash.
func clashPoint(x, y tube, h hit) hit {
	h.dist, h.m = 0, 0
	bestAxis := math.Inf(1)
	for i := 1; i < len(x.pts); i++ {
		for j := 1; j < len(y.pts); j++ {
			d, p, q := geo.SegmentDistance(geo.Segment3{A: x.pts[i-1], B: x.pts[i]}, geo.Segment3{A: y.pts[j-1], B: y.pts[j]})
			if gh, gv := gapsAt(p, q, x.rh+y.rh, x.rv+y.rv); d < bestAxis && gh == 0 && gv == 0 {
				bestAxis, h.a, h.b = d, p, q
			}
		}
	}
	h.h, h.v = gapsAt(h.a, h.b, x.rh+y.rh, x.rv+y.rv)
	return h
}
