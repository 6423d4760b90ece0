package network

import (
	"context"
	"errors"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

// snapNet exercises the topology rules (see TestTopology).
func snapNet() *testNet {
	n := newTestNet(twin.NetworkWater)
	n.free("A", 0, 0, 10, 0)
	n.free("B", 10.3, 0, 20, 0)
	n.free("C", 20.8, 0, 30, 0)
	n.node("P", twin.NodePump, 30.1, 0)
	n.free("D", 100, 0, 110, 0).EndNode = tid("n1")
	n.free("E", 200, 0, 210, 0).StartNode = tid("n1")
	n.free("F", 0.2, 0.2, -10, 0).StartNode = tid("lonely")
	n.node("J", twin.NodeJunction, 50, 50)
	n.free("G", 50, 50, 60, 50).StartNode = tid("J")
	n.free("H", 300, 0, 300.1, 0)
	return n
}

func TestTopology(t *testing.T) {
	tests := []struct {
		name string
		tol  float64
		want Topology
	}{
		{"default tolerance", 0, Topology{Segments: 8, Nodes: 2, Ends: 16, ByNodeID: 3, Snapped: 5, Dangling: 8,
			SnappedNodes: 1, Vertices: 13, Components: 5, Sources: 1, ToleranceM: 0.5}},
		{"one metre joins B and C", 1, Topology{Segments: 8, Nodes: 2, Ends: 16, ByNodeID: 3, Snapped: 7, Dangling: 6,
			SnappedNodes: 1, Vertices: 12, Components: 4, Sources: 1, ToleranceM: 1}},
	}
	n := snapNet()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := Build(context.Background(), testDS, twin.NetworkWater, n.segs, n.nodes, Options{SnapToleranceM: tc.tol})
			if err != nil {
				t.Fatal(err)
			}
			got := g.Topology()
			tc.want.Dataset, tc.want.Network = testDS, twin.NetworkWater
			if got != tc.want {
				t.Errorf("topology\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestTopologyTraces(t *testing.T) {
	g := snapNet().graph(t)
	tests := []struct {
		name  string
		start string
		segs  []string
		nodes []string
	}{
		{"snapped ends and a lonely id", "A", tids("A", "B", "F"), nil},
		{"orphan pump snapped", "C", tids("C"), tids("P")},
		{"shared id without a node", "D", tids("D", "E"), nil},
		{"named node", "G", tids("G"), tids("J")},
		{"short segment is not a loop", "H", tids("H"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := g.Trace(context.Background(), Request{Kind: KindConnected, Start: tid(tc.start)}, 0)
			if err != nil {
				t.Fatal(err)
			}
			sameSet(t, "segments", res.Segments, tc.segs)
			sameSet(t, "nodes", res.Nodes, tc.nodes)
		})
	}
}

func TestBuildFiltersAndGuards(t *testing.T) {
	n := waterNet()
	other := &twin.UtilitySegment{Header: twin.Header{ID: "u:x", Dataset: "u"}, Network: twin.NetworkWater,
		Centreline: n.segs[0].Centreline}
	gasSeg := *n.segs[0]
	gasSeg.ID, gasSeg.Network = tid("gas"), twin.NetworkGas
	tests := []struct {
		name    string
		segs    []*twin.UtilitySegment
		opts    Options
		wantErr error
		want    int
	}{
		{"other datasets and networks are ignored", append(append([]*twin.UtilitySegment{other, &gasSeg, nil}, n.segs...), n.segs[0]), Options{}, nil, len(n.segs)},
		{"too many segments", n.segs, Options{MaxGraphSegments: 3}, ErrTooLarge, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := Build(context.Background(), testDS, twin.NetworkWater, tc.segs, n.nodes, tc.opts)
			if tc.wantErr != nil {
				if err == nil || !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.Topology().Segments != tc.want {
				t.Errorf("%d segments, want %d", g.Topology().Segments, tc.want)
			}
		})
	}
}
