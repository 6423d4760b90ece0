package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// The sewer and storm networks share one drainage layout, a forest of trees
// on the street grid:
//
//   - every east-west street edge is a branch that starts at a head manhole
//     just east of its west intersection and flows east into the next
//     intersection;
//   - north-south streets flow away from a ridge: south of it to the
//     southern boundary street, north of it to the northern one; the edge
//     across the ridge is a branch flowing south;
//   - the intersections on the two boundary streets are outfalls into the
//     city's trunk collectors (not modelled).
//
// Both networks use the same invert profile P (storm invert depth at each
// node); the sewer lies a constant Δ deeper. Because the two profiles move
// together, a storm pipe and a sewer crossing near an intersection keep the
// same vertical gap everywhere.

// gnode is a node of the drainage layout: an intersection or a branch head.
type gnode struct {
	key  string
	head bool
	k, l int // intersection, or the intersection the head lies next to
}

// grun is one street edge of the drainage layout, flowing from -> to.
type grun struct {
	e        edge
	from, to int
	branch   bool
	length   [2]float64 // [sewer, storm] plan lengths, m
	up       float64    // pipe length drained, this run included (sewer), m
	slope    float64    // least design slope (fraction)
	dn, od   [2]float64 // [sewer, storm], mm
	year     [2]int
	mat      [2]Material
}

type drainage struct {
	nodes []gnode
	runs  []grun
	out   []int   // run leaving each node, -1 for outfalls
	in    [][]int // runs entering each node
	order []int   // nodes, upstream first
	p     []float64
	delta float64 // sewer invert below storm invert, m
	specs [2]lineSpec
	head  float64
}

// newDrainage builds the layout's topology and plan lengths.
func newDrainage(lay *layout, g GravityRecipe) *drainage {
	d := &drainage{specs: [2]lineSpec{{off: g.SewerOffsetM}, {off: g.StormOffsetM}}, head: g.HeadFromJunctM}
	for k := range lay.nx + 1 {
		for l := range lay.ny + 1 {
			d.nodes = append(d.nodes, gnode{key: fmt.Sprintf("%d-%d", k, l), k: k, l: l})
		}
	}
	inter := func(k, l int) int { return k*(lay.ny+1) + l }
	ridge := lay.ny / 2
	for _, e := range lay.edges() {
		var from, to int
		branch := !e.vertical || e.seg == ridge
		switch {
		case !e.vertical:
			from, to = inter(e.seg, e.street), inter(e.seg+1, e.street)
		case e.seg < ridge:
			from, to = inter(e.street, e.seg+1), inter(e.street, e.seg)
		case e.seg == ridge:
			from, to = inter(e.street, e.seg+1), inter(e.street, e.seg)
		default:
			from, to = inter(e.street, e.seg), inter(e.street, e.seg+1)
		}
		if branch {
			n := d.nodes[from]
			d.nodes = append(d.nodes, gnode{key: "head-" + e.key(), head: true, k: n.k, l: n.l})
			from = len(d.nodes) - 1
		}
		d.runs = append(d.runs, grun{e: e, from: from, to: to, branch: branch})
	}
	d.link()
	for i := range d.runs {
		for net := range 2 {
			a, b := d.runPoints(lay, i, net)
			d.runs[i].length[net] = a.dist(b)
		}
	}
	return d
}

// link fills out, in and a topological order (heads first).
func (d *drainage) link() {
	d.out = slices.Repeat([]int{-1}, len(d.nodes))
	d.in = make([][]int, len(d.nodes))
	for i, r := range d.runs {
		d.out[r.from] = i
		d.in[r.to] = append(d.in[r.to], i)
	}
	pending := make([]int, len(d.nodes))
	var queue []int
	for n := range d.nodes {
		pending[n] = len(d.in[n])
		if pending[n] == 0 {
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		d.order = append(d.order, n)
		if r := d.out[n]; r >= 0 {
			if pending[d.runs[r].to]--; pending[d.runs[r].to] == 0 {
				queue = append(queue, d.runs[r].to)
			}
		}
	}
}

// point is where node n of network net (0 sewer, 1 storm) lies.
func (d *drainage) point(lay *layout, n, net int) vec {
	g := d.nodes[n]
	p := lay.cross(d.specs[net], g.k, g.l)
	if !g.head {
		return p
	}
	r := d.runs[d.out[n]]
	if r.e.vertical {
		return vec{p.X, p.Y - d.head} // ridge branch heads lie south of their intersection
	}
	return vec{p.X + d.head, p.Y}
}

func (d *drainage) runPoints(lay *layout, i, net int) (vec, vec) {
	r := d.runs[i]
	return d.point(lay, r.from, net), d.point(lay, r.to, net)
}

// size gives every run its drained length, diameters and design slope.
func (d *drainage) size(r *rand.Rand, g GravityRecipe) {
	for _, n := range d.order {
		i := d.out[n]
		if i < 0 {
			continue
		}
		run := &d.runs[i]
		run.up = run.length[0]
		for _, j := range d.in[n] {
			run.up += d.runs[j].up
		}
		run.dn = [2]float64{byLength(g.SewerDN, run.up), byLength(g.StormDN, run.up)}
		run.slope = uniform(r, g.SlopePct) / 100
	}
}

// byLength looks a drained length up in a {{from length, DN}, ...} table.
func byLength(table [][2]float64, up float64) float64 {
	dn := table[0][1]
	for _, row := range table {
		if up >= row[0] {
			dn = row[1]
		}
	}
	return dn
}

// rOut is the radius (m) of the pipe leaving node n in network net, or of
// the largest one entering an outfall.
func (d *drainage) rOut(n, net int) float64 {
	if i := d.out[n]; i >= 0 {
		return d.runs[i].dn[net] / 2000
	}
	r := 0.0
	for _, i := range d.in[n] {
		r = math.Max(r, d.runs[i].dn[net]/2000)
	}
	return r
}

// profile sets P, the storm invert depth at every node (of the pipe leaving
// it), upstream first:
//
//   - a pipe's crown stays at least StormMinCrownM deep (below the water
//     mains);
//   - every pipe falls at least its design slope, in both networks, with
//     pipes meeting at a node on their axes (a smaller pipe entering a larger
//     one sits higher by the difference of the radii);
//   - branch heads are lowered so that no branch falls steeper than its
//     slope cap.
//
// Then it sets Δ, the sewer's depth below the storm drains, large enough that
// every storm/sewer crossing keeps the clearance.
func (d *drainage) profile(r *rand.Rand, g GravityRecipe, clearance float64) {
	d.p = make([]float64, len(d.nodes))
	for _, n := range d.order {
		p := 0.0
		if i := d.out[n]; i >= 0 {
			run := d.runs[i]
			p = g.StormMinCrownM + (run.dn[1]+run.od[1])/2000
		}
		for _, j := range d.in[n] {
			run := d.runs[j]
			for net := range 2 {
				p = max(p, d.p[run.from]+run.slope*run.length[net]+d.rOut(n, net)-run.dn[net]/2000)
			}
		}
		d.p[n] = ceilMM(p)
	}
	for _, run := range d.runs {
		if !run.branch {
			continue
		}
		slopeCap := uniform(r, g.MaxSlopePct) / 100
		for net := range 2 {
			need := d.p[run.to] + run.dn[net]/2000 - d.rOut(run.to, net) - slopeCap*run.length[net]
			d.p[run.from] = max(d.p[run.from], ceilMM(need))
		}
	}
	d.delta = d.sewerDrop(clearance)
}

// sewerDrop is Δ: the sewer's largest crown height above its invert, the
// storm drain's thickest wall, the clearance, the largest step between pipe
// radii at a node, and what the steepest pipes fall within 4 m of a node
// (crossings lie about 3 m from the intersections), rounded up to 5 cm.
func (d *drainage) sewerDrop(clearance float64) float64 {
	var top, wall, slope float64
	minR, maxR := math.Inf(1), 0.0
	for _, run := range d.runs {
		top = max(top, (run.dn[0]+run.od[0])/2000)
		wall = max(wall, (run.od[1]-run.dn[1])/2000)
		minR, maxR = min(minR, run.dn[0]/2000), max(maxR, run.dn[0]/2000)
		for net := range 2 {
			slope = max(slope, d.slope(run, net))
		}
	}
	need := top + wall + clearance + (maxR - minR) + 2*4*slope
	return math.Ceil(need*20) / 20
}

// slope is a run's actual fall per metre of plan length in network net.
func (d *drainage) slope(run grun, net int) float64 {
	fall := (d.p[run.to] - d.rOut(run.to, net)) - (d.p[run.from] - run.dn[net]/2000)
	return fall / run.length[net]
}

// ceilMM rounds a depth up to whole millimetres, so that rounding never
// flattens a pipe below its design slope.
func ceilMM(x float64) float64 { return math.Ceil(x*1000-1e-9) / 1000 }
