package network

import (
	"context"
	"fmt"

	"github.com/citytwin/citytwin/twin"
)

// start is where a trace begins: an edge or a vertex.
type start struct {
	edge   int32 // -1 for a node start
	vertex int32 // the node's vertex (node start)
	kind   twin.Kind
}

// Trace runs a request on the graph. maxResults caps every id list (0: the
// default); the request's MaxResults can only lower it. Engine.Trace is the
// usual entry point; Trace suits callers that hold a graph.
func (g *Graph) Trace(ctx context.Context, req Request, maxResults int) (*Result, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	if maxResults <= 0 {
		maxResults = DefaultMaxResults
	}
	if req.MaxResults > 0 {
		maxResults = min(maxResults, req.MaxResults)
	}
	st, err := g.locate(req.Start)
	if err != nil {
		return nil, err
	}
	if req.Kind == KindIsolate && !canIsolate(g.net) {
		return nil, fmt.Errorf("%w: isolation needs a network with valves (water, gas, heating), not %s", ErrBadRequest, g.net)
	}
	rules := walkRules{inactive: req.IncludeInactive, passClosed: req.PassClosedValves}
	out := &collector{g: g, max: maxResults}
	out.res = Result{Kind: req.Kind, Start: req.Start, Dataset: g.dataset, Network: g.net,
		StartKind: st.kind, Topology: g.topo}
	switch req.Kind {
	case KindConnected:
		w := g.newWalker(rules)
		w.begin(g, st)
		if err := w.run(ctx, nil); err != nil {
			return nil, err
		}
		out.trace(w)
	case KindUpstream, KindDownstream:
		if err := g.directed(ctx, req, st, rules, out); err != nil {
			return nil, err
		}
	case KindIsolate:
		if err := g.isolate(ctx, req, st, rules, out); err != nil {
			return nil, err
		}
	}
	return &out.res, nil
}

// locate finds the start feature in the graph.
func (g *Graph) locate(id string) (start, error) {
	if ei, ok := g.edgeIdx[id]; ok {
		return start{edge: ei, vertex: g.edges[ei].a, kind: twin.KindSegment}, nil
	}
	if ni, ok := g.nodeIdx[id]; ok {
		return start{edge: -1, vertex: g.nodes[ni].vertex, kind: twin.KindNode}, nil
	}
	return start{}, fmt.Errorf("network: start %q is not in %s/%s: %w", id, g.dataset, g.net, twin.ErrNotFound)
}

// begin starts an undirected walk at st: a segment and its two ends (which
// may be stops), or a node (expanded whatever it is).
func (w *walker) begin(g *Graph, st start) {
	if st.edge < 0 {
		w.startVertex(st.vertex)
		return
	}
	e := g.edges[st.edge]
	w.startEdge(st.edge, e.a, e.b)
}

// directed runs an upstream or downstream trace.
func (g *Graph) directed(ctx context.Context, req Request, st start, rules walkRules, out *collector) error {
	srcs, err := g.requestSources(req.Sources)
	if err != nil {
		return err
	}
	var o *orientation
	if len(req.Sources) > 0 || req.IncludeInactive || req.PassClosedValves {
		o, err = g.orientation(ctx, srcs, rules)
	} else {
		o, err = g.defaultOrientation(ctx)
	}
	if err != nil {
		return err
	}
	down := req.Kind == KindDownstream
	may := func(v, ei int32) bool {
		if down {
			return o.flowsFrom(g, v, ei)
		}
		return o.flowsInto(g, v, ei)
	}
	w := g.newWalker(rules)
	if st.edge < 0 {
		w.startVertex(st.vertex)
	} else {
		w.startEdge(st.edge, g.edgeEnds(st.edge, o, down)...)
	}
	if err := w.run(ctx, may); err != nil {
		return err
	}
	out.trace(w)
	out.direction(o, w.edges)
	if o.rule == "sources" {
		out.res.Sources = capped(out, out.nodeList(srcs, nil))
	}
	if o.rule == "digitised" {
		out.res.Notes = append(out.res.Notes, "the network has no source (reservoir, tank, pump): segments are oriented by their digitised direction")
	}
	return nil
}

// edgeEnds is where a directed trace leaves the start segment: its
// downstream (down) or upstream end, or both ends if it is not oriented.
func (g *Graph) edgeEnds(ei int32, o *orientation, down bool) []int32 {
	e := g.edges[ei]
	switch {
	case o.flow[ei] == 0:
		return []int32{e.a, e.b}
	case (o.flow[ei] == 1) == down:
		return []int32{e.b}
	}
	return []int32{e.a}
}

// requestSources are the graph's sources plus the request's, as vertices.
func (g *Graph) requestSources(ids []string) ([]int32, error) {
	srcs := g.sources
	if len(ids) == 0 {
		return srcs, nil
	}
	srcs = append([]int32(nil), srcs...)
	seen := map[int32]bool{}
	for _, v := range srcs {
		seen[v] = true
	}
	for _, id := range ids {
		ni, ok := g.nodeIdx[id]
		if !ok {
			return nil, fmt.Errorf("%w: source %q is not a node of %s/%s", ErrBadRequest, id, g.dataset, g.net)
		}
		if v := g.nodes[ni].vertex; !seen[v] {
			seen[v] = true
			srcs = append(srcs, v)
		}
	}
	return srcs, nil
}
