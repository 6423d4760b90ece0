package tiles

// The ear-cutting passes of the earcut port and its geometric predicates.
// earArea is earcut's: negative for a counter-clockwise (convex) turn.

// earClipper collects triangles.
type earClipper struct {
	pool *earPool
	tris []uint32
	// z-order hashing of the ear test (invSize 0: off)
	minX, minY, invSize float64
}

// cut clips ears from the ring at ear. pass 0 is plain clipping, 1 after
// filtering collinear points, 2 after curing local intersections; when
// that fails too the ring is split in two along a diagonal.
func (e *earClipper) cut(ear *earNode, pass int) {
	if ear == nil {
		return
	}
	if pass == 0 && e.invSize != 0 {
		e.indexCurve(ear)
	}
	stop := ear
	for ear.prev != ear.next {
		prev, next := ear.prev, ear.next
		if e.isEar(ear) {
			e.tris = append(e.tris, prev.i, ear.i, next.i)
			earRemove(ear)
			// Skipping the next vertex leads to fewer sliver triangles.
			ear, stop = next.next, next.next
			continue
		}
		ear = next
		if ear != stop {
			continue
		}
		switch pass {
		case 0:
			e.cut(earFilter(ear, nil), 1)
		case 1:
			e.cut(e.cureLocalIntersections(earFilter(ear, nil)), 2)
		case 2:
			e.split(ear)
		}
		return
	}
}

// earIsEar reports whether ear.prev, ear, ear.next is a convex corner with
// no reflex vertex inside.
func earIsEar(ear *earNode) bool {
	a, b, c := ear.prev, ear, ear.next
	if earArea(a, b, c) >= 0 {
		return false
	}
	x0, x1 := min(a.x, b.x, c.x), max(a.x, b.x, c.x)
	y0, y1 := min(a.y, b.y, c.y), max(a.y, b.y, c.y)
	for p := c.next; p != a; p = p.next {
		if p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 &&
			!(p.x == a.x && p.y == a.y) &&
			earPointInTriangle(a.x, a.y, b.x, b.y, c.x, c.y, p.x, p.y) &&
			earArea(p.prev, p, p.next) >= 0 {
			return false
		}
	}
	return true
}

// cureLocalIntersections cuts a triangle wherever two edges a step apart
// cross, and returns the remaining ring.
func (e *earClipper) cureLocalIntersections(start *earNode) *earNode {
	p := start
	for {
		a, b := p.prev, p.next.next
		if !earEquals(a, b) && earIntersects(a, p, p.next, b) && earLocallyInside(a, b) && earLocallyInside(b, a) {
			e.tris = append(e.tris, a.i, p.i, b.i)
			earRemove(p)
			earRemove(p.next)
			p, start = b, b
		}
		if p = p.next; p == start {
			break
		}
	}
	return earFilter(p, nil)
}

// split divides the ring along a valid diagonal and clips both halves.
func (e *earClipper) split(start *earNode) {
	a := start
	for {
		for b := a.next.next; b != a.prev; b = b.next {
			if a.i != b.i && earIsValidDiagonal(a, b) {
				c := earSplit(e.pool, a, b)
				a = earFilter(a, a.next)
				c = earFilter(c, c.next)
				e.cut(a, 0)
				e.cut(c, 0)
				return
			}
		}
		if a = a.next; a == start {
			return
		}
	}
}

// earFilter removes duplicate and collinear points between start and end
// (the whole ring when end is nil) and returns a node still in the ring.
func earFilter(start, end *earNode) *earNode {
	if start == nil {
		return nil
	}
	if end == nil {
		end = start
	}
	p := start
	for {
		again := false
		if earEquals(p, p.next) || earArea(p.prev, p, p.next) == 0 {
			earRemove(p)
			p, end = p.prev, p.prev
			if p == p.next {
				break
			}
			again = true
		} else {
			p = p.next
		}
		if !again && p == end {
			break
		}
	}
	return end
}

// earIsValidDiagonal reports whether a–b is a diagonal inside the polygon
// that crosses no edge.
func earIsValidDiagonal(a, b *earNode) bool {
	if a.next.i == b.i || a.prev.i == b.i || earIntersectsPolygon(a, b) {
		return false
	}
	if earLocallyInside(a, b) && earLocallyInside(b, a) && earMiddleInside(a, b) &&
		(earArea(a.prev, a, b.prev) != 0 || earArea(a, b.prev, b) != 0) {
		return true
	}
	return earEquals(a, b) && earArea(a.prev, a, a.next) > 0 && earArea(b.prev, b, b.next) > 0
}

// earArea is minus twice the signed area of p, q, r.
func earArea(p, q, r *earNode) float64 {
	return (q.y-p.y)*(r.x-q.x) - (q.x-p.x)*(r.y-q.y)
}

func earEquals(p, q *earNode) bool { return p.x == q.x && p.y == q.y }

// earPointInTriangle reports whether p lies in triangle a, b, c (borders
// included).
func earPointInTriangle(ax, ay, bx, by, cx, cy, px, py float64) bool {
	return (cx-px)*(ay-py) >= (ax-px)*(cy-py) &&
		(ax-px)*(by-py) >= (bx-px)*(ay-py) &&
		(bx-px)*(cy-py) >= (cx-px)*(by-py)
}

func earSign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// earIntersects reports whether segments p1–q1 and p2–q2 meet.
func earIntersects(p1, q1, p2, q2 *earNode) bool {
	o1, o2 := earSign(earArea(p1, q1, p2)), earSign(earArea(p1, q1, q2))
	o3, o4 := earSign(earArea(p2, q2, p1)), earSign(earArea(p2, q2, q1))
	return o1 != o2 && o3 != o4 ||
		o1 == 0 && earOnSegment(p1, p2, q1) || o2 == 0 && earOnSegment(p1, q2, q1) ||
		o3 == 0 && earOnSegment(p2, p1, q2) || o4 == 0 && earOnSegment(p2, q1, q2)
}

// earOnSegment reports whether q, collinear with p–r, lies within it.
func earOnSegment(p, q, r *earNode) bool {
	return q.x <= max(p.x, r.x) && q.x >= min(p.x, r.x) && q.y <= max(p.y, r.y) && q.y >= min(p.y, r.y)
}

// earIntersectsPolygon reports whether a–b crosses an edge of the ring.
func earIntersectsPolygon(a, b *earNode) bool {
	for p := a; ; {
		if p.i != a.i && p.next.i != a.i && p.i != b.i && p.next.i != b.i && earIntersects(p, p.next, a, b) {
			return true
		}
		if p = p.next; p == a {
			return false
		}
	}
}

// earLocallyInside reports whether the diagonal a–b starts into the
// polygon's interior at a.
func earLocallyInside(a, b *earNode) bool {
	if earArea(a.prev, a, a.next) < 0 {
		return earArea(a, b, a.next) >= 0 && earArea(a, a.prev, b) >= 0
	}
	return earArea(a, b, a.prev) < 0 || earArea(a, a.next, b) < 0
}

// earMiddleInside reports whether the midpoint of a–b is inside the ring.
func earMiddleInside(a, b *earNode) bool {
	inside := false
	px, py := (a.x+b.x)/2, (a.y+b.y)/2
	for p := a; ; {
		if (p.y > py) != (p.next.y > py) && p.next.y != p.y &&
			px < (p.next.x-p.x)*(py-p.y)/(p.next.y-p.y)+p.x {
			inside = !inside
		}
		if p = p.next; p == a {
			return inside
		}
	}
}

// earSplit links a to b by a diagonal, splitting the ring in two; the
// second ring gets copies of a and b. It returns the copy of b.
func earSplit(pool *earPool, a, b *earNode) *earNode {
	a2, b2 := pool.node(a.i, a.x, a.y), pool.node(b.i, b.x, b.y)
	an, bp := a.next, b.prev
	a.next, b.prev = b, a
	a2.next, an.prev = an, a2
	b2.next, a2.prev = a2, b2
	bp.next, b2.prev = b2, bp
	return b2
}

// earRemove unlinks p, from the z-order list too.
func earRemove(p *earNode) {
	p.next.prev = p.prev
	p.prev.next = p.next
	if p.prevZ != nil {
		p.prevZ.nextZ = p.nextZ
	}
	if p.nextZ != nil {
		p.nextZ.prevZ = p.prevZ
	}
}
