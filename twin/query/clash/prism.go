package clash

import (
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
)

// prism is a vertical extrusion of a plan polygon between zlo and zhi in
// local metres: a building with its foundation, or an excavation.
type prism struct {
	rings    [][]geo.Point3 // outer ring first, then holes (z ignored)
	zlo, zhi float64
	box      box2
}

func newPrism(rings [][]geo.Point3, zlo, zhi float64) prism {
	b := box2{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1), zlo, zhi}
	for _, p := range ringsOuter(rings) {
		b.minX, b.minY = min(b.minX, p[0]), min(b.minY, p[1])
		b.maxX, b.maxY = max(b.maxX, p[0]), max(b.maxY, p[1])
	}
	return prism{rings: rings, zlo: zlo, zhi: zhi, box: b}
}

func ringsOuter(rings [][]geo.Point3) []geo.Point3 {
	if len(rings) == 0 {
		return nil
	}
	return rings[0]
}

// edges calls fn for every edge of every ring (open or closed rings).
func (p prism) edges(fn func(e0, e1 geo.Point3)) {
	for _, r := range p.rings {
		for i := range r {
			e0, e1 := r[i], r[(i+1)%len(r)]
			if e0[0] != e1[0] || e0[1] != e1[1] {
				fn(e0, e1)
			}
		}
	}
}

// vGap is the vertical gap between the envelope of an axis at height z
// (half-extent rv) and the prism.
func (p prism) vGap(z, rv float64) float64 { return intervalGap(z-rv, z+rv, p.zlo, p.zhi) }

// tubeVsPrism finds the worst point between tube x and prism y for the
// required clearance; hit.a lies on x's axis, hit.b on y (its boundary,
// or below or above the axis when the axis is inside the plan polygon).
func tubeVsPrism(x tube, y prism, req Required) (hit, bool) {
	score := func(h, v float64) float64 { return clearanceScore(h, v, 0, 0, req) }
	best := x.prismScan(y, score, 1)
	if best.m >= 1 {
		return best, false
	}
	best.h, best.v = x.prismGaps(y, best.a, best.b)
	if best.m = max(ratio(best.h, req.HorizontalM), ratio(best.v, req.VerticalM)); best.m >= 1 {
		return best, false
	}
	d := x.prismScan(y, func(h, v float64) float64 { return math.Hypot(h, v) }, math.Inf(1))
	best.dist = d.m
	if best.dist <= clashTolM {
		best.dist, best.m = 0, 0
	}
	return best, true
}

// prismGaps returns the gaps between the envelope around axis point a and
// the prism point b.
func (x tube) prismGaps(y prism, a, b geo.Point3) (h, v float64) {
	return max(0, math.Hypot(a[0]-b[0], a[1]-b[1])-x.rh), y.vGap(a[2], x.rv)
}

// prismScan minimises score(h, v) along the tube against every edge of
// the prism and over the stretches where the axis is inside its plan;
// pairs whose lower bound reaches limit are skipped. hit.m is the minimum.
func (x tube) prismScan(y prism, score func(h, v float64) float64, limit float64) hit {
	best := noHit()
	for i := 1; i < len(x.pts); i++ {
		a0, a1 := x.pts[i-1], x.pts[i]
		sb := segBox(a0, a1)
		hb, vb := sb.gapsTo(y.box)
		if score(max(0, hb-x.rh), max(0, vb-x.rv)) >= min(limit, best.m) {
			continue
		}
		tol := paramTol(a0.Dist(a1))
		y.edges(func(e0, e1 geo.Point3) {
			d, _, _ := geo.SegmentDistance(flat(a0, a1), flat(e0, e1))
			if score(max(0, d-x.rh), max(0, vb-x.rv)) >= min(limit, best.m) {
				return
			}
			s, m := golden(func(s float64) float64 {
				p := a0.Lerp(a1, s)
				dd, _ := planDist(p, e0, e1)
				return score(max(0, dd-x.rh), y.vGap(p[2], x.rv))
			}, tol)
			if m < best.m {
				p := a0.Lerp(a1, s)
				_, t := planDist(p, e0, e1)
				q := e0.Lerp(e1, t)
				best.m, best.a, best.b = m, p, geo.Point3{q[0], q[1], clampZ(p[2], y)}
			}
		})
		for _, iv := range insideIntervals(a0, a1, y) {
			s, m := golden(func(u float64) float64 {
				p := a0.Lerp(a1, iv[0]+u*(iv[1]-iv[0]))
				return score(0, y.vGap(p[2], x.rv))
			}, tol)
			if m < best.m {
				p := a0.Lerp(a1, iv[0]+s*(iv[1]-iv[0]))
				best.m, best.a, best.b = m, p, geo.Point3{p[0], p[1], clampZ(p[2], y)}
			}
		}
	}
	return best
}

func clampZ(z float64, y prism) float64 { return min(max(z, y.zlo), y.zhi) }

// insideIntervals returns the parameter intervals of segment a–b whose
// plan lies inside the prism's polygon.
func insideIntervals(a, b geo.Point3, y prism) [][2]float64 {
	cuts := []float64{0, 1}
	y.edges(func(e0, e1 geo.Point3) {
		if t, ok := crossParam(a, b, e0, e1); ok {
			cuts = append(cuts, t)
		}
	})
	slices.Sort(cuts)
	var out [][2]float64
	for i := 1; i < len(cuts); i++ {
		t0, t1 := cuts[i-1], cuts[i]
		if t1-t0 < 1e-12 {
			continue
		}
		if geo.PointInPolygon(y.rings, a.Lerp(b, (t0+t1)/2)) {
			if n := len(out); n > 0 && out[n-1][1] == t0 {
				out[n-1][1] = t1
			} else {
				out = append(out, [2]float64{t0, t1})
			}
		}
	}
	return out
}

// crossParam returns where segment a–b crosses segment e0–e1 in plan, as a
// parameter on a–b.
func crossParam(a, b, e0, e1 geo.Point3) (float64, bool) {
	dx, dy := b[0]-a[0], b[1]-a[1]
	ex, ey := e1[0]-e0[0], e1[1]-e0[1]
	den := dx*ey - dy*ex
	if den == 0 {
		return 0, false
	}
	wx, wy := e0[0]-a[0], e0[1]-a[1]
	t := (wx*ey - wy*ex) / den
	u := (wx*dy - wy*dx) / den
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return 0, false
	}
	return t, true
}

// prismVsPrism finds the worst point between two prisms (an excavation and
// a building): their plan gap and height gap are independent.
func prismVsPrism(x, y prism, req Required) (hit, bool) {
	v := intervalGap(x.zlo, x.zhi, y.zlo, y.zhi)
	h, a, b := planGap(x, y)
	m := max(ratio(h, req.HorizontalM), ratio(v, req.VerticalM))
	if m >= 1 {
		return noHit(), false
	}
	za := min(max(y.zlo, x.zlo), x.zhi)
	zb := min(max(za, y.zlo), y.zhi)
	out := hit{m: m, h: h, v: v, dist: math.Hypot(h, v), a: geo.Point3{a[0], a[1], za}, b: geo.Point3{b[0], b[1], zb}}
	if out.dist <= clashTolM {
		out.dist, out.m = 0, 0
	}
	return out, true
}

// planGap returns the plan distance between two polygons (0 when they
// overlap) and a closest pair of points.
func planGap(x, y prism) (float64, geo.Point3, geo.Point3) {
	for _, p := range ringsOuter(x.rings) {
		if geo.PointInPolygon(y.rings, p) {
			return 0, p, p
		}
	}
	for _, p := range ringsOuter(y.rings) {
		if geo.PointInPolygon(x.rings, p) {
			return 0, p, p
		}
	}
	best, pa, pb := math.Inf(1), geo.Point3{}, geo.Point3{}
	x.edges(func(a0, a1 geo.Point3) {
		y.edges(func(b0, b1 geo.Point3) {
			if d, p, q := geo.SegmentDistance(flat(a0, a1), flat(b0, b1)); d < best {
				best, pa, pb = d, p, q
			}
		})
	})
	return best, pa, pb
}
