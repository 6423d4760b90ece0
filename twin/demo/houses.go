package demo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/citytwin/citytwin/twin"
)

// courtyardSetback keeps courtyard buildings this far from the perimeter
// wings (fire access), metres.
const courtyardSetback = 8.0

// courtyard puts a school or kindergarten in the middle of the block if one
// fits; it is served from the south street through a driveway.
func (g *buildGen) courtyard(i, j int, sd [4]side) *house {
	lo, hi := g.lay.block(i, j)
	room := g.rec.DepthM[1] + courtyardSetback
	freeW, freeD := hi.X-lo.X-2*room, hi.Y-lo.Y-2*room
	for _, k := range g.r.Perm(len(g.rec.Courtyard)) {
		c := g.rec.Courtyard[k]
		w := roundTo(uniform(g.r, Range{c.SizeM[0][0], c.SizeM[1][0]}), 1)
		d := roundTo(uniform(g.r, Range{c.SizeM[0][1], c.SizeM[1][1]}), 1)
		if w > freeW || d > freeD {
			continue
		}
		mid := vec{(lo.X + hi.X) / 2, (lo.Y + hi.Y) / 2}
		half := vec{w / 2, d / 2}
		h := g.add(i, j, "courtyard", boxRing(mid.sub(half), mid.add(half)))
		h.use, h.floors, h.year = c.Use, intIn(g.r, c.Floors), intIn(g.r, c.Years)
		h.era, h.floorM, h.roof, h.depth = eraOf(g.rec.Eras, h.year), 3.3, twin.RoofFlat, d
		h.serve(sd[0], sd[0].length/2, mid.Y-half.Y-lo.Y)
		return h
	}
	return nil
}

// towerBlock sets four point towers in a block, and a kindergarten between
// them when there is room.
func (g *buildGen) towerBlock(i, j int, sd [4]side) {
	lo, hi := g.lay.block(i, j)
	s := roundTo(uniform(g.r, g.rec.TowerSideM), 0.5)
	back := roundTo(uniform(g.r, Range{12, 18}), 0.5)
	for _, q := range [4][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
		x0 := [2]float64{lo.X + back, hi.X - back - s}[q[0]]
		y0 := [2]float64{lo.Y + back, hi.Y - back - s}[q[1]]
		h := g.add(i, j, "tower", boxRing(vec{x0, y0}, vec{x0 + s, y0 + s}))
		h.floors, h.floorM, h.year = intIn(g.r, g.rec.TowerFloors), g.rec.TowerFloorM, intIn(g.r, g.rec.TowerYears)
		h.era, h.roof, h.depth = eraOf(g.rec.Eras, h.year), twin.RoofFlat, s
		h.use = "residential"
		if chance(g.r, 0.25) {
			h.use = "office"
		}
		if q[1] == 0 {
			h.serve(sd[0], x0+s/2-lo.X, back)
		} else {
			h.serve(sd[2], hi.X-(x0+s/2), back)
		}
	}
	inner := hi.X - lo.X - 2*(back+s) - 2*courtyardSetback
	if len(g.rec.Courtyard) > 1 && inner >= 20 {
		c := g.rec.Courtyard[len(g.rec.Courtyard)-1]
		w, d := min(inner, c.SizeM[1][0]), c.SizeM[0][1]
		mid := vec{(lo.X + hi.X) / 2, (lo.Y + hi.Y) / 2}
		half := vec{w / 2, d / 2}
		h := g.add(i, j, "courtyard", boxRing(mid.sub(half), mid.add(half)))
		h.use, h.floors, h.year = c.Use, intIn(g.r, c.Floors), intIn(g.r, c.Years)
		h.era, h.floorM, h.roof, h.depth = eraOf(g.rec.Eras, h.year), 3.3, twin.RoofFlat, d
		h.serve(sd[0], sd[0].length/2, mid.Y-half.Y-lo.Y)
	}
}

// pickEra draws a block's era by weight.
func (g *buildGen) pickEra() Era {
	total := 0.0
	for _, e := range g.rec.Eras {
		total += e.Weight
	}
	x := g.r.Float64() * total
	for _, e := range g.rec.Eras {
		if x < e.Weight {
			return e
		}
		x -= e.Weight
	}
	return g.rec.Eras[len(g.rec.Eras)-1]
}

// style gives a perimeter building its era (mostly the block's), year,
// height, roof and use.
func (g *buildGen) style(h *house, depth float64) {
	era := g.era
	if chance(g.r, 0.3) {
		era = g.pickEra()
	}
	h.era, h.depth = era.Name, depth
	h.year = intIn(g.r, era.Years)
	h.floors = intIn(g.r, era.Floors)
	h.floorM = roundTo(uniform(g.r, era.FloorM), 0.05)
	h.use = weighted(g.r, sortedKeys(era.Uses), era.Uses)
	h.roof = twin.RoofFlat
	if chance(g.r, era.Pitched) {
		h.roof = twin.RoofHipped
		if chance(g.r, 0.4) {
			h.roof = twin.RoofGabled
		}
		pitch := uniform(g.r, g.rec.RoofPitchDeg) * math.Pi / 180
		h.pitchM = roundTo(depth/2*math.Tan(pitch), 0.1)
	}
}

// eraOf names the era a year falls in (the nearest one between eras).
func eraOf(eras []Era, year int) string {
	best, gap := eras[0].Name, math.MaxInt
	for _, e := range eras {
		if d := max(e.Years[0]-year, year-e.Years[1], 0); d < gap {
			best, gap = e.Name, d
		}
	}
	return best
}

// assignAddresses numbers the houses along each street from its west or
// south end: odd numbers on the negative side, even on the positive side.
func assignAddresses(hs []*house, lay *layout) {
	type key struct {
		vertical bool
		street   int
		sign     float64
	}
	groups := map[key][]*house{}
	var order []key
	for _, h := range hs {
		k := key{h.svc.vertical, h.svc.street, h.svcSign}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], h)
	}
	for _, k := range order {
		g := groups[k]
		slices.SortStableFunc(g, func(a, b *house) int { return cmp.Compare(a.svcT, b.svcT) })
		for n, h := range g {
			num := 2*n + 1
			if k.sign > 0 {
				num = 2*n + 2
			}
			h.street = lay.name(h.svc)
			h.address = fmt.Sprintf("%s, %d", h.street, num)
		}
	}
}
