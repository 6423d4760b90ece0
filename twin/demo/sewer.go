package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/citytwin/citytwin/twin"
)

// gravity lays the sewers and storm drains (see the layout in gravity.go).
func (d *district) gravity() {
	g := d.rec.Utilities.Gravity
	r := newRand(d.seed, "gravity")
	dr := newDrainage(d.lay, g)
	dr.size(r, g)
	d.gravityMaterials(r, dr)
	dr.profile(r, g, d.rec.Utilities.CrossingClearanceM)
	d.gravityNet(dr, 0)
	d.gravityNet(dr, 1)
}

// gravityMaterials gives every run an install year (per street, some
// renewed) and a material of its time in both networks.
func (d *district) gravityMaterials(r *rand.Rand, dr *drainage) {
	g := d.rec.Utilities.Gravity
	years := [2]IntRange{g.SewerYears, g.StormYears}
	mats := [2][]Material{g.SewerMaterials, g.StormMaterials}
	for net := range 2 {
		draw := drawStreets(r, d.lay, []float64{0}, []float64{0}, years[net])
		for i := range dr.runs {
			run := &dr.runs[i]
			_, y := draw.of(r, run.e, 0.2, years[net][1])
			m := pickMaterial(r, mats[net], y)
			run.year[net], run.mat[net] = y, m
			run.od[net] = roundTo(m.od(run.dn[net]), 1)
		}
	}
}

// gravityNet writes one network: 0 sewer, 1 storm.
func (d *district) gravityNet(dr *drainage, net int) {
	g := d.rec.Utilities.Gravity
	network, prefix, base := twin.NetworkSewer, "sewer", dr.delta
	if net == 1 {
		network, prefix, base = twin.NetworkStorm, "storm", 0
	}
	nodes := make([]*node, len(dr.nodes))
	for n, gn := range dr.nodes {
		rOut := dr.rOut(n, net)
		z := d.ground - dr.p[n] - base + rOut
		attrs := twin.Attributes{"invert_m": round3(z - rOut), "ground_m": d.ground, "role": "junction"}
		switch {
		case gn.head:
			attrs["role"] = "head"
		case dr.out[n] < 0:
			attrs["role"], attrs["outfall"] = "outfall", "city trunk collector (not modelled)"
		}
		nodes[n] = d.p.node(fmt.Sprintf("%s-mh-%s", prefix, gn.key), network, twin.NodeManhole, dr.point(d.lay, n, net), z, attrs)
	}
	for _, run := range dr.runs {
		d.gravityRun(dr, run, net, network, prefix, nodes[run.from], nodes[run.to], g)
	}
}

// gravityRun lays one run as pipes between manholes at most ManholeSpacingM
// apart; storm manholes along the run get a kerb inlet each.
func (d *district) gravityRun(dr *drainage, run grun, net int, network twin.Network, prefix string, a, b *node, g GravityRecipe) {
	rr := run.dn[net] / 2000
	n := max(1, int(math.Ceil(run.length[net]/g.ManholeSpacingM)))
	prev := a
	for s := 1; s <= n; s++ {
		next := b
		if s < n {
			p := lerp(a.pos, b.pos, float64(s)/float64(n))
			next = d.p.node(fmt.Sprintf("%s-mh-%s-%d", prefix, run.e.key(), s), network, twin.NodeManhole,
				vec{p[0], p[1]}, p[2], twin.Attributes{"invert_m": round3(p[2] - rr), "ground_m": d.ground, "role": "manhole"})
		}
		sg := d.p.seg(fmt.Sprintf("%s-pipe-%s-%d", prefix, run.e.key(), s), network, prev, next)
		sg.pipe(run.dn[net], run.od[net], run.mat[net], run.year[net])
		plan := math.Hypot(next.pos[0]-prev.pos[0], next.pos[1]-prev.pos[1])
		inv0, inv1 := prev.pos[2]-rr, next.pos[2]-rr
		sg.attrs["invert_start_m"], sg.attrs["invert_end_m"] = round3(inv0), round3(inv1)
		sg.attrs["slope_pct"] = math.Round((inv0-inv1)/plan*1e5) / 1e3
		sg.attrs["street"], sg.attrs["role"] = d.lay.name(run.e), "collector"
		if run.branch {
			sg.attrs["role"] = "branch"
		}
		if net == 1 && s < n {
			d.inlet(run, next, s)
		}
		prev = next
	}
}

// inlet adds a kerb gully beside storm manhole mh with its lateral.
func (d *district) inlet(run grun, mh *node, s int) {
	g := d.rec.Utilities.Gravity
	kerb := math.Copysign(d.lay.width(run.e)/2-d.lay.sidewalk-0.3, g.StormOffsetM)
	at := d.lay.along(lineSpec{off: kerb}, run.e, run.e.coord(vec{mh.pos[0], mh.pos[1]}))
	length := math.Abs(kerb - g.StormOffsetM)
	z := roundTo(mh.pos[2]+length*g.InletSlopePct/100, 0.001)
	in := d.p.node(fmt.Sprintf("storm-inlet-%s-%d", run.e.key(), s), twin.NetworkStorm, twin.NodeInlet, at, z,
		twin.Attributes{"inlet_type": "kerb gully", "ground_m": d.ground})
	lat := d.p.seg(fmt.Sprintf("storm-lateral-%s-%d", run.e.key(), s), twin.NetworkStorm, in, mh)
	lat.pipe(g.InletDN, g.InletODMM, Material{Name: "pvc"}, max(run.year[1], 1975))
	lat.attrs["role"], lat.attrs["slope_pct"] = "inlet_lateral", g.InletSlopePct
}
