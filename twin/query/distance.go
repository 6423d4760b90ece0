package query

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
)

// 3D distances in a local frame (metres, z up) from a probe (segments,
// and for a polygon probe a flat area at one height) to features: a point,
// a polyline, a prism (a footprint extruded from base to roof).

// hit is a distance with its pair of closest points: on the feature and
// on the probe.
type hit struct {
	d         float64
	feat, prb geo.Point3
}

func noHit() hit { return hit{d: math.Inf(1)} }

func (h *hit) take(o hit) {
	if o.d < h.d {
		*h = o
	}
}

// localProbe is a probe in a local frame: its segments (a degenerate one
// for a point; the boundary for a polygon) and, for a polygon, its flat
// interior at height h.
type localProbe struct {
	segs []geo.Segment3
	area *polyArea
	h    float64
}

func xy(p geo.Point3) orb.Point { return orb.Point{p[0], p[1]} }

// toPoint returns the distance from the probe to q.
func (pr *localProbe) toPoint(q geo.Point3) hit {
	best := noHit()
	for _, s := range pr.segs {
		_, p := s.ClosestPoint(q)
		best.take(hit{d: p.Dist(q), feat: q, prb: p})
	}
	if pr.area != nil && pr.area.contains(xy(q)) {
		best.take(hit{d: math.Abs(q[2] - pr.h), feat: q, prb: geo.Point3{q[0], q[1], pr.h}})
	}
	return best
}

// toSegment returns the distance from the probe to the segment s.
func (pr *localProbe) toSegment(s geo.Segment3) hit {
	best := noHit()
	for _, ps := range pr.segs {
		d, p, q := geo.SegmentDistance(ps, s)
		best.take(hit{d: d, feat: q, prb: p})
	}
	if pr.area == nil {
		return best
	}
	// over the parts of s above or below the probe's area the distance
	// is vertical: |z(t) − h|, smallest at an end of a part or where z
	// crosses h
	za, zb := s.A[2], s.B[2]
	for _, iv := range pr.area.insideIntervals(xy(s.A), xy(s.B)) {
		ts := []float64{iv.Lo, iv.Hi}
		if za != zb {
			if t := (pr.h - za) / (zb - za); t > iv.Lo && t < iv.Hi {
				ts = append(ts, t)
			}
		}
		for _, t := range ts {
			q := s.At(t)
			best.take(hit{d: math.Abs(q[2] - pr.h), feat: q, prb: geo.Point3{q[0], q[1], pr.h}})
		}
	}
	return best
}

// prism is a footprint (closed rings in the local frame, outer first)
// extruded from base to roof.
type prism struct {
	area       *polyArea
	base, roof float64
}

// clampZ returns the vertical gap from z to [base, roof] and the nearest
// height in it.
func (b prism) clampZ(z float64) (gap, zc float64) {
	zc = math.Max(b.base, math.Min(b.roof, z))
	return math.Abs(z - zc), zc
}

// toPrism returns the distance from the probe to the solid b.
func (pr *localProbe) toPrism(b prism) hit {
	if pr.area != nil {
		if w, ok := overlapWitness(pr.area, b.area); ok {
			gap, zc := b.clampZ(pr.h)
			return hit{d: gap, feat: geo.Point3{w[0], w[1], zc}, prb: geo.Point3{w[0], w[1], pr.h}}
		}
	}
	best := noHit()
	for _, s := range pr.segs {
		best.take(segmentToPrism(s, b))
	}
	return best
}

// segmentToPrism is the distance from the segment s to the solid b: over
// the parts of s inside the footprint it is vertical, elsewhere it is the
// distance to a wall (a footprint edge × [base, roof]).
func segmentToPrism(s geo.Segment3, b prism) hit {
	best := noHit()
	for _, iv := range b.area.insideIntervals(xy(s.A), xy(s.B)) {
		p, q := s.At(iv.Lo), s.At(iv.Hi)
		if lo, hi := math.Min(p[2], q[2]), math.Max(p[2], q[2]); hi >= b.base && lo <= b.roof {
			z := math.Max(b.base, math.Min(b.roof, p[2])) // a height of s within the solid
			t := iv.Lo
			if q[2] != p[2] {
				t = iv.Lo + (iv.Hi-iv.Lo)*(z-p[2])/(q[2]-p[2])
			}
			c := s.At(t)
			return hit{d: 0, feat: c, prb: c}
		}
		for _, c := range [2]geo.Point3{p, q} {
			gap, zc := b.clampZ(c[2])
			best.take(hit{d: gap, feat: geo.Point3{c[0], c[1], zc}, prb: c})
		}
	}
	for _, r := range b.area.rings {
		for i := 0; i+1 < len(r); i++ {
			best.take(segmentToWall(s, r[i], r[i+1], b))
		}
	}
	return best
}

// segmentToWall is the distance from s to the vertical rectangle over the
// edge uv from base to roof, when s does not pass through it.
func segmentToWall(s geo.Segment3, u, v orb.Point, b prism) hit {
	ub, vb := geo.Point3{u[0], u[1], b.base}, geo.Point3{v[0], v[1], b.base}
	ut, vt := geo.Point3{u[0], u[1], b.roof}, geo.Point3{v[0], v[1], b.roof}
	best := noHit()
	for _, e := range [4]geo.Segment3{{A: ub, B: vb}, {A: ut, B: vt}, {A: ub, B: ut}, {A: vb, B: vt}} {
		d, p, q := geo.SegmentDistance(s, e)
		best.take(hit{d: d, feat: q, prb: p})
	}
	for _, p := range [2]geo.Point3{s.A, s.B} {
		_, c := geo.Segment3{A: geo.Point3{u[0], u[1], 0}, B: geo.Point3{v[0], v[1], 0}}.ClosestPoint(geo.Point3{p[0], p[1], 0})
		_, zc := b.clampZ(p[2])
		c[2] = zc
		best.take(hit{d: p.Dist(c), feat: c, prb: p})
	}
	return best
}

// overlapWitness returns a point the two areas share, if any.
func overlapWitness(a, b *polyArea) (orb.Point, bool) {
	if !a.bound.Intersects(b.bound) {
		return orb.Point{}, false
	}
	for _, x := range [2][2]*polyArea{{a, b}, {b, a}} {
		for _, r := range x[0].rings {
			for _, p := range r {
				if x[1].contains(p) {
					return p, true
				}
			}
		}
	}
	for _, r := range a.rings {
		for i := 0; i+1 < len(r); i++ {
			for _, iv := range b.insideIntervals(r[i], r[i+1]) {
				t := (iv.Lo + iv.Hi) / 2
				return orb.Point{r[i][0] + (r[i+1][0]-r[i][0])*t, r[i][1] + (r[i+1][1]-r[i][1])*t}, true
			}
		}
	}
	return orb.Point{}, false
}
