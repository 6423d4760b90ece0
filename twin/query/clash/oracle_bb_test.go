package clash

import (
	"container/heap"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// The oracle's minimiser: a best-first Lipschitz branch and bound over
// arc length on one or two polylines (see oracle_test.go).

type oracleHit struct {
	m, dist float64
	kind    twin.Kind
}

// polyline is a local polyline parametrised by 3D arc length.
type polyline struct {
	pts []geo.Point3
	cum []float64
}

func newPolyline(pts []geo.Point3) polyline {
	p := polyline{pts: pts, cum: make([]float64, len(pts))}
	for i := 1; i < len(pts); i++ {
		p.cum[i] = p.cum[i-1] + pts[i].Dist(pts[i-1])
	}
	return p
}

func (p polyline) length() float64 { return p.cum[len(p.cum)-1] }

func (p polyline) at(s float64) geo.Point3 {
	for i := 1; i < len(p.pts); i++ {
		if s <= p.cum[i] || i == len(p.pts)-1 {
			l := p.cum[i] - p.cum[i-1]
			if l == 0 {
				return p.pts[i]
			}
			return p.pts[i-1].Lerp(p.pts[i], min(max((s-p.cum[i-1])/l, 0), 1))
		}
	}
	return p.pts[0]
}

// cell is a box of arc-length intervals on one or two polylines.
type cell struct {
	s0, s1, t0, t1 float64
	val, lower     float64
}

type cellHeap []cell

func (h cellHeap) Len() int           { return len(h) }
func (h cellHeap) Less(i, j int) bool { return h[i].lower < h[j].lower }
func (h cellHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cellHeap) Push(x any)        { *h = append(*h, x.(cell)) }
func (h *cellHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// branchBound minimises score(g(s, t)) over [0, la] × [0, lb], where g
// gives the horizontal and vertical gaps at arc lengths s and t, to within
// eps (or reports a value ≥ cut). Moving along either polyline by Δ moves
// its point by at most Δ in plan and slope·Δ in height, so over a cell the
// gaps are at least their value at its centre less those amounts; score
// must not decrease in either gap.
func branchBound(tb testing.TB, la, lb float64, g func(s, t float64) (float64, float64), slopeA, slopeB float64,
	score func(h, v float64) float64, eps, cut float64) float64 {
	mk := func(s0, s1, t0, t1 float64) cell {
		h, v := g((s0+s1)/2, (t0+t1)/2)
		hs, ht := (s1-s0)/2, (t1-t0)/2
		return cell{s0, s1, t0, t1, score(h, v), score(max(0, h-hs-ht), max(0, v-slopeA*hs-slopeB*ht))}
	}
	c := mk(0, la, 0, lb)
	best := c.val
	h := &cellHeap{c}
	for n := 0; h.Len() > 0; n++ {
		if n > 20_000_000 {
			tb.Fatal("oracle: branch and bound does not converge")
		}
		c := heap.Pop(h).(cell)
		if c.lower >= best-eps || c.lower >= cut {
			break
		}
		var kids [2]cell
		if c.s1-c.s0 >= c.t1-c.t0 {
			m := (c.s0 + c.s1) / 2
			kids = [2]cell{mk(c.s0, m, c.t0, c.t1), mk(m, c.s1, c.t0, c.t1)}
		} else {
			m := (c.t0 + c.t1) / 2
			kids = [2]cell{mk(c.s0, c.s1, c.t0, m), mk(c.s0, c.s1, m, c.t1)}
		}
		best = min(best, kids[0].val, kids[1].val)
		for _, k := range kids {
			if k.lower < best-eps && k.lower < cut {
				heap.Push(h, k)
			}
		}
	}
	return best
}

// slope is the largest rate of change of height per metre of arc.
func (p polyline) slope() float64 {
	m := 0.0
	for i := 1; i < len(p.pts); i++ {
		if l := p.cum[i] - p.cum[i-1]; l > 0 {
			m = max(m, math.Abs(p.pts[i][2]-p.pts[i-1][2])/l)
		}
	}
	return m
}

func oracleGaps(p, q geo.Point3, rh, rv float64) (float64, float64) {
	return max(0, math.Hypot(p[0]-q[0], p[1]-q[1])-rh), max(0, math.Abs(p[2]-q[2])-rv)
}

// planToPolygon is the plan distance from p to a polygon (0 inside).
func planToPolygon(p geo.Point3, rings [][]geo.Point3) float64 {
	if geo.PointInPolygon(rings, p) {
		return 0
	}
	best := math.Inf(1)
	for _, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			s := geo.Segment3{A: geo.Point3{a[0], a[1], 0}, B: geo.Point3{b[0], b[1], 0}}
			best = min(best, s.DistanceToPoint(geo.Point3{p[0], p[1], 0}))
		}
	}
	return best
}

// tubePair returns the oracle's minima for two tubes.
func tubePair(tb testing.TB, a polyline, b polyline, rh, rv float64, req Required) oracleHit {
	H, V := max(req.HorizontalM, 1e-6), max(req.VerticalM, 1e-6)
	g := func(s, t float64) (float64, float64) { return oracleGaps(a.at(s), b.at(t), rh, rv) }
	m := branchBound(tb, a.length(), b.length(), g, a.slope(), b.slope(),
		func(h, v float64) float64 { return max(h/H, v/V) }, oracleEpsM, oracleCut)
	if m >= 1 {
		return oracleHit{m: m, dist: math.Inf(1)}
	}
	d := branchBound(tb, a.length(), b.length(), g, a.slope(), b.slope(), math.Hypot, oracleEpsDist, math.Inf(1))
	return oracleHit{m: m, dist: d}
}

// tubePrism returns the oracle's minima for a tube and a prism.
func tubePrism(tb testing.TB, a polyline, rh, rv float64, rings [][]geo.Point3, zlo, zhi float64, req Required) oracleHit {
	H, V := max(req.HorizontalM, 1e-6), max(req.VerticalM, 1e-6)
	g := func(s, _ float64) (float64, float64) {
		p := a.at(s)
		return max(0, planToPolygon(p, rings)-rh), max(0, zlo-(p[2]+rv), (p[2]-rv)-zhi)
	}
	m := branchBound(tb, a.length(), 0, g, a.slope(), 0, func(h, v float64) float64 { return max(h/H, v/V) }, oracleEpsM, oracleCut)
	if m >= 1 {
		return oracleHit{m: m, dist: math.Inf(1)}
	}
	d := branchBound(tb, a.length(), 0, g, a.slope(), 0, math.Hypot, oracleEpsDist, math.Inf(1))
	return oracleHit{m: m, dist: d}
}

// prismPair returns the oracle's minima for two prisms: the plan gap is
// the smaller of the distances from either boundary to the other polygon
// (0 when one holds a boundary point of the other), found by branch and
// bound along each boundary.
func prismPair(tb testing.TB, a [][]geo.Point3, alo, ahi float64, b [][]geo.Point3, blo, bhi float64, req Required) oracleHit {
	v := max(0, blo-ahi, alo-bhi)
	h := math.Inf(1)
	for _, pair := range [][2][][]geo.Point3{{a, b}, {b, a}} {
		for _, r := range pair[0] {
			closed := append(append([]geo.Point3(nil), r...), r[0])
			ring := newPolyline(closed)
			g := func(s, _ float64) (float64, float64) { return planToPolygon(ring.at(s), pair[1]), v }
			h = min(h, branchBound(tb, ring.length(), 0, g, 0, 0, func(h, _ float64) float64 { return h }, 1e-4, math.Inf(1)))
		}
	}
	H, V := max(req.HorizontalM, 1e-6), max(req.VerticalM, 1e-6)
	return oracleHit{m: max(h/H, v/V), dist: math.Hypot(h, v)}
}
