package network

import (
	"context"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

// sewerNet is a small gravity network:
//
//	M1 —s1→ M2 —s2→ M3 ←s4(reversed by inverts)— M5 —s5→ M6 —s6→ M7 —s7(flow_direction reverse)— M8
//	        ↑
//	        s3 (node inverts)
//	        M4
func sewerNet() *testNet {
	n := newTestNet(twin.NetworkSewer)
	n.node("M1", twin.NodeManhole, 0, 0)
	n.node("M2", twin.NodeManhole, 50, 0, "invert_m", 11.0)
	n.node("M3", twin.NodeManhole, 100, 0)
	n.node("M4", twin.NodeManhole, 50, 50, "invert_m", 11.5)
	n.node("M5", twin.NodeManhole, 150, 0)
	n.node("M6", twin.NodeManhole, 200, 0)
	n.node("M7", twin.NodeManhole, 250, 0)
	n.node("M8", twin.NodeManhole, 300, 0)
	n.seg("s1", "M1", "M2", "invert_start_m", 12.0, "invert_end_m", 11.0)
	n.seg("s2", "M2", "M3", "invert_start_m", 11.0, "invert_end_m", 10.0)
	n.seg("s3", "M4", "M2")
	n.seg("s4", "M5", "M3", "invert_start_m", 9.0, "invert_end_m", 9.5)
	n.seg("s5", "M5", "M6")
	n.seg("s6", "M6", "M7", "invert_start_m", 8.0, "invert_end_m", 8.0)
	n.seg("s7", "M8", "M7", "flow_direction", "reverse")
	return n
}

func TestTraceSewer(t *testing.T) {
	g := sewerNet().graph(t)
	tests := []struct {
		name  string
		req   Request
		segs  []string
		nodes []string
		dir   Direction
	}{
		{name: "downstream by inverts, digitised and attribute", req: Request{Kind: KindDownstream, Start: tid("s1")},
			segs: tids("s1", "s2", "s4", "s5", "s6", "s7"), nodes: tids("M2", "M3", "M5", "M6", "M7", "M8"),
			dir: Direction{Rule: "gravity", ByInvert: 3, ByDigitised: 2, ByAttribute: 1}},
		{name: "upstream takes the branch", req: Request{Kind: KindUpstream, Start: tid("s2")},
			segs: tids("s2", "s1", "s3"), nodes: tids("M2", "M1", "M4"),
			dir: Direction{Rule: "gravity", ByInvert: 3}},
		{name: "upstream through a reversed pipe", req: Request{Kind: KindUpstream, Start: tid("s6")},
			segs: tids("s6", "s5", "s4", "s2", "s1", "s3"), nodes: tids("M6", "M5", "M3", "M2", "M1", "M4"),
			dir: Direction{Rule: "gravity", ByInvert: 4, ByDigitised: 2}},
		{name: "downstream from a node", req: Request{Kind: KindDownstream, Start: tid("M4")},
			segs: tids("s3", "s2", "s4", "s5", "s6", "s7"), nodes: tids("M4", "M2", "M3", "M5", "M6", "M7", "M8"),
			dir: Direction{Rule: "gravity", ByInvert: 3, ByDigitised: 2, ByAttribute: 1}},
		{name: "upstream of a head", req: Request{Kind: KindUpstream, Start: tid("M1")},
			nodes: tids("M1"), dir: Direction{Rule: "gravity"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := g.Trace(context.Background(), tc.req, 0)
			if err != nil {
				t.Fatal(err)
			}
			sameSet(t, "segments", res.Segments, tc.segs)
			sameSet(t, "nodes", res.Nodes, tc.nodes)
			if res.Direction == nil || *res.Direction != tc.dir {
				t.Errorf("direction %+v, want %+v", res.Direction, tc.dir)
			}
		})
	}
}

func TestTracePressureWithoutSources(t *testing.T) {
	n := newTestNet(twin.NetworkGas)
	n.node("A", twin.NodeJunction, 0, 0)
	n.node("B", twin.NodeJunction, 10, 0)
	n.node("C", twin.NodeJunction, 20, 0)
	n.seg("ab", "A", "B")
	n.seg("cb", "C", "B")
	g := n.graph(t)
	tests := []struct {
		name string
		req  Request
		segs []string
		rule string
	}{
		{"digitised downstream", Request{Kind: KindDownstream, Start: tid("ab")}, tids("ab"), "digitised"},
		{"digitised upstream", Request{Kind: KindUpstream, Start: tid("ab")}, tids("ab"), "digitised"},
		{"request source orients", Request{Kind: KindDownstream, Start: tid("ab"), Sources: tids("A")}, tids("ab", "cb"), "sources"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := g.Trace(context.Background(), tc.req, 0)
			if err != nil {
				t.Fatal(err)
			}
			sameSet(t, "segments", res.Segments, tc.segs)
			if res.Direction == nil || res.Direction.Rule != tc.rule {
				t.Errorf("direction %+v, want rule %s", res.Direction, tc.rule)
			}
		})
	}
}
