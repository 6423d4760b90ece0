package network

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Graph is the topology of one network of one dataset: vertices (a node
// feature, several co-located ones, or a joint of segment ends without a
// node feature) joined by edges (segments). It is immutable once built and
// safe for concurrent traces.
type Graph struct {
	dataset string
	net     twin.Network
	topo    Topology

	nodes []nodeInfo // node features, by id
	edges []edgeInfo // segments, by id
	// vertex v holds nodes vNodes[vNodeAt[v]:vNodeAt[v+1]] and touches
	// edges adj[adjAt[v]:adjAt[v+1]].
	vNodeAt, vNodes []int32
	adjAt, adj      []int32
	vFlags          []uint8
	nodeIdx         map[string]int32
	edgeIdx         map[string]int32
	sources         []int32 // source vertices

	orientMu sync.Mutex
	orient   *orientation // default orientation (own sources only)
}

type nodeInfo struct {
	id       string
	kind     twin.NodeKind
	pos      geo.Point3
	building string
	vertex   int32
	closed   bool
	source   bool
	invertM  float64
	hasInv   bool
}

type edgeInfo struct {
	id      string
	a, b    int32 // vertices of the start and end
	lengthM float64
	active  bool
	// flow is the gravity orientation: +1 start→end, -1 end→start.
	flow     int8
	flowRule uint8
}

// Vertex flags.
const (
	vValve uint8 = 1 << iota
	vClosed
	vSource
)

// Build makes the graph of one network of one dataset from its segments and
// nodes (features of other datasets or networks are ignored). See the
// package doc for the topology rules.
func Build(ctx context.Context, dataset string, net twin.Network, segs []*twin.UtilitySegment, nodes []*twin.UtilityNode, opts Options) (*Graph, error) {
	opts = opts.withDefaults()
	segs = slices.DeleteFunc(slices.Clone(segs), func(s *twin.UtilitySegment) bool {
		return s == nil || s.Dataset != dataset || s.Network != net || len(s.Centreline) < 2
	})
	nodes = slices.DeleteFunc(slices.Clone(nodes), func(n *twin.UtilityNode) bool {
		return n == nil || n.Dataset != dataset || n.Network != net
	})
	if len(segs) > opts.MaxGraphSegments || len(nodes) > opts.MaxGraphNodes {
		return nil, errTooLarge(dataset, net, opts)
	}
	slices.SortFunc(segs, func(a, b *twin.UtilitySegment) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(nodes, func(a, b *twin.UtilityNode) int { return cmp.Compare(a.ID, b.ID) })
	segs = slices.CompactFunc(segs, func(a, b *twin.UtilitySegment) bool { return a.ID == b.ID })
	nodes = slices.CompactFunc(nodes, func(a, b *twin.UtilityNode) bool { return a.ID == b.ID })
	g := &Graph{dataset: dataset, net: net}
	g.topo = Topology{Dataset: dataset, Network: net, Segments: len(segs), Nodes: len(nodes),
		Ends: 2 * len(segs), ToleranceM: opts.SnapToleranceM}
	t := newTopoBuilder(segs, nodes, opts.SnapToleranceM)
	if err := t.join(ctx, &g.topo); err != nil {
		return nil, err
	}
	g.fill(t, segs, nodes)
	g.topo.Components = g.components()
	return g, nil
}

// Topology describes how the graph was built.
func (g *Graph) Topology() Topology { return g.topo }

// Dataset is the dataset the graph covers.
func (g *Graph) Dataset() string { return g.dataset }

// Network is the network the graph covers.
func (g *Graph) Network() twin.Network { return g.net }

// fill turns the joined elements into vertices, node and edge tables and
// the adjacency lists.
func (g *Graph) fill(t *topoBuilder, segs []*twin.UtilitySegment, nodes []*twin.UtilityNode) {
	nv := t.vertices()
	g.nodeIdx = make(map[string]int32, len(nodes))
	g.nodes = make([]nodeInfo, len(nodes))
	count := make([]int32, nv+1)
	for i, n := range nodes {
		g.nodes[i] = newNodeInfo(n, t.vertexOf(t.nodeElem(i)))
		g.nodeIdx[n.ID] = int32(i)
		count[g.nodes[i].vertex+1]++
	}
	g.vNodeAt, g.vNodes = csr(count, len(nodes), func(put func(v, x int32)) {
		for i := range g.nodes {
			put(g.nodes[i].vertex, int32(i))
		}
	})
	g.fillEdges(t, segs, nv)
	g.vertexFlags(nv)
	if isGravity(g.net) {
		for i, s := range segs {
			g.edges[i].flow, g.edges[i].flowRule = g.gravityFlow(s, &g.edges[i])
		}
	}
}

// fillEdges makes the edge table and the adjacency lists.
func (g *Graph) fillEdges(t *topoBuilder, segs []*twin.UtilitySegment, nv int) {
	g.edgeIdx = make(map[string]int32, len(segs))
	g.edges = make([]edgeInfo, len(segs))
	count := make([]int32, nv+1)
	for i, s := range segs {
		a, b := t.vertexOf(t.endElem(i, 0)), t.vertexOf(t.endElem(i, 1))
		g.edges[i] = edgeInfo{id: s.ID, a: a, b: b, lengthM: t.planLength(s), active: isActive(s.Status)}
		g.edgeIdx[s.ID] = int32(i)
		count[a+1]++
		if b != a {
			count[b+1]++
		}
	}
	g.adjAt, g.adj = csr(count, 0, func(put func(v, x int32)) {
		for i, e := range g.edges {
			put(e.a, int32(i))
			if e.b != e.a {
				put(e.b, int32(i))
			}
		}
	})
}

// csr builds compressed rows from per-row counts (count[v+1] = size of row v)
// and a filler that puts each value into its row.
func csr(count []int32, total int, fill func(put func(v, x int32))) (at, list []int32) {
	for v := 1; v < len(count); v++ {
		count[v] += count[v-1]
	}
	at = slices.Clone(count)
	list = make([]int32, max(total, int(count[len(count)-1])))
	next := slices.Clone(count[:len(count)-1])
	fill(func(v, x int32) {
		list[next[v]] = x
		next[v]++
	})
	return at, list
}

func (g *Graph) vertexFlags(nv int) {
	g.vFlags = make([]uint8, nv)
	for i := range g.nodes {
		n := &g.nodes[i]
		if n.kind == twin.NodeValve {
			g.vFlags[n.vertex] |= vValve
			if n.closed {
				g.vFlags[n.vertex] |= vClosed
			}
		}
		if n.source {
			g.vFlags[n.vertex] |= vSource
		}
	}
	for v, f := range g.vFlags {
		if f&vSource != 0 {
			g.sources = append(g.sources, int32(v))
		}
	}
	g.topo.Vertices, g.topo.Sources = nv, len(g.sources)
}

// components counts the connected pieces (any status, valves open).
func (g *Graph) components() int {
	uf := newUnionFind(len(g.vFlags))
	for _, e := range g.edges {
		uf.union(e.a, e.b)
	}
	n := 0
	for v := range g.vFlags {
		if uf.find(int32(v)) == int32(v) {
			n++
		}
	}
	return n
}

func isActive(s twin.Status) bool { return s == "" || s == twin.StatusExisting }

func isGravity(n twin.Network) bool { return n == twin.NetworkSewer || n == twin.NetworkStorm }

// canIsolate says whether a network is isolated by valves.
func canIsolate(n twin.Network) bool {
	switch n {
	case twin.NetworkWater, twin.NetworkGas, twin.NetworkHeating, twin.NetworkOther:
		return true
	}
	return false
}

// attrString returns a string attribute, lower-cased and trimmed.
func attrString(a twin.Attributes, key string) string {
	if s, ok := a[key].(string); ok {
		return strings.ToLower(strings.TrimSpace(s))
	}
	return ""
}

// attrFloat returns a numeric attribute.
func attrFloat(a twin.Attributes, key string) (float64, bool) {
	switch v := a[key].(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case int:
		return float64(v), true
	}
	return 0, false
}
