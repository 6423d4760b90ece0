package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/citytwin/citytwin/twin"
)

// gridNet lays a network along the street edges present() accepts, with a
// node at every intersection it reaches and intermediate nodes at most
// rec.SpacingM apart; style sizes each segment.
func (d *district) gridNet(net twin.Network, rec NetRecipe, present func(edge) bool,
	kindAt func(legs int) twin.NodeKind, style func(e edge, s *seg)) {
	spec := lineSpec{off: rec.OffsetM, fromFacade: rec.FromFacade}
	z := d.ground - rec.DepthM
	lay := d.lay
	var edges []edge
	legs := make([][]int, lay.nx+1)
	for k := range legs {
		legs[k] = make([]int, lay.ny+1)
	}
	for _, e := range lay.edges() {
		if present(e) {
			edges = append(edges, e)
			a, b := ends(e)
			legs[a[0]][a[1]]++
			legs[b[0]][b[1]]++
		}
	}
	inter := make([][]*node, lay.nx+1)
	for k := range inter {
		inter[k] = make([]*node, lay.ny+1)
		for l := range lay.ny + 1 {
			if legs[k][l] > 0 {
				id := fmt.Sprintf("%s-node-%d-%d", net, k, l)
				inter[k][l] = d.p.node(id, net, kindAt(legs[k][l]), lay.cross(spec, k, l), z, nil)
			}
		}
	}
	for _, e := range edges {
		a, b := ends(e)
		d.gridEdge(net, rec, e, inter[a[0]][a[1]], inter[b[0]][b[1]], style)
	}
}

// gridEdge lays the line of one street edge from node na to nb.
func (d *district) gridEdge(net twin.Network, rec NetRecipe, e edge, na, nb *node, style func(e edge, s *seg)) {
	n := 1
	if rec.SpacingM > 0 {
		n = max(1, int(math.Ceil(math.Hypot(nb.pos[0]-na.pos[0], nb.pos[1]-na.pos[1])/rec.SpacingM)))
	}
	prev := na
	for s := 1; s <= n; s++ {
		next := nb
		if s < n {
			p := lerp(na.pos, nb.pos, float64(s)/float64(n))
			next = d.p.node(fmt.Sprintf("%s-node-%s-%d", net, e.key(), s), net, twin.NodeChamber, vec{p[0], p[1]}, p[2], nil)
		}
		sg := d.p.seg(fmt.Sprintf("%s-main-%s-%d", net, e.key(), s), net, prev, next)
		sg.attrs["street"] = d.lay.name(e)
		style(e, sg)
		prev = next
	}
}

// ends returns the intersections at the west/south and east/north ends of e.
func ends(e edge) (a, b [2]int) {
	if e.vertical {
		return [2]int{e.street, e.seg}, [2]int{e.street, e.seg + 1}
	}
	return [2]int{e.seg, e.street}, [2]int{e.seg + 1, e.street}
}

// gasStreets are the streets with gas mains: the second and the second to
// last north-south streets and the east-west street north of the heating
// trunk. (Many Moscow houses cook with electricity; gas is not everywhere.)
func gasStreets(nx, ny int) func(edge) bool {
	row := min(ny/2+1, ny)
	return func(e edge) bool {
		if e.vertical {
			return e.street == 1 || e.street == nx-1
		}
		return e.street == row
	}
}

// gas lays the low- and medium-pressure gas mains.
func (d *district) gas() {
	gr := d.rec.Utilities.Gas
	r := newRand(d.seed, "gas")
	draw := drawStreets(r, d.lay, gr.DNAvenue, gr.DNStreet, gr.Years)
	kind := func(legs int) twin.NodeKind {
		if legs >= 3 {
			return twin.NodeValve
		}
		return twin.NodeJunction
	}
	d.gridNet(twin.NetworkGas, gr, gasStreets(d.lay.nx, d.lay.ny), kind, func(e edge, s *seg) {
		dn, year := draw.of(r, e, gr.RenewalChance, gr.Years[1])
		m := pickMaterial(r, gr.Materials, year)
		s.pipe(dn, m.od(dn), m, year)
		s.attrs["pressure"] = "low"
		if d.lay.isAvenue(e) {
			s.attrs["pressure"] = "medium"
		}
	})
}

// ducts lays power or telecom duct banks along every street, with cable
// chambers at intersections and in between.
func (d *district) ducts(net twin.Network, rec NetRecipe) {
	r := newRand(d.seed, string(net))
	draw := drawStreets(r, d.lay, []float64{0}, []float64{0}, rec.Years)
	all := func(edge) bool { return true }
	chamber := func(int) twin.NodeKind { return twin.NodeChamber }
	d.gridNet(net, rec, all, chamber, func(e edge, s *seg) { d.duct(r, net, rec, draw, e, s) })
}

func (d *district) duct(r *rand.Rand, net twin.Network, rec NetRecipe, draw streetDraw, e edge, s *seg) {
	_, year := draw.of(r, e, rec.RenewalChance, rec.Years[1])
	s.material, s.year = pickMaterial(r, rec.Materials, year).Name, year
	s.widthMM = roundTo(uniform(r, rec.WidthMM), 50)
	s.height = roundTo(uniform(r, rec.HeightMM), 50)
	ways := int64(s.widthMM / 100 * s.height / 50)
	if net == twin.NetworkPower {
		s.attrs["voltage_kv"], s.attrs["ducts"] = 0.4, ways
		if d.lay.isAvenue(e) {
			s.attrs["voltage_kv"] = 10.0
		}
		return
	}
	s.attrs["ducts"] = ways
}
