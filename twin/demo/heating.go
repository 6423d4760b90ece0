package demo

import (
	"fmt"

	"github.com/citytwin/citytwin/twin"
)

// heatLine is one heating pipe of a street edge, kept for the planted
// gas/heating clearance problem.
type heatLine struct {
	seg  *seg
	z, r float64 // axis elevation and casing radius, m
}

// Supply and return design temperatures of Moscow district heating, °C.
const (
	supplyTempC = 150
	returnTempC = 70
)

// heatPaths returns the district heating routes as waypoints (intersections):
// a trunk entering from the west along the middle east-west street and
// turning north, and a smaller branch entering from the south and turning
// east. The two never cross, and each turns so that the supply and return
// pipes of a pair do not cross each other: on east-west streets the supply
// lies south of the return, on north-south streets east of it.
func heatPaths(nx, ny int) [][][2]int {
	a, kA := ny/2, max(1, 2*nx/3)
	paths := [][][2]int{{{0, a}, {min(kA, nx), a}, {min(kA, nx), ny}}}
	if kB := nx / 3; ny >= 4 && kB >= 1 && kB < nx {
		paths = append(paths, [][2]int{{kB, 0}, {kB, 1}, {nx, 1}})
	}
	return paths
}

// heating lays supply/return pairs along heatPaths, supply flowing out from
// the source, return flowing back to it.
func (d *district) heating() {
	hr := d.rec.Utilities.Heating
	r := newRand(d.seed, "heating")
	d.heat = map[string][]heatLine{}
	z := d.ground - hr.DepthM
	for pi, path := range heatPaths(d.lay.nx, d.lay.ny) {
		stops := expand(path)
		if len(stops) < 2 {
			continue
		}
		dn := pick(r, hr.DNTrunk)
		if pi > 0 {
			dn = pick(r, hr.DNBranch)
		}
		year := intIn(r, hr.Years)
		m := pickMaterial(r, hr.Materials, year)
		var prev [2]*node
		for i, st := range stops {
			var cur [2]*node
			for q, pair := range [2]string{"supply", "return"} {
				id := fmt.Sprintf("heating-%s-%d-%d", pair, st[0], st[1])
				attrs := twin.Attributes{"pair": pair}
				if i == 0 {
					attrs["connection"] = "city heat main (not modelled)"
				}
				cur[q] = d.p.node(id, twin.NetworkHeating, twin.NodeChamber, d.heatPos(st, q), z, attrs)
			}
			if i > 0 {
				d.heatPair(edgeBetween(stops[i-1], st), prev, cur, dn, m, year)
			}
			prev = cur
		}
	}
}

// heatPos is the position of pipe q (0 supply, 1 return) at intersection st.
func (d *district) heatPos(st [2]int, q int) vec {
	hr := d.rec.Utilities.Heating
	h := hr.OffsetM - hr.PairSpacingM/2 + float64(q)*hr.PairSpacingM
	v := hr.OffsetM + hr.PairSpacingM/2 - float64(q)*hr.PairSpacingM
	return vec{d.lay.vx[st[0]] + v, d.lay.hy[st[1]] + h}
}

// heatPair lays the supply (from a to b) and the return (from b to a) of
// one street edge.
func (d *district) heatPair(e edge, a, b [2]*node, dn float64, m Material, year int) {
	ids := [2]string{"heating-supply-" + e.key(), "heating-return-" + e.key()}
	for q, pair := range [2]string{"supply", "return"} {
		from, to := a[q], b[q]
		if q == 1 {
			from, to = b[q], a[q]
		}
		s := d.p.seg(ids[q], twin.NetworkHeating, from, to).pipe(dn, m.od(dn), m, year)
		s.attrs["pair"], s.attrs["paired_with"] = pair, twin.FeatureID(d.dataset, ids[1-q])
		s.attrs["design_temp_c"] = int64(supplyTempC)
		if q == 1 {
			s.attrs["design_temp_c"] = int64(returnTempC)
		}
		s.attrs["street"] = d.lay.name(e)
		d.heat[e.key()] = append(d.heat[e.key()], heatLine{seg: s, z: from.pos[2], r: s.od / 2000})
	}
}

// expand turns waypoints into the list of intersections along the route.
func expand(path [][2]int) [][2]int {
	out := [][2]int{path[0]}
	for _, w := range path[1:] {
		cur := out[len(out)-1]
		for cur != w {
			switch {
			case cur[0] < w[0]:
				cur[0]++
			case cur[0] > w[0]:
				cur[0]--
			case cur[1] < w[1]:
				cur[1]++
			default:
				cur[1]--
			}
			out = append(out, cur)
		}
	}
	return out
}

// edgeBetween is the street edge joining two neighbouring intersections.
func edgeBetween(a, b [2]int) edge {
	if a[0] == b[0] {
		return edge{vertical: true, street: a[0], seg: min(a[1], b[1])}
	}
	return edge{vertical: false, street: a[1], seg: min(a[0], b[0])}
}
