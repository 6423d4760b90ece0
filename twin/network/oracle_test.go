package network

import (
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// oracle answers the same questions as Graph by brute force, from the raw
// features, with no spatial index and no adjacency lists: topology by
// comparing every loose end with every node and end, connectivity by
// union-find over all segments, directed traces and distances by repeated
// scans over all segments until nothing changes.
type oracle struct {
	segs    []*twin.UtilitySegment
	nodes   []*twin.UtilityNode
	ends    [][2]int // segment -> vertex labels
	nv      int
	nodesAt map[int][]int
	valve   map[int]bool
	closed  map[int]bool
	source  map[int]bool
	length  []float64
	// ufOps and ufIso cache the union-finds of cached.
	ufOps, ufIso unionFind
}

func newOracle(segs []*twin.UtilitySegment, nodes []*twin.UtilityNode, tol float64) *oracle {
	o := &oracle{segs: segs, nodes: nodes, nodesAt: map[int][]int{}, valve: map[int]bool{},
		closed: map[int]bool{}, source: map[int]bool{}}
	label := o.topology(tol)
	for _, l := range label {
		o.nv = max(o.nv, l+1)
	}
	o.ends = make([][2]int, len(segs))
	for j := range segs {
		o.ends[j] = [2]int{label[len(nodes)+2*j], label[len(nodes)+2*j+1]}
	}
	for i, n := range nodes {
		v := label[i]
		o.nodesAt[v] = append(o.nodesAt[v], i)
		if n.NodeKind == twin.NodeValve {
			o.valve[v] = true
			o.closed[v] = o.closed[v] || attrString(n.Attributes, "normally") == "closed"
		}
		switch {
		case n.NodeKind == twin.NodeReservoir || n.NodeKind == twin.NodeTank || n.NodeKind == twin.NodePump,
			attrString(n.Attributes, "connection") != "":
			o.source[v] = true
		}
	}
	o.length = make([]float64, len(segs))
	for j, s := range segs {
		enu := geo.NewENU(s.Centreline[0])
		for k := 1; k < len(s.Centreline); k++ {
			a, b := enu.FromLLH(s.Centreline[k-1]), enu.FromLLH(s.Centreline[k])
			o.length[j] += math.Hypot(b[0]-a[0], b[1]-a[1])
		}
	}
	return o
}

// topology labels every element (nodes, then the two ends of each segment)
// with its vertex: pairs joined by id or by distance, then labels spread
// over the pairs until they settle.
func (o *oracle) topology(tol float64) []int {
	n := len(o.nodes) + 2*len(o.segs)
	pos := make([]geo.Point3, n)
	id := make([]string, n)
	for i, nd := range o.nodes {
		pos[i] = nd.Position
	}
	for j, s := range o.segs {
		pos[len(o.nodes)+2*j], id[len(o.nodes)+2*j] = s.Centreline[0], s.StartNode
		pos[len(o.nodes)+2*j+1], id[len(o.nodes)+2*j+1] = s.Centreline[len(s.Centreline)-1], s.EndNode
	}
	enu := geo.NewENU(pos[0])
	xy := make([]geo.Point3, n)
	for i, p := range pos {
		xy[i] = enu.FromLLH(geo.Point3{p[0], p[1], 0})
	}
	var pairs [][2]int
	named := make([]bool, len(o.nodes))
	byID := map[string][]int{}
	for i, nd := range o.nodes {
		byID[nd.ID] = append(byID[nd.ID], i)
	}
	for e := len(o.nodes); e < n; e++ {
		if id[e] != "" {
			byID[id[e]] = append(byID[id[e]], e)
		}
	}
	loose := make([]bool, n)
	for e := len(o.nodes); e < n; e++ {
		group := byID[id[e]]
		switch {
		case id[e] == "" || len(group) < 2:
			loose[e] = true
		case group[0] < len(o.nodes):
			pairs = append(pairs, [2]int{e, group[0]})
			named[group[0]] = true
		default:
			pairs = append(pairs, [2]int{e, group[0]})
		}
	}
	for i := range o.nodes {
		loose[i] = !named[i]
	}
	for e := range n {
		if !loose[e] {
			continue
		}
		for f := range n {
			if f == e || e >= len(o.nodes) && f >= len(o.nodes) && (e-len(o.nodes))/2 == (f-len(o.nodes))/2 {
				continue
			}
			if dx, dy := xy[e][0]-xy[f][0], xy[e][1]-xy[f][1]; dx*dx+dy*dy <= tol*tol {
				pairs = append(pairs, [2]int{e, f})
			}
		}
	}
	return settle(n, pairs)
}

// settle gives each element the smallest element joined to it, spreading
// labels over the pairs until they settle, then renumbers them 0...
func settle(n int, pairs [][2]int) []int {
	label := make([]int, n)
	for i := range label {
		label[i] = i
	}
	for changed := true; changed; {
		changed = false
		for _, p := range pairs {
			a, b := label[p[0]], label[p[1]]
			if a != b {
				m := min(a, b)
				label[p[0]], label[p[1]] = m, m
				changed = true
			}
		}
	}
	renum := map[int]int{}
	for i, l := range label {
		if _, ok := renum[l]; !ok {
			renum[l] = len(renum)
		}
		label[i] = renum[l]
	}
	return label
}

func (o *oracle) usable(j int, inactive bool) bool {
	s := o.segs[j].Status
	return inactive || s == "" || s == twin.StatusExisting
}

// components joins, over all segments, those that share a vertex where
// pass(v) is true; keep(j) says which segments take part.
func (o *oracle) components(keep func(j int) bool, pass func(v int) bool) unionFind {
	uf := newUnionFind(len(o.segs))
	first := map[int]int{}
	for j := range o.segs {
		if !keep(j) {
			continue
		}
		for _, v := range o.ends[j] {
			if !pass(v) {
				continue
			}
			if f, ok := first[v]; ok {
				uf.union(int32(j), int32(f))
			} else {
				first[v] = j
			}
		}
	}
	return uf
}
