package network

import (
	"fmt"
	"math"

	"github.com/citytwin/citytwin/twin"
)

// maxNotes caps the notes of a result.
const maxNotes = 20

// collector turns walks into a Result, capping every list.
type collector struct {
	g   *Graph
	max int
	res Result
}

func (c *collector) note(format string, args ...any) {
	if len(c.res.Notes) < maxNotes {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf(format, args...))
	}
}

// capped cuts a list at the result cap and flags the result.
func capped[T any](c *collector, list []T) []T {
	if len(list) > c.max {
		c.res.Truncated = true
		return list[:c.max:c.max]
	}
	if list == nil {
		return []T{}
	}
	return list
}

// segList returns the ids of edges and their total plan length.
func (c *collector) segList(edges []int32) ([]string, float64) {
	ids := make([]string, 0, min(len(edges), c.max))
	sum := 0.0
	for i, ei := range edges {
		if i < c.max {
			ids = append(ids, c.g.edges[ei].id)
		}
		sum += c.g.edges[ei].lengthM
	}
	return ids, math.Round(sum*100) / 100
}

// nodeList returns the node feature ids of vertices (uncapped); buildings,
// if not nil, collects the buildings their service connections feed.
func (c *collector) nodeList(verts []int32, buildings *buildingSet) []string {
	var ids []string
	for _, v := range verts {
		for _, ni := range c.g.vNodes[c.g.vNodeAt[v]:c.g.vNodeAt[v+1]] {
			n := &c.g.nodes[ni]
			ids = append(ids, n.id)
			if buildings != nil && n.building != "" {
				buildings.add(n.building)
			}
		}
	}
	return ids
}

// valves lists the valves of vertices.
func (c *collector) valves(verts []int32) []Valve {
	var out []Valve
	for _, v := range verts {
		for _, ni := range c.g.vNodes[c.g.vNodeAt[v]:c.g.vNodeAt[v+1]] {
			if n := &c.g.nodes[ni]; n.kind == twin.NodeValve {
				out = append(out, Valve{ID: n.id, Position: n.pos, Closed: n.closed})
			}
		}
	}
	return out
}

type buildingSet struct {
	seen map[string]bool
	ids  []string
}

func (b *buildingSet) add(id string) {
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	if !b.seen[id] {
		b.seen[id] = true
		b.ids = append(b.ids, id)
	}
}

// trace fills a connected, upstream or downstream result from its walk.
func (c *collector) trace(w *walker) {
	var b buildingSet
	nodes := c.nodeList(w.verts, &b)
	valves := c.valves(w.stopped)
	c.res.Counts = Counts{Segments: len(w.edges), Nodes: len(nodes), Buildings: len(b.ids), Valves: len(valves)}
	c.res.Segments, c.res.LengthM = c.segList(w.edges)
	c.res.Truncated = len(w.edges) > c.max
	c.res.Nodes = capped(c, nodes)
	c.res.Valves = capped(c, valves)
	c.res.Buildings = capped(c, b.ids)
}

// isolation fills an isolation result: the isolated walk (its stops are the
// valves to close) and the cut-off part.
func (c *collector) isolation(w, cut *walker) {
	var b buildingSet
	nodes := c.nodeList(w.verts, &b)
	cutNodes := c.nodeList(cut.verts, &b)
	valves := c.valves(w.stopped)
	c.res.Counts = Counts{Segments: len(w.edges), Nodes: len(nodes), Buildings: len(b.ids),
		Valves: len(valves), CutSegments: len(cut.edges), CutNodes: len(cutNodes)}
	c.res.Segments, c.res.LengthM = c.segList(w.edges)
	c.res.CutSegments, c.res.CutLengthM = c.segList(cut.edges)
	c.res.Truncated = len(w.edges) > c.max || len(cut.edges) > c.max
	c.res.Nodes = capped(c, nodes)
	c.res.CutNodes = capped(c, cutNodes)
	c.res.Valves = capped(c, valves)
	c.res.Buildings = capped(c, b.ids)
	if len(valves) == 0 {
		c.note("no valve bounds the break: the whole connected part must be shut down")
	}
}

// direction counts the orientation rules of the crossed edges.
func (c *collector) direction(o *orientation, edges []int32) {
	d := &Direction{Rule: o.rule}
	for _, ei := range edges {
		switch o.by[ei] {
		case ruleAttribute:
			d.ByAttribute++
		case ruleInvert:
			d.ByInvert++
		case ruleSources:
			d.BySources++
		case ruleDigitised:
			d.ByDigitised++
		default:
			d.Undirected++
		}
	}
	c.res.Direction = d
}
