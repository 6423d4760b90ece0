package network

import (
	"context"
	"errors"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

// waterNet is a small water network with known answers:
//
//	R —a— J1 —b— Va —c— T1 —d— Vb —e— J2 —h— Vd(closed) —i— J3 ··p(planned)·· P1
//	       \                  |          |  \
//	        f— Vc ———— g —————+——————————+   k— D —s2— S2(building B2)
//	                          s1
//	                          S1 (building B1)
//
// The loop f–Vc–g is longer than the main, so J2 is nearest R along b–e.
func waterNet() *testNet {
	n := newTestNet(twin.NetworkWater)
	n.node("R", twin.NodeReservoir, 0, 0)
	n.node("J1", twin.NodeJunction, 100, 0)
	n.node("Va", twin.NodeValve, 120, 0, "normally", "open")
	n.node("T1", twin.NodeJunction, 200, 0)
	n.node("Vb", twin.NodeValve, 280, 0)
	n.node("J2", twin.NodeJunction, 300, 0)
	n.node("Vd", twin.NodeValve, 320, 0, "normally", "closed")
	n.node("J3", twin.NodeJunction, 400, 0)
	n.node("P1", twin.NodeJunction, 500, 0)
	n.node("Vc", twin.NodeValve, 200, 50)
	n.node("S1", twin.NodeService, 200, -20).Building = "b:B1"
	n.node("D", twin.NodeJunction, 300, -50)
	n.node("S2", twin.NodeService, 320, -50).Building = "b:B2"
	for _, s := range [][3]string{{"a", "R", "J1"}, {"b", "J1", "Va"}, {"c", "Va", "T1"}, {"d", "T1", "Vb"},
		{"e", "Vb", "J2"}, {"h", "J2", "Vd"}, {"i", "Vd", "J3"}, {"p", "J3", "P1"}, {"f", "J1", "Vc"},
		{"g", "Vc", "J2"}, {"s1", "T1", "S1"}, {"k", "J2", "D"}, {"s2", "D", "S2"}} {
		n.seg(s[0], s[1], s[2])
	}
	n.segs[7].Status = twin.StatusPlanned
	return n
}

func TestTraceWater(t *testing.T) {
	g := waterNet().graph(t)
	tests := []struct {
		name     string
		req      Request
		segs     []string
		nodes    []string
		valves   []string
		cutSegs  []string
		cutNodes []string
		builds   []string
		supply   string
	}{
		{name: "connected stops at the closed valve", req: Request{Kind: KindConnected, Start: tid("a")},
			segs:   tids("a", "b", "c", "d", "e", "f", "g", "h", "k", "s1", "s2"),
			nodes:  tids("R", "J1", "Va", "T1", "Vb", "J2", "Vc", "D", "S1", "S2"),
			valves: tids("Vd"), builds: []string{"b:B1", "b:B2"}},
		{name: "connected beyond the closed valve", req: Request{Kind: KindConnected, Start: tid("i")},
			segs: tids("i"), nodes: tids("J3"), valves: tids("Vd")},
		{name: "connected through closed valves and planned pipes", req: Request{Kind: KindConnected, Start: tid("i"), PassClosedValves: true, IncludeInactive: true},
			segs:   tids("a", "b", "c", "d", "e", "f", "g", "h", "i", "k", "p", "s1", "s2"),
			nodes:  tids("R", "J1", "Va", "T1", "Vb", "J2", "Vc", "Vd", "D", "S1", "S2", "J3", "P1"),
			builds: []string{"b:B1", "b:B2"}},
		{name: "connected from a node", req: Request{Kind: KindConnected, Start: tid("J3")},
			segs: tids("i"), nodes: tids("J3"), valves: tids("Vd")},
		{name: "upstream of a dead end", req: Request{Kind: KindUpstream, Start: tid("k")},
			segs:  tids("k", "e", "d", "c", "b", "a", "g", "f"),
			nodes: tids("J2", "Vb", "T1", "Va", "J1", "R", "Vc")},
		{name: "downstream of the reservoir main", req: Request{Kind: KindDownstream, Start: tid("a")},
			segs:   tids("a", "b", "c", "d", "e", "f", "g", "h", "k", "s1", "s2"),
			nodes:  tids("J1", "Va", "T1", "Vb", "J2", "Vc", "D", "S1", "S2"),
			valves: tids("Vd"), builds: []string{"b:B1", "b:B2"}},
		{name: "downstream of a service", req: Request{Kind: KindDownstream, Start: tid("s1")},
			segs: tids("s1"), nodes: tids("S1"), builds: []string{"b:B1"}},
		{name: "isolate between a valve pair", req: Request{Kind: KindIsolate, Start: tid("c")},
			segs: tids("c", "d", "s1"), nodes: tids("T1", "S1"), valves: tids("Va", "Vb"),
			builds: []string{"b:B1"}, supply: "sources"},
		{name: "isolate a dead end", req: Request{Kind: KindIsolate, Start: tid("s2")},
			segs: tids("s2", "k", "e", "g", "h"), nodes: tids("S2", "D", "J2"), valves: tids("Vb", "Vc", "Vd"),
			builds: []string{"b:B2"}, supply: "sources"},
		{name: "isolate the source main cuts everything", req: Request{Kind: KindIsolate, Start: tid("a")},
			segs: tids("a", "b", "f"), nodes: tids("R", "J1"), valves: tids("Va", "Vc"),
			cutSegs:  tids("c", "d", "e", "g", "h", "k", "s1", "s2"),
			cutNodes: tids("T1", "Vb", "J2", "D", "S1", "S2"), builds: []string{"b:B1", "b:B2"}, supply: "sources"},
		{name: "isolate with an extra source", req: Request{Kind: KindIsolate, Start: tid("a"), Sources: tids("D")},
			segs: tids("a", "b", "f"), nodes: tids("R", "J1"), valves: tids("Va", "Vc"), supply: "sources"},
		{name: "isolate past an inoperable valve", req: Request{Kind: KindIsolate, Start: tid("c"), InoperableValves: tids("Va")},
			segs: tids("a", "b", "c", "d", "f", "s1"), nodes: tids("R", "J1", "Va", "T1", "S1"), valves: tids("Vb", "Vc"),
			cutSegs: tids("e", "g", "h", "k", "s2"), cutNodes: tids("J2", "D", "S2"),
			builds: []string{"b:B1", "b:B2"}, supply: "sources"},
		{name: "isolate at a node", req: Request{Kind: KindIsolate, Start: tid("T1")},
			segs: tids("c", "d", "s1"), nodes: tids("T1", "S1"), valves: tids("Va", "Vb"),
			builds: []string{"b:B1"}, supply: "sources"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := g.Trace(context.Background(), tc.req, 0)
			if err != nil {
				t.Fatal(err)
			}
			sameSet(t, "segments", res.Segments, tc.segs)
			sameSet(t, "nodes", res.Nodes, tc.nodes)
			sameSet(t, "valves", valveIDs(res.Valves), tc.valves)
			sameSet(t, "cut segments", res.CutSegments, tc.cutSegs)
			sameSet(t, "cut nodes", res.CutNodes, tc.cutNodes)
			sameSet(t, "buildings", res.Buildings, tc.builds)
			if res.Supply != tc.supply {
				t.Errorf("supply %q, want %q", res.Supply, tc.supply)
			}
			if res.Counts.Segments != len(tc.segs) || res.Truncated {
				t.Errorf("counts %+v truncated %v", res.Counts, res.Truncated)
			}
		})
	}
}

func TestTraceNotes(t *testing.T) {
	g := waterNet().graph(t)
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"source inside the isolated part", Request{Kind: KindIsolate, Start: tid("a")},
			"source t:R lies in the isolated part: closing the valves does not stop its flow"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := g.Trace(context.Background(), tc.req, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Notes) != 1 || res.Notes[0] != tc.want {
				t.Errorf("notes %q, want [%q]", res.Notes, tc.want)
			}
		})
	}
}

func TestTraceErrors(t *testing.T) {
	water := waterNet().graph(t)
	sewer := sewerNet().graph(t)
	tests := []struct {
		name string
		g    *Graph
		req  Request
		want error
	}{
		{"unknown kind", water, Request{Kind: "sideways", Start: tid("a")}, ErrBadRequest},
		{"no start", water, Request{Kind: KindConnected}, ErrBadRequest},
		{"negative cap", water, Request{Kind: KindConnected, Start: tid("a"), MaxResults: -1}, ErrBadRequest},
		{"start not in the graph", water, Request{Kind: KindConnected, Start: tid("nope")}, twin.ErrNotFound},
		{"isolate a sewer", sewer, Request{Kind: KindIsolate, Start: tid("s1")}, ErrBadRequest},
		{"unknown source", water, Request{Kind: KindIsolate, Start: tid("a"), Sources: tids("nope")}, ErrBadRequest},
		{"unknown inoperable valve", water, Request{Kind: KindIsolate, Start: tid("a"), InoperableValves: tids("nope")}, ErrBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.g.Trace(context.Background(), tc.req, 0)
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestTraceLimits(t *testing.T) {
	g := waterNet().graph(t)
	t.Run("result cap", func(t *testing.T) {
		res, err := g.Trace(context.Background(), Request{Kind: KindConnected, Start: tid("a"), MaxResults: 3}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Truncated || len(res.Segments) != 3 || len(res.Nodes) != 3 || res.Counts.Segments != 11 || res.Counts.Nodes != 10 {
			t.Errorf("truncated %v, %d segments, %d nodes, counts %+v", res.Truncated, len(res.Segments), len(res.Nodes), res.Counts)
		}
	})
	t.Run("engine cap wins over a larger request", func(t *testing.T) {
		res, err := g.Trace(context.Background(), Request{Kind: KindConnected, Start: tid("a"), MaxResults: 100}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Segments) != 2 || !res.Truncated {
			t.Errorf("%d segments, truncated %v", len(res.Segments), res.Truncated)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := g.Trace(ctx, Request{Kind: KindConnected, Start: tid("a")}, 0)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
}
