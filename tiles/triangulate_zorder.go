package tiles

// Z-order hashing of the ear test (as in earcut): for polygons of more
// than earHashMin points, the vertices are also linked in the order of
// their Morton codes, and an ear's triangle is tested only against the
// vertices whose codes fall in the range of its bounding box, instead of
// against the whole ring.

// earHashMin is the number of points above which the ear test is hashed.
const earHashMin = 80

// setHash enables hashing over the bounding box of p.
func (e *earClipper) setHash(p *triPolygon) {
	minX, minY := p.pts[0][0], p.pts[0][1]
	maxX, maxY := minX, minY
	for _, q := range p.pts {
		minX, minY = min(minX, q[0]), min(minY, q[1])
		maxX, maxY = max(maxX, q[0]), max(maxY, q[1])
	}
	if size := max(maxX-minX, maxY-minY); size > 0 {
		e.minX, e.minY, e.invSize = minX, minY, 32767/size
	}
}

// isEar is earIsEar, hashed when enabled.
func (e *earClipper) isEar(ear *earNode) bool {
	if e.invSize == 0 {
		return earIsEar(ear)
	}
	a, b, c := ear.prev, ear, ear.next
	if earArea(a, b, c) >= 0 {
		return false
	}
	x0, x1 := min(a.x, b.x, c.x), max(a.x, b.x, c.x)
	y0, y1 := min(a.y, b.y, c.y), max(a.y, b.y, c.y)
	minZ, maxZ := e.zOrder(x0, y0), e.zOrder(x1, y1)
	blocks := func(p *earNode) bool {
		return p != a && p != c && p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 &&
			!(p.x == a.x && p.y == a.y) &&
			earPointInTriangle(a.x, a.y, b.x, b.y, c.x, c.y, p.x, p.y) &&
			earArea(p.prev, p, p.next) >= 0
	}
	for p := ear.prevZ; p != nil && p.z >= minZ; p = p.prevZ {
		if blocks(p) {
			return false
		}
	}
	for n := ear.nextZ; n != nil && n.z <= maxZ; n = n.nextZ {
		if blocks(n) {
			return false
		}
	}
	return true
}

// zOrder returns the Morton code of x, y on a 32768 × 32768 grid over the
// bounding box.
func (e *earClipper) zOrder(x, y float64) uint32 {
	spread := func(v uint32) uint32 {
		v = (v | v<<8) & 0x00FF00FF
		v = (v | v<<4) & 0x0F0F0F0F
		v = (v | v<<2) & 0x33333333
		return (v | v<<1) & 0x55555555
	}
	ix := uint32(min(max((x-e.minX)*e.invSize, 0), 32767))
	iy := uint32(min(max((y-e.minY)*e.invSize, 0), 32767))
	return spread(ix) | spread(iy)<<1
}

// indexCurve computes the codes of the ring at start and links its nodes
// in z-order.
func (e *earClipper) indexCurve(start *earNode) {
	p := start
	for {
		if p.z == 0 {
			p.z = e.zOrder(p.x, p.y)
		}
		p.prevZ, p.nextZ = p.prev, p.next
		if p = p.next; p == start {
			break
		}
	}
	p.prevZ.nextZ = nil
	p.prevZ = nil
	earSortZ(p)
}

// earSortZ sorts a z-linked list by code (Simon Tatham's linked-list merge
// sort) and returns its head.
func earSortZ(list *earNode) *earNode {
	for size := 1; ; size *= 2 {
		p := list
		var tail *earNode
		list = nil
		merges := 0
		for p != nil {
			merges++
			q, pSize := p, 0
			for pSize < size && q != nil {
				pSize++
				q = q.nextZ
			}
			qSize := size
			for pSize > 0 || qSize > 0 && q != nil {
				var el *earNode
				if pSize != 0 && (qSize == 0 || q == nil || p.z <= q.z) {
					el, p, pSize = p, p.nextZ, pSize-1
				} else {
					el, q, qSize = q, q.nextZ, qSize-1
				}
				if tail != nil {
					tail.nextZ = el
				} else {
					list = el
				}
				el.prevZ, tail = tail, el
			}
			p = q
		}
		tail.nextZ = nil
		if merges <= 1 {
			return list
		}
	}
}
