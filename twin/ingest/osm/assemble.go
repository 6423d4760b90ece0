package osm

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
)

// Reasons for skipping a building whose geometry cannot be assembled, as
// osmium does when it drops an area (extract boundaries cut ways and
// relations; mappers leave rings open).
const (
	skipMissingWay  = "missing member way"
	skipMissingNode = "missing node"
	skipUnclosed    = "unclosed ring"
	skipDegenerate  = "degenerate ring"
	skipInvalid     = "invalid building"
)

// skip says why a candidate yields no building.
type skip struct {
	reason, detail string
}

// polygons assembles a candidate's footprints: rings joined from its ways,
// nested by containment (member roles are ignored, as osmium does), outer
// rings counter-clockwise and holes clockwise, largest polygon first.
func (ix *index) polygons(c *candidate) ([]orb.Polygon, *skip) {
	chains := make([][]osm.NodeID, 0, len(c.members))
	seen := make(map[osm.WayID]bool, len(c.members))
	for _, id := range c.members {
		if seen[id] {
			continue
		}
		seen[id] = true
		refs, ok := ix.way(id)
		if !ok {
			return nil, &skip{skipMissingWay, fmt.Sprintf("way %d", id)}
		}
		chains = append(chains, refs)
	}
	idRings, sk := joinRings(chains)
	if sk != nil {
		return nil, sk
	}
	rings := make([]orb.Ring, len(idRings))
	for i, ids := range idRings {
		var sk *skip
		if rings[i], sk = ix.ring(ids); sk != nil {
			return nil, sk
		}
	}
	return nest(rings), nil
}

// ring looks up the coordinates of a closed list of nodes.
func (ix *index) ring(ids []osm.NodeID) (orb.Ring, *skip) {
	r := make(orb.Ring, len(ids))
	for i, id := range ids {
		c, ok := ix.coord(id)
		if !ok {
			detail := fmt.Sprintf("node %d", id)
			if _, bad := ix.invalid[id]; bad {
				detail += " has coordinates outside WGS84"
			}
			return nil, &skip{skipMissingNode, detail}
		}
		r[i] = orb.Point(c)
	}
	if math.Abs(ringArea(r)) < minAreaDeg2 {
		return nil, &skip{skipDegenerate, "ring has no area"}
	}
	return r, nil
}

// segment is an undirected edge between two nodes, smaller id first.
type segment struct{ a, b osm.NodeID }

func newSegment(a, b osm.NodeID) segment {
	if b < a {
		a, b = b, a
	}
	return segment{a, b}
}

// joinRings builds closed rings from the segments of some ways, as
// osmium's assembler does: segments that occur twice cancel out (two
// touching rings drawn as one outline share an edge), the rest are walked
// end to end, and a walk that comes back to a node it passed splits off a
// ring there, so rings touching at a node stay simple. A node where an odd
// number of segments end leaves a ring open.
func joinRings(chains [][]osm.NodeID) ([][]osm.NodeID, *skip) {
	if len(chains) == 1 && simpleRing(chains[0]) {
		return chains, nil // the common case: one closed way
	}
	segs := oddSegments(chains)
	adj := make(map[osm.NodeID][]int, len(segs))
	for i, s := range segs {
		adj[s.a] = append(adj[s.a], i)
		adj[s.b] = append(adj[s.b], i)
	}
	for _, s := range segs {
		for _, n := range []osm.NodeID{s.a, s.b} {
			if len(adj[n])%2 == 1 {
				return nil, &skip{skipUnclosed, fmt.Sprintf("open end at node %d", n)}
			}
		}
	}
	used := make([]bool, len(segs))
	var rings [][]osm.NodeID
	for i := range segs {
		if !used[i] {
			rings = walk(segs, adj, used, i, rings)
		}
	}
	if len(rings) == 0 {
		return nil, &skip{skipDegenerate, "no ring"}
	}
	for _, r := range rings {
		if len(r) < 4 {
			return nil, &skip{skipDegenerate, fmt.Sprintf("ring of %d nodes", len(r))}
		}
	}
	return rings, nil
}

// simpleRing reports whether ids is closed, has at least four nodes and
// passes no node twice.
func simpleRing(ids []osm.NodeID) bool {
	n := len(ids)
	if n < 4 || ids[0] != ids[n-1] {
		return false
	}
	sorted := slices.Clone(ids[:n-1])
	slices.Sort(sorted)
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return false
		}
	}
	return true
}

// oddSegments lists, in order of first appearance, the segments that occur
// an odd number of times.
func oddSegments(chains [][]osm.NodeID) []segment {
	count := map[segment]int{}
	for _, ch := range chains {
		for i := 0; i+1 < len(ch); i++ {
			if ch[i] != ch[i+1] {
				count[newSegment(ch[i], ch[i+1])]++
			}
		}
	}
	var segs []segment
	for _, ch := range chains {
		for i := 0; i+1 < len(ch); i++ {
			s := newSegment(ch[i], ch[i+1])
			if count[s]%2 == 1 {
				segs = append(segs, s)
				count[s] = 0 // list once
			}
		}
	}
	return segs
}

// walk follows unused segments from segs[first] until the path closes,
// appending every ring it closes on the way to rings.
func walk(segs []segment, adj map[osm.NodeID][]int, used []bool, first int, rings [][]osm.NodeID) [][]osm.NodeID {
	used[first] = true
	path := []osm.NodeID{segs[first].a, segs[first].b}
	at := map[osm.NodeID]int{segs[first].a: 0, segs[first].b: 1}
	for len(path) > 1 {
		cur := path[len(path)-1]
		j := slices.IndexFunc(adj[cur], func(k int) bool { return !used[k] })
		if j < 0 {
			break // cannot happen when every degree is even
		}
		s := segs[adj[cur][j]]
		used[adj[cur][j]] = true
		next := s.a
		if next == cur {
			next = s.b
		}
		k, seen := at[next]
		if !seen {
			at[next] = len(path)
			path = append(path, next)
			continue
		}
		ring := append(slices.Clone(path[k:]), next)
		rings = append(rings, ring)
		for _, n := range path[k+1:] {
			delete(at, n)
		}
		path = path[:k+1]
	}
	return rings
}

// nest groups rings into polygons: a ring inside an odd number of others is
// a hole of the smallest ring around it.
func nest(rings []orb.Ring) []orb.Polygon {
	order := make([]int, len(rings))
	area := make([]float64, len(rings))
	for i, r := range rings {
		order[i], area[i] = i, math.Abs(ringArea(r))
	}
	slices.SortStableFunc(order, func(a, b int) int { return -cmpFloat(area[a], area[b]) })
	depth := make([]int, len(rings))
	poly := make([]int, len(rings)) // index into polys of a ring's polygon
	var polys []orb.Polygon
	for p, i := range order {
		parent := -1
		for q := p - 1; q >= 0; q-- {
			if ringInside(rings[i], rings[order[q]]) {
				parent = order[q]
				break
			}
		}
		if parent >= 0 {
			depth[i] = depth[parent] + 1
		}
		if depth[i]%2 == 0 {
			poly[i] = len(polys)
			polys = append(polys, orb.Polygon{orient(rings[i], true)})
			continue
		}
		poly[i] = poly[parent]
		polys[poly[i]] = append(polys[poly[i]], orient(rings[i], false))
	}
	return polys
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
