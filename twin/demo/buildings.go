package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/citytwin/citytwin/twin"
)

// house is a building before it is written. Rings are in the local frame,
// the outer one anticlockwise, holes clockwise, not closed.
type house struct {
	id     string
	block  [2]int
	kind   string // corner, u_shape, frontage, closed_block, tower, courtyard
	rings  [][]vec
	depth  float64 // wing depth, for the roof pitch
	era    string
	use    string
	floors int
	floorM float64
	year   int
	roof   twin.RoofShape
	pitchM float64 // roof rise above the eaves
	// The water service comes from street edge svc at along-street
	// coordinate svcT and enters the wall at svcWall; svcSign is the side
	// of the street the building lies on.
	svc     edge
	svcSign float64
	svcT    float64
	svcWall vec
	street  string
	address string
}

type blockKind int

const (
	blockPerimeter blockKind = iota
	blockClosed
	blockTowers
)

// buildGen generates the houses of the district.
type buildGen struct {
	r      *rand.Rand
	rec    BuildingRecipe
	lay    *layout
	houses []*house
	n      int // houses in the current block, for ids
	era    Era // the current block's era
}

func genHouses(seed int64, rec BuildingRecipe, lay *layout) []*house {
	g := &buildGen{r: newRand(seed, "buildings"), rec: rec, lay: lay}
	kinds := g.blockKinds()
	for j := range lay.ny {
		for i := range lay.nx {
			g.n, g.era = 0, g.pickEra()
			sd := lay.sides(i, j)
			switch kinds[j*lay.nx+i] {
			case blockTowers:
				g.towerBlock(i, j, sd)
			case blockClosed:
				g.closedBlock(i, j, sd)
			default:
				g.perimeterBlock(i, j, sd, chance(g.r, rec.CourtyardChance))
			}
		}
	}
	assignAddresses(g.houses, lay)
	return g.houses
}

// blockKinds picks the tower blocks and the closed blocks.
func (g *buildGen) blockKinds() []blockKind {
	n := g.lay.nx * g.lay.ny
	kinds := make([]blockKind, n)
	for b := range n {
		if chance(g.r, g.rec.ClosedBlockChance) {
			kinds[b] = blockClosed
		}
	}
	for _, b := range g.r.Perm(n)[:min(g.rec.TowerBlocks, n)] {
		kinds[b] = blockTowers
	}
	return kinds
}

func (g *buildGen) add(i, j int, kind string, rings ...[]vec) *house {
	h := &house{id: fmt.Sprintf("b-%d-%d-%02d", i, j, g.n), block: [2]int{i, j}, kind: kind, rings: rings}
	g.n++
	g.houses = append(g.houses, h)
	return h
}

// serve says where h's water service comes from: the street that side sd
// faces, at s along the side, entering the wall t into the block.
func (h *house) serve(sd side, s, t float64) {
	h.svc, h.svcSign = sd.street, sd.sign
	h.svcWall = sd.pt(s, t)
	h.svcT = sd.street.coord(sd.pt(s, 0))
}

// perimeterBlock lines the block's edges with buildings: L-shaped corners
// (or a U along the north side), frontage buildings between them, and
// perhaps a school or kindergarten in the courtyard.
func (g *buildGen) perimeterBlock(i, j int, sd [4]side, courtyard bool) {
	rec := g.rec
	var a, b, d [4]float64
	for e := range 4 {
		a[e], b[e] = uniform(g.r, rec.CornerArmM), uniform(g.r, rec.CornerArmM)
		d[e] = roundTo(uniform(g.r, rec.DepthM), 0.5)
	}
	uShape := chance(g.r, rec.UShapeChance)
	for e := range 4 {
		if uShape && e >= 2 {
			continue
		}
		h := g.add(i, j, "corner", sd[e].lRing(a[e], b[e], d[e]))
		g.style(h, d[e])
		h.serve(sd[e], (d[e]+a[e])/2, 0)
	}
	if uShape {
		h := g.add(i, j, "u_shape", sd[2].uRing(b[2], a[3], d[2]))
		g.style(h, d[2])
		h.serve(sd[2], sd[2].length/2, 0)
	}
	var yard *house
	if courtyard {
		yard = g.courtyard(i, j, sd)
	}
	for e := range 4 {
		if uShape && e == 2 {
			continue
		}
		g.frontage(i, j, sd[e], a[e], sd[e].length-b[(e+1)%4], e == 0 && yard != nil)
	}
}

// frontage fills [s0, s1] of a side with plots; with gap it leaves an 8 m
// driveway in the middle of the side for the courtyard's service.
func (g *buildGen) frontage(i, j int, sd side, s0, s1 float64, gap bool) {
	spans := [][2]float64{{s0, s1}}
	if gap {
		mid := sd.length / 2
		spans = [][2]float64{{s0, mid - 4}, {mid + 4, s1}}
	}
	next := func(rg Range) float64 { return roundTo(uniform(g.r, rg), 0.5) }
	for _, sp := range spans {
		s := sp[0]
		for _, f := range splitFrontage(next, sp[1]-sp[0], g.rec.FrontageM) {
			if !chance(g.r, g.rec.GapChance) {
				d := roundTo(uniform(g.r, g.rec.DepthM), 0.5)
				h := g.add(i, j, "frontage", sd.rectRing(s, s+f, d))
				g.style(h, d)
				h.serve(sd, s+f/2, 0)
			}
			s += f
		}
	}
}

// closedBlock is one building around the whole block with a courtyard hole.
func (g *buildGen) closedBlock(i, j int, sd [4]side) {
	lo, hi := g.lay.block(i, j)
	d := roundTo(uniform(g.r, g.rec.DepthM), 0.5)
	in := vec{d, d}
	h := g.add(i, j, "closed_block", boxRing(lo, hi), holeRing(lo.add(in), hi.sub(in)))
	g.style(h, d)
	h.serve(sd[0], sd[0].length/2, 0)
}
