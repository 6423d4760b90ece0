package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// vec is a position or direction in the local frame: metres east, north.
type vec struct{ X, Y float64 }

func (a vec) add(b vec) vec           { return vec{a.X + b.X, a.Y + b.Y} }
func (a vec) sub(b vec) vec           { return vec{a.X - b.X, a.Y - b.Y} }
func (a vec) scale(s float64) vec     { return vec{a.X * s, a.Y * s} }
func (a vec) dist(b vec) float64      { return math.Hypot(a.X-b.X, a.Y-b.Y) }
func (a vec) at(z float64) [3]float64 { return [3]float64{a.X, a.Y, z} }

// layout is the street grid in the local frame. Streets are numbered from
// the west (vertical, running north-south, at x = vx[k]) and from the south
// (horizontal, running east-west, at y = hy[l]); the intersection (k, l) is
// where vertical street k meets horizontal street l. Block (i, j) lies
// between vertical streets i, i+1 and horizontal streets j, j+1.
type layout struct {
	nx, ny       int // blocks west-east and south-north
	vx, hy       []float64
	vw, hw       []float64 // street widths between façades
	vAve, hAve   []bool    // avenues (the wide streets)
	vname, hname []string
	sidewalk     float64
}

// edge is a street between two neighbouring intersections: vertical street
// `street` between horizontal streets seg and seg+1, or horizontal street
// `street` between vertical streets seg and seg+1.
type edge struct {
	vertical    bool
	street, seg int
}

func (e edge) key() string {
	if e.vertical {
		return fmt.Sprintf("v%d-%d", e.street, e.seg)
	}
	return fmt.Sprintf("h%d-%d", e.street, e.seg)
}

// lineSpec places a network line in a street's cross-section.
type lineSpec struct {
	off        float64
	fromFacade bool
}

func newLayout(r *rand.Rand, g GridRecipe, nx, ny int) *layout {
	l := &layout{nx: nx, ny: ny, sidewalk: g.SidewalkM}
	l.vx, l.vw, l.vAve = streetLine(r, g, nx)
	l.hy, l.hw, l.hAve = streetLine(r, g, ny)
	for k := range nx + 1 {
		l.vname = append(l.vname, streetName(g.VerticalNames, k))
	}
	for k := range ny + 1 {
		l.hname = append(l.hname, streetName(g.HorizontalNames, k))
	}
	return l
}

// streetLine places n+1 parallel streets around 0 with blocks between them.
func streetLine(r *rand.Rand, g GridRecipe, n int) (pos, width []float64, avenue []bool) {
	for k := range n + 1 {
		w := roundTo(uniform(r, g.StreetM), 0.5)
		ave := g.AvenueEvery > 0 && k%g.AvenueEvery == 0
		if ave {
			w = g.AvenueM
		}
		width, avenue = append(width, w), append(avenue, ave)
	}
	pos = make([]float64, n+1)
	for k := 1; k <= n; k++ {
		block := roundTo(uniform(r, g.BlockM), 0.5)
		pos[k] = pos[k-1] + width[k-1]/2 + block + width[k]/2
	}
	mid := roundTo(pos[n]/2, 0.5)
	for k := range pos {
		pos[k] -= mid
	}
	return pos, width, avenue
}

func streetName(names []string, k int) string {
	if k < len(names) {
		return names[k]
	}
	return fmt.Sprintf("%s %d", names[k%len(names)], k/len(names)+1)
}

// edges lists every street edge in a fixed order.
func (l *layout) edges() []edge {
	var es []edge
	for k := range l.nx + 1 {
		for j := range l.ny {
			es = append(es, edge{true, k, j})
		}
	}
	for j := range l.ny + 1 {
		for k := range l.nx {
			es = append(es, edge{false, j, k})
		}
	}
	return es
}

func (l *layout) width(e edge) float64 {
	if e.vertical {
		return l.vw[e.street]
	}
	return l.hw[e.street]
}

func (l *layout) name(e edge) string {
	if e.vertical {
		return l.vname[e.street]
	}
	return l.hname[e.street]
}

// isAvenue reports whether the edge's street is one of the wide ones.
func (l *layout) isAvenue(e edge) bool {
	if e.vertical {
		return l.vAve[e.street]
	}
	return l.hAve[e.street]
}

// offset is the signed offset from the centreline of a line in street e.
func (l *layout) offset(s lineSpec, vertical bool, street int) float64 {
	if !s.fromFacade {
		return s.off
	}
	var w float64
	if vertical {
		w = l.vw[street]
	} else {
		w = l.hw[street]
	}
	return math.Copysign(w/2-math.Abs(s.off), s.off)
}

// cross is where a network's lines in vertical street k and horizontal
// street j meet.
func (l *layout) cross(s lineSpec, k, j int) vec {
	return vec{l.vx[k] + l.offset(s, true, k), l.hy[j] + l.offset(s, false, j)}
}

// ends returns the points where a network line along edge e starts (west or
// south end) and ends.
func (l *layout) ends(s lineSpec, e edge) (a, b vec) {
	if e.vertical {
		return l.cross(s, e.street, e.seg), l.cross(s, e.street, e.seg+1)
	}
	return l.cross(s, e.seg, e.street), l.cross(s, e.seg+1, e.street)
}

// along returns the point of edge e's line (spec s) at along-street
// coordinate t (y for vertical streets, x for horizontal ones).
func (l *layout) along(s lineSpec, e edge, t float64) vec {
	o := l.offset(s, e.vertical, e.street)
	if e.vertical {
		return vec{l.vx[e.street] + o, t}
	}
	return vec{t, l.hy[e.street] + o}
}

// coord returns the along-street coordinate of p on edge e.
func (e edge) coord(p vec) float64 {
	if e.vertical {
		return p.Y
	}
	return p.X
}

// block returns the façade rectangle of block (i, j).
func (l *layout) block(i, j int) (lo, hi vec) {
	return vec{l.vx[i] + l.vw[i]/2, l.hy[j] + l.hw[j]/2},
		vec{l.vx[i+1] - l.vw[i+1]/2, l.hy[j+1] - l.hw[j+1]/2}
}

// side is one edge of a block seen from inside: it runs from corner along
// u (anticlockwise around the block) and v points into the block. Building
// shapes are drawn in (s, t) coordinates along u and v; as det(u, v) = +1 an
// anticlockwise (s, t) ring stays anticlockwise.
type side struct {
	corner vec
	u, v   vec
	length float64
	street edge    // the street the side faces
	sign   float64 // +1 if the block lies on the positive side of that street
}

// sides returns block (i, j)'s four sides: south, east, north, west.
func (l *layout) sides(i, j int) [4]side {
	lo, hi := l.block(i, j)
	w, h := hi.X-lo.X, hi.Y-lo.Y
	return [4]side{
		{vec{lo.X, lo.Y}, vec{1, 0}, vec{0, 1}, w, edge{false, j, i}, +1},
		{vec{hi.X, lo.Y}, vec{0, 1}, vec{-1, 0}, h, edge{true, i + 1, j}, -1},
		{vec{hi.X, hi.Y}, vec{-1, 0}, vec{0, -1}, w, edge{false, j + 1, i}, -1},
		{vec{lo.X, hi.Y}, vec{0, -1}, vec{1, 0}, h, edge{true, i, j}, +1},
	}
}

// pt maps (s, t) in the side's frame to the local frame.
func (sd side) pt(s, t float64) vec { return sd.corner.add(sd.u.scale(s)).add(sd.v.scale(t)) }

// ring maps a list of (s, t) pairs to a local ring.
func (sd side) ring(st ...float64) []vec {
	r := make([]vec, 0, len(st)/2)
	for i := 0; i+1 < len(st); i += 2 {
		r = append(r, sd.pt(st[i], st[i+1]))
	}
	return r
}

// rectRing is the plot [s0, s1] along the side, d deep.
func (sd side) rectRing(s0, s1, d float64) []vec {
	return sd.ring(s0, 0, s1, 0, s1, d, s0, d)
}

// lRing is the L-shaped corner building at the side's start corner: arm a
// along this side, arm b along the previous side (up v), both d deep.
func (sd side) lRing(a, b, d float64) []vec {
	return sd.ring(0, 0, a, 0, a, d, d, d, d, b, 0, b)
}

// uRing is a U-shaped building along the whole side with arms b1 (at the
// start corner) and b2 (at the end corner) running into the block.
func (sd side) uRing(b1, b2, d float64) []vec {
	L := sd.length
	return sd.ring(0, 0, L, 0, L, b2, L-d, b2, L-d, d, d, d, d, b1, 0, b1)
}

// boxRing is an axis-aligned rectangle, anticlockwise.
func boxRing(lo, hi vec) []vec {
	return []vec{lo, {hi.X, lo.Y}, hi, {lo.X, hi.Y}}
}

// holeRing is an axis-aligned rectangle, clockwise (for holes).
func holeRing(lo, hi vec) []vec {
	return []vec{lo, {lo.X, hi.Y}, hi, {hi.X, lo.Y}}
}

// splitFrontage cuts length into plot widths within [lo, hi]; a remainder
// shorter than 6 m is left empty.
func splitFrontage(next func(Range) float64, length float64, fr Range) []float64 {
	var out []float64
	for length > fr[1] {
		f := next(fr)
		if length-f < fr[0] {
			f = length - fr[0]
		}
		out = append(out, f)
		length -= f
	}
	if length >= 6 {
		out = append(out, length)
	}
	return out
}
