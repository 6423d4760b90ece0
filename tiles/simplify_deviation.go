package tiles

import (
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Polyline simplification and the deviation a simplification introduces,
// in metres, from which the geometric error of a coarse tile follows.

// DeviationTolM is the accuracy of PolylineDeviation and
// FootprintDeviation: the value returned is at most this much below the
// true Hausdorff distance (never above it).
const DeviationTolM = 0.005

// SimplifyPolyline simplifies a 3D polyline by Douglas–Peucker with
// tolerance tolM (metres): the ends are kept, and every dropped vertex lies
// within tolM of the segment that replaces it. It returns the kept
// vertices and devM, the largest distance of a dropped vertex from its
// replacing segment (0 when nothing is dropped). As distance to a segment
// is convex, devM also bounds how far any point of the original line lies
// from the simplified one. Consecutive duplicates are dropped; a line of
// fewer than three points comes back unchanged (copied).
func SimplifyPolyline(pts []geo.Point3, tolM float64) (out []geo.Point3, devM float64) {
	if len(pts) < 3 {
		return append([]geo.Point3(nil), pts...), 0
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	type span struct{ i, j int }
	stack := []span{{0, len(pts) - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		seg := geo.Segment3{A: pts[s.i], B: pts[s.j]}
		far, dFar := -1, -1.0
		for k := s.i + 1; k < s.j; k++ {
			if d := seg.DistanceToPoint(pts[k]); d > dFar {
				far, dFar = k, d
			}
		}
		if far < 0 {
			continue
		}
		if dFar > tolM || math.IsNaN(dFar) {
			keep[far] = true
			stack = append(stack, span{s.i, far}, span{far, s.j})
		} else {
			devM = max(devM, dFar)
		}
	}
	for k, p := range pts {
		if keep[k] && (len(out) == 0 || out[len(out)-1] != p) {
			out = append(out, p)
		}
	}
	return out, devM
}

// PolylineDeviation returns the Hausdorff distance in metres between two
// 3D polylines: the largest distance from a point of either to the other,
// within DeviationTolM. A single-point line is a point; an empty one
// gives +Inf (unless both are empty: 0); a non-finite coordinate NaN.
func PolylineDeviation(a, b []geo.Point3) float64 {
	return hausdorff(devSegments(a, false, false), devSegments(b, false, false))
}

// FootprintDeviation returns the Hausdorff distance in metres between the
// boundaries (all rings, holes included) of two footprints in x, y, within
// DeviationTolM. A hole dropped by a simplification counts: the distance
// from its boundary to the simplified outline.
func FootprintDeviation(a, b [][]geo.Point3) float64 {
	var sa, sb []geo.Segment3
	for _, r := range a {
		sa = append(sa, devSegments(r, true, true)...)
	}
	for _, r := range b {
		sb = append(sb, devSegments(r, true, true)...)
	}
	return hausdorff(sa, sb)
}

// devSegments returns the segments of a polyline (closed: back to the first
// point); flat drops z. A single point is a zero-length segment.
func devSegments(pts []geo.Point3, closedRing, flat bool) []geo.Segment3 {
	p := func(k int) geo.Point3 {
		q := pts[k%len(pts)]
		if flat {
			q[2] = 0
		}
		return q
	}
	switch len(pts) {
	case 0:
		return nil
	case 1:
		return []geo.Segment3{{A: p(0), B: p(0)}}
	}
	n := len(pts) - 1
	if closedRing {
		n = len(pts)
	}
	segs := make([]geo.Segment3, 0, n)
	for k := range n {
		segs = append(segs, geo.Segment3{A: p(k), B: p(k + 1)})
	}
	return segs
}

// hausdorff returns the symmetric Hausdorff distance between two sets of
// segments.
func hausdorff(a, b []geo.Segment3) float64 {
	if len(a) == 0 || len(b) == 0 {
		if len(a) == len(b) {
			return 0
		}
		return math.Inf(1)
	}
	for _, segs := range [][]geo.Segment3{a, b} {
		for _, s := range segs {
			if !s.A.Finite() || !s.B.Finite() {
				return math.NaN()
			}
		}
	}
	return max(directedHausdorff(a, b), directedHausdorff(b, a))
}

// directedHausdorff returns max over points p of a of the distance from p
// to b, by branch and bound over pieces of a's segments. A piece whose ends
// have the same nearest segment of b needs no split: the distance to one
// segment is convex, so its maximum is at an end. Otherwise, the distance
// to b being 1-Lipschitz, the piece p–q stays below (d(p) + d(q) + |pq|)/2,
// and pieces that cannot beat the best found by DeviationTolM are dropped.
func directedHausdorff(a, b []geo.Segment3) float64 {
	type end struct {
		p geo.Point3
		d float64
		s int // nearest segment of b
	}
	at := func(p geo.Point3) end {
		e := end{p: p, d: math.Inf(1)}
		for k, s := range b {
			if d := s.DistanceToPoint(p); d < e.d {
				e.d, e.s = d, k
			}
		}
		return e
	}
	best := 0.0
	var stack [][2]end
	for _, s := range a {
		ea, eb := at(s.A), at(s.B)
		best = max(best, ea.d, eb.d)
		stack = append(stack, [2]end{ea, eb})
	}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		l := pc[0].p.Dist(pc[1].p)
		if pc[0].s == pc[1].s || (pc[0].d+pc[1].d+l)/2 <= best+DeviationTolM || !(l > DeviationTolM) {
			continue
		}
		m := at(pc[0].p.Lerp(pc[1].p, 0.5))
		best = max(best, m.d)
		stack = append(stack, [2]end{pc[0], m}, [2]end{m, pc[1]})
	}
	return best
}
