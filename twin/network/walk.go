package network

import "context"

// walkRules say which edges a walk may use and at which vertices it stops.
type walkRules struct {
	// inactive lets the walk use planned and abandoned segments.
	inactive bool
	// passClosed lets the walk pass closed valves.
	passClosed bool
	// valves makes every valve a stop (isolation) except the inoperable.
	valves     bool
	inoperable map[int32]bool
	// blockedV are extra stops, removedE edges the walk may not use.
	blockedV []bool
	removedE []bool
}

func (r walkRules) usable(e *edgeInfo) bool { return e.active || r.inactive }

// stops says whether a walk that reaches v stays there.
func (r walkRules) stops(g *Graph, v int32) bool {
	f := g.vFlags[v]
	switch {
	case r.blockedV != nil && r.blockedV[v]:
		return true
	case r.valves && f&vValve != 0 && !r.inoperable[v]:
		return true
	}
	return f&vClosed != 0 && !r.passClosed
}

// walker is a breadth-first search over the graph. It records the vertices
// it expanded and the edges it crossed in the order it met them, and the
// stop vertices it reached but did not pass.
type walker struct {
	g       *Graph
	rules   walkRules
	seenV   []bool
	seenE   []bool
	verts   []int32
	edges   []int32
	stopped []int32
	queue   []int32
}

func (g *Graph) newWalker(rules walkRules) *walker {
	return &walker{g: g, rules: rules, seenV: make([]bool, len(g.vFlags)), seenE: make([]bool, len(g.edges))}
}

// startVertex expands v whatever it is (the start of a trace, a source).
func (w *walker) startVertex(v int32) {
	if w.seenV[v] {
		return
	}
	w.seenV[v] = true
	w.verts = append(w.verts, v)
	w.queue = append(w.queue, v)
}

// startEdge crosses edge ei without checking it, reaching the ends given.
func (w *walker) startEdge(ei int32, ends ...int32) {
	if !w.seenE[ei] {
		w.seenE[ei] = true
		w.edges = append(w.edges, ei)
	}
	for _, v := range ends {
		w.reach(v)
	}
}

// reach marks v as met: a stop is recorded, any other vertex queued.
func (w *walker) reach(v int32) {
	if w.seenV[v] {
		return
	}
	w.seenV[v] = true
	if w.rules.stops(w.g, v) {
		w.stopped = append(w.stopped, v)
		return
	}
	w.verts = append(w.verts, v)
	w.queue = append(w.queue, v)
}

// run expands the queue; may says whether edge e may be crossed leaving v
// (nil: any usable edge).
func (w *walker) run(ctx context.Context, may func(v int32, ei int32) bool) error {
	g := w.g
	for steps := 0; len(w.queue) > 0; steps++ {
		if steps%checkEvery == 0 && ctx.Err() != nil {
			return errDeadline(ctx, "trace")
		}
		v := w.queue[0]
		w.queue = w.queue[1:]
		for _, ei := range g.adj[g.adjAt[v]:g.adjAt[v+1]] {
			e := &g.edges[ei]
			if !w.rules.usable(e) || (w.rules.removedE != nil && w.rules.removedE[ei]) {
				continue
			}
			if may != nil && !may(v, ei) {
				continue
			}
			if !w.seenE[ei] {
				w.seenE[ei] = true
				w.edges = append(w.edges, ei)
			}
			w.reach(e.other(v))
		}
	}
	return nil
}

// flowsFrom says whether oriented edge ei carries flow away from v.
func (o *orientation) flowsFrom(g *Graph, v, ei int32) bool {
	e := &g.edges[ei]
	switch o.flow[ei] {
	case 1:
		return e.a == v
	case -1:
		return e.b == v
	}
	return false
}

// flowsInto says whether oriented edge ei carries flow into v.
func (o *orientation) flowsInto(g *Graph, v, ei int32) bool {
	e := &g.edges[ei]
	switch o.flow[ei] {
	case 1:
		return e.b == v
	case -1:
		return e.a == v
	}
	return false
}
