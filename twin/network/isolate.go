package network

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// isolate finds the valves that isolate a break at st, the part between
// them, and what else loses its supply when they are closed.
func (g *Graph) isolate(ctx context.Context, req Request, st start, rules walkRules, out *collector) error {
	inop, err := g.vertexSet(req.InoperableValves, "inoperable valve")
	if err != nil {
		return err
	}
	srcs, err := g.requestSources(req.Sources)
	if err != nil {
		return err
	}
	// Isolation always takes closed valves as closed.
	rules.passClosed = false
	iso := rules
	iso.valves, iso.inoperable = true, inop
	w := g.newWalker(iso)
	w.begin(g, st)
	if err := w.run(ctx, nil); err != nil {
		return err
	}
	after := rules
	after.blockedV, after.removedE = g.closure(w)
	var cut *walker
	if len(srcs) > 0 {
		cut, err = g.cutFromSources(ctx, rules, after, srcs, out)
	} else {
		cut, err = g.cutLargestPiece(ctx, rules, after, st, out)
	}
	if err != nil {
		return err
	}
	out.isolation(w, cut)
	return nil
}

// vertexSet maps node ids to their vertices.
func (g *Graph) vertexSet(ids []string, what string) (map[int32]bool, error) {
	set := map[int32]bool{}
	for _, id := range ids {
		ni, ok := g.nodeIdx[id]
		if !ok {
			return nil, fmt.Errorf("%w: %s %q is not a node of %s/%s", ErrBadRequest, what, id, g.dataset, g.net)
		}
		set[g.nodes[ni].vertex] = true
	}
	return set, nil
}

// closure is what the isolation walk w takes out of service: its vertices
// and the valves it stopped at are blocked, its edges removed.
func (g *Graph) closure(w *walker) (blockedV, removedE []bool) {
	blockedV = make([]bool, len(g.vFlags))
	removedE = make([]bool, len(g.edges))
	for _, v := range w.verts {
		blockedV[v] = true
	}
	for _, v := range w.stopped {
		blockedV[v] = true
	}
	for _, ei := range w.edges {
		removedE[ei] = true
	}
	return blockedV, removedE
}

// cutFromSources returns, as the vertices and edges of a walker, what the
// sources supplied before the closure and no longer reach after it.
func (g *Graph) cutFromSources(ctx context.Context, before, after walkRules, srcs []int32, out *collector) (*walker, error) {
	out.res.Supply = "sources"
	out.res.Sources = capped(out, out.nodeList(srcs, nil))
	wb, wa := g.newWalker(before), g.newWalker(after)
	for _, s := range srcs {
		wb.startVertex(s)
		if after.blockedV[s] {
			out.note("source %s lies in the isolated part: closing the valves does not stop its flow", g.vertexName(s))
			continue
		}
		wa.startVertex(s)
	}
	if err := wb.run(ctx, nil); err != nil {
		return nil, err
	}
	if err := wa.run(ctx, nil); err != nil {
		return nil, err
	}
	lost := &walker{}
	for _, v := range wb.verts {
		if !wa.seenV[v] && !after.blockedV[v] {
			lost.verts = append(lost.verts, v)
		}
	}
	for _, ei := range wb.edges {
		if !wa.seenE[ei] && !after.removedE[ei] {
			lost.edges = append(lost.edges, ei)
		}
	}
	return lost, nil
}

// cutLargestPiece is the rule for a network without sources: the connected
// part around the break (as operated) falls into pieces when the valves are
// closed; the largest piece (most segments; on a tie, the one with the
// smallest segment id) stays supplied and the others are cut off.
func (g *Graph) cutLargestPiece(ctx context.Context, before, after walkRules, st start, out *collector) (*walker, error) {
	out.res.Supply = "largest_piece"
	wb := g.newWalker(before)
	wb.begin(g, st)
	if err := wb.run(ctx, nil); err != nil {
		return nil, err
	}
	wa := g.newWalker(after)
	type piece struct{ v0, v1, e0, e1, first int }
	var pieces []piece
	best := -1
	for _, v := range wb.verts {
		if wa.seenV[v] || after.blockedV[v] {
			continue
		}
		p := piece{v0: len(wa.verts), e0: len(wa.edges)}
		wa.startVertex(v)
		if err := wa.run(ctx, nil); err != nil {
			return nil, err
		}
		p.v1, p.e1 = len(wa.verts), len(wa.edges)
		p.first = int(slices.Min(append([]int32{math.MaxInt32}, wa.edges[p.e0:p.e1]...)))
		if best < 0 || p.e1-p.e0 > pieces[best].e1-pieces[best].e0 ||
			p.e1-p.e0 == pieces[best].e1-pieces[best].e0 && p.first < pieces[best].first {
			best = len(pieces)
		}
		pieces = append(pieces, p)
	}
	lost := &walker{}
	for i, p := range pieces {
		if i == best {
			continue
		}
		lost.verts = append(lost.verts, wa.verts[p.v0:p.v1]...)
		lost.edges = append(lost.edges, wa.edges[p.e0:p.e1]...)
	}
	if len(pieces) > 1 {
		out.note("the network has no source (reservoir, tank, pump): the largest of the %d pieces left is taken as supplied", len(pieces))
	}
	return lost, nil
}

// vertexName names a vertex by its first node feature, or as a joint.
func (g *Graph) vertexName(v int32) string {
	if g.vNodeAt[v] < g.vNodeAt[v+1] {
		return g.nodes[g.vNodes[g.vNodeAt[v]]].id
	}
	return fmt.Sprintf("joint %d", v)
}
