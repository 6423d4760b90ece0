package network

import (
	"slices"

	"github.com/citytwin/citytwin/twin"
)

// oAnswer is an oracle's answer, as id lists.
type oAnswer struct {
	segs, nodes, valves, cutSegs, cutNodes, buildings []string
}

// oStart is a start: a segment index, or a vertex (seg -1).
type oStart struct{ seg, vert int }

func (o *oracle) start(id string) oStart {
	for j, s := range o.segs {
		if s.ID == id {
			return oStart{seg: j, vert: -1}
		}
	}
	for v, ns := range o.nodesAt {
		for _, i := range ns {
			if o.nodes[i].ID == id {
				return oStart{seg: -1, vert: v}
			}
		}
	}
	panic("oracle: no start " + id)
}

// flood is what union-find over the kept segments, joined at vertices that
// pass, reaches from a start: its segments, the vertices it passes and the
// vertices it stops at.
type flood struct {
	segs         map[int]bool
	verts, stops map[int]bool
}

func (o *oracle) flood(st oStart, keep func(j int) bool, pass func(v int) bool) flood {
	return o.reach(o.components(keep, pass), st, keep, pass)
}

// reach collects what a union-find over the kept segments (built with the
// same keep and pass) joins to the start.
func (o *oracle) reach(uf unionFind, st oStart, keep func(j int) bool, pass func(v int) bool) flood {
	roots := map[int32]bool{}
	if st.seg >= 0 {
		roots[uf.find(int32(st.seg))] = true
	}
	for j := range o.segs {
		if keep(j) && (o.ends[j][0] == st.vert || o.ends[j][1] == st.vert) {
			roots[uf.find(int32(j))] = true
		}
	}
	f := flood{segs: map[int]bool{}, verts: map[int]bool{}, stops: map[int]bool{}}
	if st.vert >= 0 {
		f.verts[st.vert] = true
	}
	for j := range o.segs {
		if !keep(j) || !roots[uf.find(int32(j))] {
			continue
		}
		f.segs[j] = true
		for _, v := range o.ends[j] {
			if pass(v) {
				f.verts[v] = true
			} else {
				f.stops[v] = true
			}
		}
	}
	return f
}

// cached floods with the union-find of the network as operated (ops) or
// with every valve shut (iso), built once, when the start changes neither
// keep nor pass; otherwise it floods afresh.
func (o *oracle) cached(st oStart, iso bool) flood {
	keep := func(j int) bool { return j == st.seg || o.usable(j, false) }
	stop := o.closed
	if iso {
		stop = o.valve
	}
	pass := func(v int) bool { return v == st.vert || !stop[v] }
	if (st.seg >= 0 && !o.usable(st.seg, false)) || (st.vert >= 0 && stop[st.vert]) {
		return o.flood(st, keep, pass)
	}
	uf := &o.ufOps
	if iso {
		uf = &o.ufIso
	}
	if uf.parent == nil {
		*uf = o.components(func(j int) bool { return o.usable(j, false) }, func(v int) bool { return !stop[v] })
	}
	return o.reach(*uf, st, keep, pass)
}

// connected answers KindConnected (closed valves stop, existing segments).
func (o *oracle) connected(st oStart) oAnswer {
	f := o.cached(st, false)
	return o.answer(f.segs, f.verts, f.stops, nil, nil)
}

// isolate answers KindIsolate.
func (o *oracle) isolate(st oStart) oAnswer {
	iso := o.cached(st, true)
	blocked := func(v int) bool { return iso.verts[v] || iso.stops[v] }
	keepAfter := func(j int) bool { return o.usable(j, false) && !iso.segs[j] }
	passAfter := func(v int) bool { return !o.closed[v] && !blocked(v) }
	var cutS, cutV map[int]bool
	if len(o.source) > 0 {
		before := o.supplied(func(j int) bool { return o.usable(j, false) }, func(v int) bool { return !o.closed[v] }, func(int) bool { return true })
		after := o.supplied(keepAfter, passAfter, func(v int) bool { return !blocked(v) })
		cutS, cutV = minus(before.segs, after.segs, iso.segs), minus(before.verts, after.verts, iso.verts, iso.stops)
	} else {
		c := o.cached(st, false)
		cutS, cutV = o.smallerPieces(c.verts, keepAfter, passAfter, blocked)
	}
	return o.answer(iso.segs, iso.verts, iso.stops, cutS, cutV)
}

// supplied is what the sources reach (sources for which use is true).
func (o *oracle) supplied(keep func(j int) bool, pass func(v int) bool, use func(v int) bool) flood {
	all := flood{segs: map[int]bool{}, verts: map[int]bool{}, stops: map[int]bool{}}
	for v := range o.source {
		if !use(v) {
			continue
		}
		f := o.flood(oStart{seg: -1, vert: v}, keep, func(w int) bool { return w == v || pass(w) })
		for k := range f.segs {
			all.segs[k] = true
		}
		for k := range f.verts {
			all.verts[k] = true
		}
	}
	return all
}

// smallerPieces splits the part around the break into pieces after the
// closure and returns all but the largest.
func (o *oracle) smallerPieces(verts map[int]bool, keep func(int) bool, pass func(int) bool, blocked func(int) bool) (map[int]bool, map[int]bool) {
	type piece struct {
		segs, verts map[int]bool
		minID       string
	}
	var pieces []piece
	seen := map[int]bool{}
	uf := o.components(keep, pass)
	for _, v := range sortedKeys(verts) {
		if blocked(v) || seen[v] {
			continue
		}
		f := o.reach(uf, oStart{seg: -1, vert: v}, keep, pass)
		p := piece{segs: f.segs, verts: f.verts, minID: "\xff"}
		for j := range f.segs {
			p.minID = min(p.minID, o.segs[j].ID)
		}
		for w := range f.verts {
			seen[w] = true
		}
		pieces = append(pieces, p)
	}
	best := 0
	for i, p := range pieces {
		b := pieces[best]
		if len(p.segs) > len(b.segs) || len(p.segs) == len(b.segs) &&
			p.minID < b.minID {
			best = i
		}
	}
	segs, vs := map[int]bool{}, map[int]bool{}
	for i, p := range pieces {
		if i == best {
			continue
		}
		for j := range p.segs {
			segs[j] = true
		}
		for v := range p.verts {
			vs[v] = true
		}
	}
	return segs, vs
}

func minus(a map[int]bool, drop ...map[int]bool) map[int]bool {
	out := map[int]bool{}
	for k := range a {
		keep := true
		for _, d := range drop {
			keep = keep && !d[k]
		}
		if keep {
			out[k] = true
		}
	}
	return out
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// answer turns index sets into id lists.
func (o *oracle) answer(segs, verts, stops, cutSegs, cutVerts map[int]bool) oAnswer {
	var a oAnswer
	bset := map[string]bool{}
	for j := range segs {
		a.segs = append(a.segs, o.segs[j].ID)
	}
	for j := range cutSegs {
		a.cutSegs = append(a.cutSegs, o.segs[j].ID)
	}
	nodeIDs := func(vs map[int]bool) []string {
		var out []string
		for v := range vs {
			for _, i := range o.nodesAt[v] {
				out = append(out, o.nodes[i].ID)
				if b := o.nodes[i].Building; b != "" && !bset[b] {
					bset[b] = true
					a.buildings = append(a.buildings, b)
				}
			}
		}
		return out
	}
	a.nodes, a.cutNodes = nodeIDs(verts), nodeIDs(cutVerts)
	for v := range stops {
		for _, i := range o.nodesAt[v] {
			if o.nodes[i].NodeKind == twin.NodeValve {
				a.valves = append(a.valves, o.nodes[i].ID)
			}
		}
	}
	return a
}
