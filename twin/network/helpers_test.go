package network

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// testNet builds a small network in metres around 10° E, 50° N.
type testNet struct {
	net   twin.Network
	segs  []*twin.UtilitySegment
	nodes []*twin.UtilityNode
	pos   map[string][2]float64
}

const testDS = "t"

func newTestNet(net twin.Network) *testNet {
	return &testNet{net: net, pos: map[string][2]float64{}}
}

func ll(x, y float64) geo.Point3 {
	const m = 6_371_008.8 * math.Pi / 180
	return geo.Point3{10 + x/(m*math.Cos(50*math.Pi/180)), 50 + y/m, 100}
}

func tid(id string) string { return twin.FeatureID(testDS, id) }

func tids(ids ...string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = tid(id)
	}
	return out
}

// attrs turns key, value pairs into Attributes.
func attrs(kv ...any) twin.Attributes {
	a := twin.Attributes{}
	for i := 0; i+1 < len(kv); i += 2 {
		a[kv[i].(string)] = kv[i+1]
	}
	return a
}

func (n *testNet) node(id string, kind twin.NodeKind, x, y float64, kv ...any) *twin.UtilityNode {
	u := &twin.UtilityNode{Header: twin.Header{ID: tid(id), Dataset: testDS, SourceID: id, Attributes: attrs(kv...)},
		Network: n.net, NodeKind: kind, Position: ll(x, y), Status: twin.StatusExisting}
	n.nodes = append(n.nodes, u)
	n.pos[id] = [2]float64{x, y}
	return u
}

// seg joins two nodes by id.
func (n *testNet) seg(id, from, to string, kv ...any) *twin.UtilitySegment {
	a, b := n.pos[from], n.pos[to]
	s := n.free(id, a[0], a[1], b[0], b[1], kv...)
	s.StartNode, s.EndNode = tid(from), tid(to)
	return s
}

// free adds a segment without node ids.
func (n *testNet) free(id string, x0, y0, x1, y1 float64, kv ...any) *twin.UtilitySegment {
	s := &twin.UtilitySegment{Header: twin.Header{ID: tid(id), Dataset: testDS, SourceID: id, Attributes: attrs(kv...)},
		Network: n.net, Centreline: []geo.Point3{ll(x0, y0), ll(x1, y1)}, Status: twin.StatusExisting}
	n.segs = append(n.segs, s)
	return s
}

func (n *testNet) graph(t testing.TB) *Graph {
	t.Helper()
	g, err := Build(context.Background(), testDS, n.net, n.segs, n.nodes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// sameSet reports a difference between two id sets (and duplicates in got).
func sameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	in := make(map[string]bool, len(got))
	var dups, extra, missing []string
	for _, id := range got {
		if in[id] {
			dups = append(dups, id)
		}
		in[id] = true
	}
	wanted := make(map[string]bool, len(want))
	for _, id := range want {
		wanted[id] = true
		if !in[id] {
			missing = append(missing, id)
		}
	}
	for id := range in {
		if !wanted[id] {
			extra = append(extra, id)
		}
	}
	if len(dups)+len(extra)+len(missing) > 0 {
		slices.Sort(extra)
		slices.Sort(missing)
		t.Errorf("%s: %d got, %d wanted; duplicates %v; unexpected %v; missing %v", what, len(got), len(want),
			head(dups), head(extra), head(missing))
	}
}

func head(ids []string) string {
	if len(ids) > 10 {
		return strings.Join(ids[:10], " ") + " ..."
	}
	return strings.Join(ids, " ")
}

func valveIDs(vs []Valve) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.ID
	}
	return out
}
