package tiles

import (
	"fmt"
	"slices"

	"github.com/citytwin/citytwin/geo"
)

// Input cleaning and validation for Triangulate. Predicates are plain
// float64 orientation tests; what slips through them (near-degenerate
// input) is caught by the area check on the output.

// triCleanRing returns the flat indices off … off+n−1 of a ring's vertices
// without the closing point, consecutive duplicates and spikes (a vertex
// where the boundary turns back on itself by 180°), or nil when fewer than
// three remain. Collinear vertices on a straight run are kept: walls built
// on them meet the roof without T-junctions. It runs in linear time: a
// stack, then the seam between the ring's end and its start.
func triCleanRing(pts []geo.Point3, off, n int) []uint32 {
	out := make([]uint32, 0, n)
	bad := func(a, q, b uint32) bool { return triSame(pts[q], pts[b]) || triSpike(pts[a], pts[q], pts[b]) }
	for k := range n {
		i := uint32(off + k)
		if len(out) > 0 && triSame(pts[out[len(out)-1]], pts[i]) {
			continue
		}
		out = append(out, i)
		for len(out) >= 3 && bad(out[len(out)-3], out[len(out)-2], out[len(out)-1]) {
			out = slices.Delete(out, len(out)-2, len(out)-1)
			if len(out) >= 2 && triSame(pts[out[len(out)-2]], pts[out[len(out)-1]]) {
				out = out[:len(out)-1]
			}
		}
	}
	head := 0 // out[head:] is the ring
	for len(out)-head >= 3 {
		r := out[head:]
		switch last := len(r) - 1; {
		case triSame(pts[r[last]], pts[r[0]]) || triSpike(pts[r[last-1]], pts[r[last]], pts[r[0]]):
			out = out[:len(out)-1]
		case bad(r[last], r[0], r[1]):
			head++
		default:
			return out[head:]
		}
	}
	return nil
}

// triSame reports whether a and b have the same x, y.
func triSame(a, b geo.Point3) bool { return a[0] == b[0] && a[1] == b[1] }

// triSpike reports whether the boundary a → q → b turns back at q.
func triSpike(a, q, b geo.Point3) bool {
	ux, uy := q[0]-a[0], q[1]-a[1]
	vx, vy := b[0]-q[0], b[1]-q[1]
	return ux*vy-uy*vx == 0 && ux*vx+uy*vy < 0
}

// validate rejects crossing or overlapping edges and misplaced holes.
func (p *triPolygon) validate() error {
	if err := p.checkEdges(); err != nil {
		return err
	}
	if err := p.checkSharedVertices(); err != nil {
		return err
	}
	return p.checkHoles()
}

// vertex returns vertex k (modulo the ring length) of cleaned ring r.
func (p *triPolygon) vertex(r, k int) geo.Point3 {
	idx := p.rings[r]
	return p.pts[idx[((k%len(idx))+len(idx))%len(idx)]]
}

// checkEdgePair rejects two edges that cross, overlap, or where a ring
// passes through the other edge at a vertex.
func (p *triPolygon) checkEdgePair(e, f triEdge) error {
	if e.r == f.r {
		n := len(p.rings[e.r])
		if f.k == (e.k+1)%n || e.k == (f.k+1)%n {
			return nil
		}
	}
	p1, q1 := p.vertex(e.r, e.k), p.vertex(e.r, e.k+1)
	p2, q2 := p.vertex(f.r, f.k), p.vertex(f.r, f.k+1)
	d1, d2 := triOrient(p1, q1, p2), triOrient(p1, q1, q2)
	d3, d4 := triOrient(p2, q2, p1), triOrient(p2, q2, q1)
	switch {
	case d1*d2 < 0 && d3*d4 < 0:
		return fmt.Errorf("%w: edges cross near (%g, %g)", ErrSelfIntersecting, p2[0], p2[1])
	case d1 == 0 && d2 == 0:
		if triOverlap(p1, q1, p2, q2) {
			return fmt.Errorf("%w: overlapping edges near (%g, %g)", ErrSelfIntersecting, p2[0], p2[1])
		}
		return nil
	}
	if d1 == 0 && triStrictlyBetween(p1, q1, p2) && p.passesThrough(p1, q1, f.r, f.k) ||
		d3 == 0 && triStrictlyBetween(p2, q2, p1) && p.passesThrough(p2, q2, e.r, e.k) {
		return fmt.Errorf("%w: a ring crosses an edge at a vertex", ErrSelfIntersecting)
	}
	return nil
}

// passesThrough reports whether the neighbours of vertex k of ring r lie
// strictly on opposite sides of the line a–b.
func (p *triPolygon) passesThrough(a, b geo.Point3, r, k int) bool {
	s0 := triOrient(a, b, p.vertex(r, k-1))
	s1 := triOrient(a, b, p.vertex(r, k+1))
	return s0*s1 < 0
}

// triOverlap reports whether collinear segments a–b and c–d share more
// than a point.
func triOverlap(a, b, c, d geo.Point3) bool {
	ax := 0
	if max(a[1], b[1])-min(a[1], b[1]) > max(a[0], b[0])-min(a[0], b[0]) {
		ax = 1
	}
	lo := max(min(a[ax], b[ax]), min(c[ax], d[ax]))
	hi := min(max(a[ax], b[ax]), max(c[ax], d[ax]))
	return hi > lo
}

// triStrictlyBetween reports whether q, collinear with a–b, lies inside the
// segment and on neither end.
func triStrictlyBetween(a, b, q geo.Point3) bool {
	if triSame(q, a) || triSame(q, b) {
		return false
	}
	return q[0] >= min(a[0], b[0]) && q[0] <= max(a[0], b[0]) &&
		q[1] >= min(a[1], b[1]) && q[1] <= max(a[1], b[1])
}
