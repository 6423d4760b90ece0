package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/citytwin/citytwin/twin"
)

// service is a water service pipe, kept for the planted problems.
type service struct {
	seg  *seg
	sign float64 // side of the street the building is on
	t    float64 // along-street coordinate
}

// water lays the mains along every street (a looped grid), with a valve on
// every leg of every junction, hydrants about every 100–150 m, and a tee
// and service pipe to every building.
func (d *district) water() {
	r := newRand(d.seed, "water")
	wr := d.rec.Utilities.Water
	spec := lineSpec{off: wr.OffsetM}
	z := d.ground - wr.DepthM
	junction := make([][]*node, d.lay.nx+1)
	for k := range junction {
		for l := range d.lay.ny + 1 {
			id := fmt.Sprintf("water-junction-%d-%d", k, l)
			junction[k] = append(junction[k], d.p.node(id, twin.NetworkWater, twin.NodeJunction, d.lay.cross(spec, k, l), z, nil))
		}
	}
	byEdge := map[string][]*house{}
	for _, h := range d.houses {
		byEdge[h.svc.key()] = append(byEdge[h.svc.key()], h)
	}
	draw := drawStreets(r, d.lay, wr.DNAvenue, wr.DNStreet, wr.Years)
	d.services = map[string][]service{}
	for _, e := range d.lay.edges() {
		ia, ib := ends(e)
		a, b := junction[ia[0]][ia[1]], junction[ib[0]][ib[1]]
		dn, year := draw.of(r, e, wr.RenewalChance, wr.Years[1])
		m := pickMaterial(r, wr.Materials, year)
		d.waterEdge(r, e, a, b, byEdge[e.key()], func(s *seg) {
			s.pipe(dn, m.od(dn), m, year)
			s.attrs["role"], s.attrs["street"] = "main", d.lay.name(e)
		})
	}
}

// stop is a node on a main between its junctions.
type stop struct {
	t      float64
	kind   twin.NodeKind
	houses []*house
}

// waterEdge lays the main of one street edge from junction a to b.
func (d *district) waterEdge(r *rand.Rand, e edge, a, b *node, hs []*house, style func(*seg)) {
	wr := d.rec.Utilities.Water
	spec, z := lineSpec{off: wr.OffsetM}, a.pos[2]
	t0, t1 := e.coord(vec{a.pos[0], a.pos[1]}), e.coord(vec{b.pos[0], b.pos[1]})
	stops := []stop{{t: t0 + wr.ValveFromJunctionM, kind: twin.NodeValve}, {t: t1 - wr.ValveFromJunctionM, kind: twin.NodeValve}}
	hs = slices.Clone(hs)
	slices.SortStableFunc(hs, func(x, y *house) int { return cmp.Compare(x.svcT, y.svcT) })
	for _, h := range hs {
		if last := &stops[len(stops)-1]; last.kind == twin.NodeJunction && h.svcT-last.t < 1 {
			last.houses = append(last.houses, h)
			continue
		}
		stops = append(stops, stop{t: h.svcT, kind: twin.NodeJunction, houses: []*house{h}})
	}
	stops = append(stops, hydrants(r, stops, t0, t1, wr.HydrantSpacingM)...)
	slices.SortStableFunc(stops, func(x, y stop) int { return cmp.Compare(x.t, y.t) })
	prev, nv, nt := a, 0, 0
	for i, st := range stops {
		var id string
		switch st.kind {
		case twin.NodeValve:
			id, nv = fmt.Sprintf("water-valve-%s-%d", e.key(), nv), nv+1
		case twin.NodeHydrant:
			id = fmt.Sprintf("water-hydrant-%s-%d", e.key(), i)
		default:
			id, nt = fmt.Sprintf("water-tee-%s-%d", e.key(), nt), nt+1
		}
		n := d.p.node(id, twin.NetworkWater, st.kind, d.lay.along(spec, e, st.t), z, waterNodeAttrs(st.kind))
		style(d.p.seg(fmt.Sprintf("water-main-%s-%02d", e.key(), i), twin.NetworkWater, prev, n))
		for _, h := range st.houses {
			d.serviceTo(r, e, n, h)
		}
		prev = n
	}
	style(d.p.seg(fmt.Sprintf("water-main-%s-%02d", e.key(), len(stops)), twin.NetworkWater, prev, b))
}

func waterNodeAttrs(k twin.NodeKind) twin.Attributes {
	switch k {
	case twin.NodeValve:
		return twin.Attributes{"role": "isolation_valve", "normally": "open"}
	case twin.NodeHydrant:
		return twin.Attributes{"hydrant_type": "underground", "dn": int64(100)}
	}
	return twin.Attributes{"role": "service_tee"}
}

// hydrants places about one hydrant per spacing along [t0, t1], at least
// 2 m from every other stop.
func hydrants(r *rand.Rand, stops []stop, t0, t1 float64, spacing Range) []stop {
	n := max(1, int(math.Round((t1-t0)/uniform(r, spacing))))
	var out []stop
	for i := range n {
		t := roundTo(t0+(t1-t0)*(float64(i)+0.5)/float64(n)+uniform(r, Range{-8, 8}), 0.1)
		for tries := 0; tries < 20 && near(stops, t, 2); tries++ {
			t += 2.5
		}
		out = append(out, stop{t: t, kind: twin.NodeHydrant})
	}
	return out
}

func near(stops []stop, t, d float64) bool {
	for _, s := range stops {
		if math.Abs(s.t-t) < d {
			return true
		}
	}
	return false
}

// serviceTo lays the service pipe from tee to building h and its service
// connection node at the wall.
func (d *district) serviceTo(r *rand.Rand, e edge, tee *node, h *house) {
	wr := d.rec.Utilities.Water
	sc := d.p.node("water-sc-"+h.id, twin.NetworkWater, twin.NodeService, h.svcWall, tee.pos[2],
		twin.Attributes{"address": h.address})
	sc.building = h.id
	idx := 0
	switch {
	case h.kind == "tower" || h.kind == "courtyard" && h.use == "school":
		idx = 3
	case h.kind == "closed_block" || h.kind == "courtyard" || h.floors >= 9:
		idx = 2
	case h.floors >= 5:
		idx = 1
	}
	dn := wr.ServiceDN[min(idx, len(wr.ServiceDN)-1)]
	year := max(h.year, 1900)
	if chance(r, 0.5) {
		year = max(year, intIn(r, IntRange{1995, 2023}))
	}
	m := pickMaterial(r, wr.ServiceMaterials, year)
	s := d.p.seg("water-service-"+h.id, twin.NetworkWater, tee, sc).pipe(dn, m.od(dn), m, year)
	s.attrs["role"], s.attrs["address"] = "service", h.address
	d.services[e.key()] = append(d.services[e.key()], service{seg: s, sign: h.svcSign, t: h.svcT})
}
