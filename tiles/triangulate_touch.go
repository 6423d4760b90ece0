package tiles

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/citytwin/citytwin/geo"
)

// Validation of rings that touch: at a shared vertex, and holes inside the
// outer ring.

// triVertexRef is vertex k of cleaned ring r.
type triVertexRef struct{ r, k int }

// checkSharedVertices rejects two boundaries that meet at a vertex and
// cross there (the second one's neighbours in different sectors of the
// first). Boundaries that only touch are valid.
func (p *triPolygon) checkSharedVertices() error {
	var refs []triVertexRef
	for r, idx := range p.rings {
		for k := range idx {
			refs = append(refs, triVertexRef{r, k})
		}
	}
	byXY := func(u, v triVertexRef) int {
		a, b := p.vertex(u.r, u.k), p.vertex(v.r, v.k)
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	}
	slices.SortFunc(refs, byXY)
	for i := 0; i < len(refs); {
		j := i + 1
		for j < len(refs) && byXY(refs[i], refs[j]) == 0 {
			j++
		}
		for a := i; a < j; a++ {
			for b := a + 1; b < j; b++ {
				if p.crossAtVertex(refs[a], refs[b]) {
					v := p.vertex(refs[a].r, refs[a].k)
					return fmt.Errorf("%w: boundaries cross at (%g, %g)", ErrSelfIntersecting, v[0], v[1])
				}
			}
		}
		i = j
	}
	return nil
}

// crossAtVertex reports whether the boundary through b crosses the one
// through a at their common position.
func (p *triPolygon) crossAtVertex(a, b triVertexRef) bool {
	v := p.vertex(a.r, a.k)
	a0 := p.vertex(a.r, a.k-1).Sub(v)
	a1 := p.vertex(a.r, a.k+1).Sub(v)
	s0 := triSector(a1, a0, p.vertex(b.r, b.k-1).Sub(v))
	s1 := triSector(a1, a0, p.vertex(b.r, b.k+1).Sub(v))
	return s0*s1 < 0
}

// triSector returns +1 if direction d lies strictly inside the sector swept
// counter-clockwise from direction from to direction to, −1 if strictly
// inside the other sector, 0 if along either boundary.
func triSector(from, to, d geo.Point3) int {
	cross := func(u, w geo.Point3) float64 { return u[0]*w[1] - u[1]*w[0] }
	along := func(u geo.Point3) bool { return cross(u, d) == 0 && u[0]*d[0]+u[1]*d[1] > 0 }
	if along(from) || along(to) {
		return 0
	}
	var in bool
	if cross(from, to) >= 0 {
		in = cross(from, d) > 0 && cross(d, to) > 0
	} else {
		in = !(cross(to, d) >= 0 && cross(d, from) >= 0)
	}
	if in {
		return 1
	}
	return -1
}

// checkHoles rejects a hole not inside the outer ring or inside another
// hole (with edges that do not cross, overlapping rings are nested).
func (p *triPolygon) checkHoles() error {
	for h := 1; h < len(p.rings); h++ {
		if p.locate(h, 0) <= 0 {
			return fmt.Errorf("%w: hole %d", ErrHoleOutside, h)
		}
		for g := 1; g < len(p.rings); g++ {
			if g != h && p.locate(h, g) > 0 {
				return fmt.Errorf("%w: hole %d lies in hole %d", ErrHoleOutside, h, g)
			}
		}
	}
	return nil
}

// locate returns where ring r lies with respect to ring s: +1 inside, −1
// outside, 0 when every vertex and edge midpoint of r is on s.
func (p *triPolygon) locate(r, s int) int {
	n := len(p.rings[r])
	for k := range n {
		if w := p.pointInRing(p.vertex(r, k), s); w != 0 {
			return w
		}
	}
	for k := range n {
		m := p.vertex(r, k).Lerp(p.vertex(r, k+1), 0.5)
		if w := p.pointInRing(m, s); w != 0 {
			return w
		}
	}
	return 0
}

// pointInRing returns +1 if q is inside cleaned ring s, −1 if outside, 0 if
// on its boundary (even-odd rule, x, y only).
func (p *triPolygon) pointInRing(q geo.Point3, s int) int {
	in := false
	n := len(p.rings[s])
	for k := range n {
		a, b := p.vertex(s, k), p.vertex(s, k+1)
		if triOrient(a, b, q) == 0 && (triSame(q, a) || triStrictlyBetween(a, b, q)) {
			return 0
		}
		if (a[1] > q[1]) != (b[1] > q[1]) {
			x := a[0] + (q[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
			if q[0] < x {
				in = !in
			}
		}
	}
	if in {
		return 1
	}
	return -1
}
