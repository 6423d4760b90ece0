package tiles

import (
	"cmp"
	"math"
	"slices"
)

// Ear clipping after mapbox/earcut (ISC licence, Vladimir Agafonkin): the
// polygon is a circular doubly linked list of vertices, holes are joined
// to the outer ring by a bridge to a visible vertex (Eberly, "Triangulation
// by Ear Clipping", §3), and ears are cut until three vertices remain. When
// no ear is found the pass is retried after removing collinear points,
// then after cutting local self-intersections, and finally by splitting the
// polygon along a valid diagonal.

// earNode is one vertex of the linked polygon.
type earNode struct {
	i            uint32 // index into the flat input
	x, y         float64
	prev, next   *earNode
	z            uint32   // z-order (Morton) code of x, y; 0: not computed
	prevZ, nextZ *earNode // neighbours in z-order, when hashing
}

// earPool allocates nodes in chunks; pointers stay valid as it grows.
type earPool struct{ chunk []earNode }

func (pool *earPool) node(i uint32, x, y float64) *earNode {
	if len(pool.chunk) == cap(pool.chunk) {
		pool.chunk = make([]earNode, 0, 64)
	}
	pool.chunk = append(pool.chunk, earNode{i: i, x: x, y: y})
	return &pool.chunk[len(pool.chunk)-1]
}

// earcut appends the triangles of p to dst.
func (p *triPolygon) earcut(dst []uint32) []uint32 {
	pool := &earPool{chunk: make([]earNode, 0, len(p.pts)+2*len(p.rings))}
	outer := p.linkRing(pool, 0, true)
	if len(p.rings) > 1 {
		outer = p.eliminateHoles(pool, outer)
	}
	e := &earClipper{pool: pool, tris: dst}
	if len(p.pts) > earHashMin {
		e.setHash(p)
	}
	e.cut(outer, 0)
	return e.tris
}

// linkRing builds the linked list of cleaned ring r, counter-clockwise if
// ccw, else clockwise, and returns its last node.
func (p *triPolygon) linkRing(pool *earPool, r int, ccw bool) *earNode {
	idx := p.rings[r]
	var last *earNode
	add := func(i uint32) {
		q := pool.node(i, p.pts[i][0], p.pts[i][1])
		if last == nil {
			q.prev, q.next = q, q
		} else {
			q.next, q.prev = last.next, last
			last.next.prev, last.next = q, q
		}
		last = q
	}
	if ccw == (p.areas[r] > 0) {
		for _, i := range idx {
			add(i)
		}
	} else {
		for k := len(idx) - 1; k >= 0; k-- {
			add(idx[k])
		}
	}
	return last
}

// eliminateHoles joins every hole to the outer ring, leftmost holes first.
func (p *triPolygon) eliminateHoles(pool *earPool, outer *earNode) *earNode {
	queue := make([]*earNode, 0, len(p.rings)-1)
	for r := 1; r < len(p.rings); r++ {
		queue = append(queue, earLeftmost(p.linkRing(pool, r, false)))
	}
	slices.SortFunc(queue, earCompareXYSlope)
	for _, h := range queue {
		outer = earEliminateHole(pool, h, outer)
	}
	return outer
}

// earCompareXYSlope orders holes by their leftmost point; holes meeting at
// that point are ordered counter-clockwise so the bridge found for each is
// the point where they meet.
func earCompareXYSlope(a, b *earNode) int {
	if c := cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y)); c != 0 {
		return c
	}
	sa := (a.next.y - a.y) / (a.next.x - a.x)
	sb := (b.next.y - b.y) / (b.next.x - b.x)
	return cmp.Compare(sa, sb)
}

// earEliminateHole joins hole to the outer ring by a bridge.
func earEliminateHole(pool *earPool, hole, outer *earNode) *earNode {
	bridge := earFindHoleBridge(hole, outer)
	if bridge == nil {
		return outer
	}
	reverse := earSplit(pool, bridge, hole)
	earFilter(reverse, reverse.next)
	return earFilter(bridge, bridge.next)
}

// earFindHoleBridge finds a vertex of the outer ring visible from the
// hole's leftmost point (Eberly's algorithm).
func earFindHoleBridge(hole, outer *earNode) *earNode {
	p := outer
	hx, hy := hole.x, hole.y
	qx := -1e308
	var m *earNode
	if earEquals(hole, p) {
		return p
	}
	for {
		if earEquals(hole, p.next) {
			return p.next
		}
		if hy <= p.y && hy >= p.next.y && p.next.y != p.y {
			x := p.x + (hy-p.y)*(p.next.x-p.x)/(p.next.y-p.y)
			if x <= hx && x > qx {
				qx = x
				m = p
				if p.next.x < p.x {
					m = p.next
				}
				if x == hx {
					return m
				}
			}
		}
		if p = p.next; p == outer {
			break
		}
	}
	if m == nil {
		return nil
	}
	return earBestBridge(hole, m, qx)
}

// earBestBridge looks for outer vertices inside the triangle of the hole
// point, the ray's hit and m; if any, the one of least angle to the ray
// is the bridge end.
func earBestBridge(hole, m *earNode, qx float64) *earNode {
	hx, hy := hole.x, hole.y
	stop, mx, my := m, m.x, m.y
	tanMin := 1e308
	p := m
	for {
		ax, cx := qx, hx
		if hy < my {
			ax, cx = hx, qx
		}
		if hx >= p.x && p.x >= mx && hx != p.x && earPointInTriangle(ax, hy, mx, my, cx, hy, p.x, p.y) {
			tan := math.Abs(hy-p.y) / (hx - p.x)
			if earLocallyInside(p, hole) && (tan < tanMin ||
				tan == tanMin && (p.x > m.x || p.x == m.x && earSectorContainsSector(m, p))) {
				m, tanMin = p, tan
			}
		}
		if p = p.next; p == stop {
			break
		}
	}
	return m
}

// earSectorContainsSector reports whether the sector at m contains the one
// at p (both at the same position).
func earSectorContainsSector(m, p *earNode) bool {
	return earArea(m.prev, m, p.prev) < 0 && earArea(p.next, m, m.next) < 0
}

// earLeftmost returns the leftmost (then lowest) node of a ring.
func earLeftmost(start *earNode) *earNode {
	p, left := start, start
	for {
		if p.x < left.x || p.x == left.x && p.y < left.y {
			left = p
		}
		if p = p.next; p == start {
			return left
		}
	}
}
