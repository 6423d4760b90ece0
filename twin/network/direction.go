package network

import (
	"container/heap"
	"context"
	"math"

	"github.com/citytwin/citytwin/twin"
)

// Orientation rules of a segment.
const (
	ruleNone uint8 = iota
	ruleAttribute
	ruleInvert
	ruleSources
	ruleDigitised
)

// invertEpsM is the smallest invert difference that orients a gravity
// segment, metres.
const invertEpsM = 0.001

// flowKeys are segment attributes that state the flow direction.
var flowKeys = []string{"flow_direction", "flow_dir"}

// gravityFlow orients a sewer or storm segment: a flow_direction attribute,
// else its inverts (segment attributes, else the end nodes' invert_m), else
// its digitised direction.
func (g *Graph) gravityFlow(s *twin.UtilitySegment, e *edgeInfo) (int8, uint8) {
	for _, k := range flowKeys {
		switch attrString(s.Attributes, k) {
		case "forward", "with", "start_to_end", "downstream", "digitised", "digitized":
			return 1, ruleAttribute
		case "reverse", "against", "end_to_start", "upstream", "backward":
			return -1, ruleAttribute
		}
	}
	a, okA := firstFloat(s.Attributes, startInvertKeys)
	b, okB := firstFloat(s.Attributes, endInvertKeys)
	if !okA {
		a, okA = g.vertexInvert(e.a, s.StartNode)
	}
	if !okB {
		b, okB = g.vertexInvert(e.b, s.EndNode)
	}
	if okA && okB && math.Abs(a-b) >= invertEpsM {
		if a > b {
			return 1, ruleInvert
		}
		return -1, ruleInvert
	}
	return 1, ruleDigitised
}

// vertexInvert is the invert of the node named id, else of the first node of
// vertex v that has one.
func (g *Graph) vertexInvert(v int32, id string) (float64, bool) {
	if i, ok := g.nodeIdx[id]; ok && g.nodes[i].vertex == v && g.nodes[i].hasInv {
		return g.nodes[i].invertM, true
	}
	for _, i := range g.vNodes[g.vNodeAt[v]:g.vNodeAt[v+1]] {
		if g.nodes[i].hasInv {
			return g.nodes[i].invertM, true
		}
	}
	return 0, false
}

// orientation orients every edge for a directed trace.
type orientation struct {
	rule string
	flow []int8 // +1 a→b, -1 b→a, 0 not crossed
	by   []uint8
}

// defaultOrientation is the orientation for traces without overrides,
// computed on first use.
func (g *Graph) defaultOrientation(ctx context.Context) (*orientation, error) {
	g.orientMu.Lock()
	defer g.orientMu.Unlock()
	if g.orient == nil {
		o, err := g.orientation(ctx, g.sources, walkRules{})
		if err != nil {
			return nil, err
		}
		g.orient = o
	}
	return g.orient, nil
}

// orientation orients the edges: gravity networks by their own flow, pressure
// networks away from the nearest source (by pipe length over the traversable
// edges), or by digitised direction when there is no source.
func (g *Graph) orientation(ctx context.Context, sources []int32, rules walkRules) (*orientation, error) {
	o := &orientation{flow: make([]int8, len(g.edges)), by: make([]uint8, len(g.edges))}
	switch {
	case isGravity(g.net):
		o.rule = "gravity"
		for i, e := range g.edges {
			o.flow[i], o.by[i] = e.flow, e.flowRule
		}
	case len(sources) == 0:
		o.rule = "digitised"
		for i := range g.edges {
			o.flow[i], o.by[i] = 1, ruleDigitised
		}
	default:
		o.rule = "sources"
		dist, err := g.distances(ctx, sources, rules)
		if err != nil {
			return nil, err
		}
		for i, e := range g.edges {
			da, db := dist[e.a], dist[e.b]
			switch {
			case math.IsInf(da, 1) || math.IsInf(db, 1) || da == db:
				o.flow[i], o.by[i] = 0, ruleNone
			case da < db:
				o.flow[i], o.by[i] = 1, ruleSources
			default:
				o.flow[i], o.by[i] = -1, ruleSources
			}
		}
	}
	return o, nil
}

// distances runs Dijkstra from the sources over the traversable edges
// (closed valves are reached but not passed) and returns the pipe length
// from the nearest source to every vertex (+Inf if unreachable).
func (g *Graph) distances(ctx context.Context, sources []int32, rules walkRules) ([]float64, error) {
	dist := make([]float64, len(g.vFlags))
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	h := &distHeap{}
	for _, s := range sources {
		dist[s] = 0
		heap.Push(h, distItem{s, 0})
	}
	for steps := 0; h.Len() > 0; steps++ {
		if steps%checkEvery == 0 && ctx.Err() != nil {
			return nil, errDeadline(ctx, "orient")
		}
		it := heap.Pop(h).(distItem)
		if it.d > dist[it.v] || (rules.stops(g, it.v) && it.d > 0) {
			continue
		}
		for _, ei := range g.adj[g.adjAt[it.v]:g.adjAt[it.v+1]] {
			e := &g.edges[ei]
			if !rules.usable(e) {
				continue
			}
			w := e.other(it.v)
			if d := it.d + e.lengthM; d < dist[w] {
				dist[w] = d
				heap.Push(h, distItem{w, d})
			}
		}
	}
	return dist, nil
}

func (e *edgeInfo) other(v int32) int32 {
	if e.a == v {
		return e.b
	}
	return e.a
}

type distItem struct {
	v int32
	d float64
}

type distHeap []distItem

func (h distHeap) Len() int           { return len(h) }
func (h distHeap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h distHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)        { *h = append(*h, x.(distItem)) }
func (h *distHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
