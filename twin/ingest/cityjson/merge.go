package cityjson

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// nodeKey identifies a position in lon/lat to 1e-9° (0.1 mm), so that
// vertices with equal coordinates meet even when they are not shared.
type nodeKey [2]int64

type edgeKey [2]nodeKey

func keyOf(p orb.Point) nodeKey {
	return nodeKey{int64(math.Round(p[0] * 1e9)), int64(math.Round(p[1] * 1e9))}
}

func cmpKey(a, b nodeKey) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }

// Splitting edges at T-junctions.
const (
	splitTolDeg = 2e-8 // about 2 mm: a vertex this close to an edge lies on it
	maxSplitOps = 5e7  // above edges × vertices, edges are not split
)

// mergeRings dissolves the edges that polygons share in projection: edges
// are first split where a vertex of another polygon lies on them (building
// parts meet at T-junctions), then an edge used an even number of times is
// inside the union and the others form its boundary, which is chained into
// rings. It returns nil when the boundary does not chain into closed rings.
func mergeRings(polys []polygon, v *vertices) []orb.Ring {
	var segs []edgeKey
	at := map[nodeKey]orb.Point{}
	for _, p := range polys {
		for _, ring := range p.rings {
			r := toRing(ring, v)
			for i, a := range r {
				b := r[(i+1)%len(r)]
				ka, kb := keyOf(a), keyOf(b)
				if ka != kb {
					at[ka], at[kb] = a, b
					segs = append(segs, edgeKey{ka, kb})
				}
			}
		}
	}
	var nodes []nodeKey
	if float64(len(segs))*float64(len(at)) <= maxSplitOps {
		for k := range at {
			nodes = append(nodes, k)
		}
	}
	count := map[edgeKey]int{}
	for _, s := range segs {
		for _, e := range split(s, nodes, at) {
			if cmpKey(e[0], e[1]) > 0 {
				e = edgeKey{e[1], e[0]}
			}
			count[e]++
		}
	}
	var edges []edgeKey
	for e, n := range count {
		if n%2 == 1 {
			edges = append(edges, e)
		}
	}
	slices.SortFunc(edges, func(a, b edgeKey) int { return cmp.Or(cmpKey(a[0], b[0]), cmpKey(a[1], b[1])) })
	return chain(edges, at)
}

// split cuts a segment at the nodes that lie on it, in order along it.
func split(s edgeKey, nodes []nodeKey, at map[nodeKey]orb.Point) []edgeKey {
	a, b := at[s[0]], at[s[1]]
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	type cut struct {
		t float64
		k nodeKey
	}
	var cuts []cut
	for _, k := range nodes {
		p := at[k]
		t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
		if k == s[0] || k == s[1] || !(t > 0 && t < 1) {
			continue
		}
		if ex, ey := a[0]+t*dx-p[0], a[1]+t*dy-p[1]; ex*ex+ey*ey <= splitTolDeg*splitTolDeg {
			cuts = append(cuts, cut{t, k})
		}
	}
	if len(cuts) == 0 {
		return []edgeKey{s}
	}
	slices.SortFunc(cuts, func(x, y cut) int { return cmp.Compare(x.t, y.t) })
	out := make([]edgeKey, 0, len(cuts)+1)
	prev := s[0]
	for _, c := range cuts {
		out = append(out, edgeKey{prev, c.k})
		prev = c.k
	}
	return append(out, edgeKey{prev, s[1]})
}

// chain walks the boundary edges into closed rings.
func chain(edges []edgeKey, at map[nodeKey]orb.Point) []orb.Ring {
	w := walker{adj: map[nodeKey][]nodeKey{}, used: map[edgeKey]bool{}}
	for _, e := range edges {
		w.adj[e[0]] = append(w.adj[e[0]], e[1])
		w.adj[e[1]] = append(w.adj[e[1]], e[0])
	}
	var rings []orb.Ring
	for _, e := range edges {
		if !w.take(e[0], e[1]) {
			continue
		}
		ring := orb.Ring{at[e[0]], at[e[1]]}
		for cur := e[1]; cur != e[0]; {
			next, ok := w.next(cur)
			if !ok {
				return nil
			}
			ring = append(ring, at[next])
			cur = next
		}
		rings = append(rings, ring)
	}
	return rings
}

// walker follows boundary edges, each once.
type walker struct {
	adj  map[nodeKey][]nodeKey
	used map[edgeKey]bool
}

// take marks the edge a–b used; false if it already was.
func (w *walker) take(a, b nodeKey) bool {
	e := edgeKey{a, b}
	if cmpKey(a, b) > 0 {
		e = edgeKey{b, a}
	}
	if w.used[e] {
		return false
	}
	w.used[e] = true
	return true
}

// next takes an unused edge from cur and returns its other end.
func (w *walker) next(cur nodeKey) (nodeKey, bool) {
	for _, n := range w.adj[cur] {
		if w.take(cur, n) {
			return n, true
		}
	}
	return nodeKey{}, false
}
