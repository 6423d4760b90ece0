package osm

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/osm"
)

// candidate is a building way or multipolygon relation waiting for its
// geometry. For a way, members holds just the way itself.
type candidate struct {
	typ     osm.Type // osm.TypeWay or osm.TypeRelation
	id      int64
	tags    osm.Tags
	members []osm.WayID
}

// sourceID is the feature's id in the source: "way/<id>" or "relation/<id>".
func (c *candidate) sourceID() string {
	return string(c.typ) + "/" + strconv.FormatInt(c.id, 10)
}

// index gathers, in one pass over a file, the building candidates in file
// order, the node lists of all ways (a relation may come after its member
// ways) and the coordinates of all nodes (ways come after their nodes).
// Both are kept compact: 8 bytes per way node in one shared slice, 16 bytes
// per node, so a city extract of a few million nodes needs well under
// 200 MB.
type index struct {
	candidates []*candidate
	byID       map[string]int          // source id → position in candidates
	refs       []osm.NodeID            // the node lists of all ways, end to end
	ways       map[osm.WayID][2]int    // way → refs[start:end]
	nodes      []nodeCoord             // sorted by id once the pass is over
	sorted     bool                    // nodes came in ascending id order
	invalid    map[osm.NodeID]struct{} // nodes with unusable coordinates
}

// nodeCoord is a node's position in units of 1e-7°, the precision of OSM.
type nodeCoord struct {
	id       osm.NodeID
	lon, lat int32
}

const coordScale = 1e7

func newIndex() *index {
	return &index{ways: map[osm.WayID][2]int{}, byID: map[string]int{}, sorted: true,
		invalid: map[osm.NodeID]struct{}{}}
}

// addCandidate appends c, or replaces an earlier object with the same id
// (the later one wins, as for way node lists).
func (ix *index) addCandidate(c *candidate) {
	id := c.sourceID()
	if i, ok := ix.byID[id]; ok {
		ix.candidates[i] = c
		return
	}
	ix.byID[id] = len(ix.candidates)
	ix.candidates = append(ix.candidates, c)
}

// add takes one object of the file.
func (ix *index) add(o osm.Object) {
	switch v := o.(type) {
	case *osm.Node:
		ix.addNode(v)
	case *osm.Way:
		ix.addWay(v)
	case *osm.Relation:
		ix.addRelation(v)
	}
}

func (ix *index) addNode(n *osm.Node) {
	if !(math.Abs(n.Lon) <= 180 && math.Abs(n.Lat) <= 90) { // also catches NaN
		ix.invalid[n.ID] = struct{}{}
		return
	}
	c := nodeCoord{n.ID, int32(math.Round(n.Lon * coordScale)), int32(math.Round(n.Lat * coordScale))}
	if k := len(ix.nodes); k > 0 && ix.nodes[k-1].id >= n.ID {
		ix.sorted = false
	}
	ix.nodes = append(ix.nodes, c)
}

func (ix *index) addWay(w *osm.Way) {
	start := len(ix.refs)
	for _, n := range w.Nodes {
		ix.refs = append(ix.refs, n.ID)
	}
	ix.ways[w.ID] = [2]int{start, len(ix.refs)}
	if isBuilding(w.Tags) {
		ix.addCandidate(&candidate{typ: osm.TypeWay, id: int64(w.ID), tags: w.Tags, members: []osm.WayID{w.ID}})
	}
}

func (ix *index) addRelation(r *osm.Relation) {
	if r.Tags.Find("type") != "multipolygon" || !isBuilding(r.Tags) {
		return
	}
	c := &candidate{typ: osm.TypeRelation, id: int64(r.ID), tags: r.Tags}
	for _, m := range r.Members {
		if m.Type == osm.TypeWay {
			c.members = append(c.members, osm.WayID(m.Ref))
		}
	}
	ix.addCandidate(c)
}

// isBuilding reports whether tags make a building or building part.
func isBuilding(tags osm.Tags) bool {
	b, p := tags.Find("building"), tags.Find("building:part")
	return (b != "" && b != "no") || (p != "" && p != "no")
}

// finish sorts the nodes by id when the file did not.
func (ix *index) finish() {
	if !ix.sorted {
		slices.SortStableFunc(ix.nodes, func(a, b nodeCoord) int { return cmp.Compare(a.id, b.id) })
		ix.sorted = true
	}
}

// way returns a way's node list.
func (ix *index) way(id osm.WayID) ([]osm.NodeID, bool) {
	span, ok := ix.ways[id]
	return ix.refs[span[0]:span[1]], ok
}

// coord returns a node's lon°, lat°.
func (ix *index) coord(id osm.NodeID) ([2]float64, bool) {
	i, ok := slices.BinarySearchFunc(ix.nodes, id, func(c nodeCoord, id osm.NodeID) int { return cmp.Compare(c.id, id) })
	if !ok {
		return [2]float64{}, false
	}
	c := ix.nodes[i]
	return [2]float64{float64(c.lon) / coordScale, float64(c.lat) / coordScale}, true
}
