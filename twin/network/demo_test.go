package network

import (
	"context"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

func demoGraph(t *testing.T, net twin.Network) *Graph {
	t.Helper()
	g, err := Load(context.Background(), demoStore(t), demoDS, net, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestDemoWaterValves isolates every existing water main of the demo: the
// valves on every junction leg must cut small pieces, and list the right
// valves.
func TestDemoWaterValves(t *testing.T) {
	g := demoGraph(t, twin.NetworkWater)
	prefix := demoDS + ":water-main-"
	tested := 0
	for _, e := range g.edges {
		if !strings.HasPrefix(e.id, prefix) || !e.active {
			continue
		}
		tested++
		res, err := g.Trace(context.Background(), Request{Kind: KindIsolate, Start: e.id}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var mains, junctions []string
		for _, id := range res.Segments {
			if strings.HasPrefix(id, prefix) {
				mains = append(mains, id)
			}
		}
		for _, id := range res.Nodes {
			if strings.HasPrefix(id, demoDS+":water-junction-") {
				junctions = append(junctions, id)
			}
		}
		valves := valveIDs(res.Valves)
		name := e.id[len(prefix):]
		edgeKey := name[:strings.LastIndex(name, "-")]
		switch {
		case len(res.CutSegments) > 0 || res.Supply != "largest_piece":
			t.Errorf("%s: %d segments cut off in a looped grid (supply %s)", e.id, len(res.CutSegments), res.Supply)
		case len(mains) > 16 || len(valves) < 2 || len(valves) > 4:
			t.Errorf("%s: %d mains between %d valves, want a small piece", e.id, len(mains), len(valves))
		case len(junctions) == 0:
			sameSet(t, e.id+" valves", valves, []string{
				demoDS + ":water-valve-" + edgeKey + "-0", demoDS + ":water-valve-" + edgeKey + "-1"})
			for _, m := range mains {
				if !strings.HasPrefix(m, prefix+edgeKey+"-") {
					t.Errorf("%s: isolates %s of another street", e.id, m)
				}
			}
		case len(junctions) != 1 || len(valves) != len(mains):
			t.Errorf("%s: junctions %v, %d valves for %d legs", e.id, junctions, len(valves), len(mains))
		}
		for _, id := range res.Segments {
			if strings.Contains(id, ":water-service-") {
				b := demoDS + ":" + strings.TrimPrefix(id, demoDS+":water-service-")
				if !contains(res.Buildings, b) {
					t.Errorf("%s: service %s isolated but building %s not listed", e.id, id, b)
				}
			}
		}
	}
	if tested < 100 {
		t.Errorf("only %d mains tested", tested)
	}
}

func countIn(list []string, set map[string]bool) int {
	n := 0
	for _, x := range list {
		if set[x] {
			n++
		}
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestDemoGasValves checks that gas breaks stop at the valves at the
// junctions of three or more legs.
func TestDemoGasValves(t *testing.T) {
	g := demoGraph(t, twin.NetworkGas)
	for _, e := range g.edges {
		t.Run(e.id, func(t *testing.T) {
			res, err := g.Trace(context.Background(), Request{Kind: KindIsolate, Start: e.id}, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range res.Valves {
				if !strings.HasPrefix(v.ID, demoDS+":gas-node-") {
					t.Errorf("valve %s is not an intersection valve", v.ID)
				}
			}
			for _, id := range res.Nodes {
				if n := g.nodes[g.nodeIdx[id]]; n.kind == twin.NodeValve {
					t.Errorf("valve %s inside the isolated part", id)
				}
			}
			if len(res.Segments) >= len(g.edges) {
				t.Errorf("isolates all %d segments", len(res.Segments))
			}
		})
	}
}

// TestDemoSewerDirections checks that upstream and downstream of every
// sewer segment meet only in the segment itself, that they mirror each
// other, and that downstream ends at one outfall.
func TestDemoSewerDirections(t *testing.T) {
	for _, net := range []twin.Network{twin.NetworkSewer, twin.NetworkStorm} {
		g := demoGraph(t, net)
		outs := outfalls(t, net)
		up := map[string][]string{}
		down := map[string][]string{}
		for _, e := range g.edges {
			// Pipes carry inverts; kerb inlet laterals only their manhole's.
			if e.flow != 1 || strings.Contains(e.id, "-pipe-") && e.flowRule != ruleInvert {
				t.Errorf("%s: flow %d by rule %d, want the digitised direction confirmed by inverts", e.id, e.flow, e.flowRule)
			}
			for _, kind := range []Kind{KindUpstream, KindDownstream} {
				res, err := g.Trace(context.Background(), Request{Kind: kind, Start: e.id}, 0)
				if err != nil {
					t.Fatal(err)
				}
				if kind == KindUpstream {
					up[e.id] = res.Segments
				} else {
					down[e.id] = res.Segments
					if n := countIn(res.Nodes, outs); n != 1 {
						t.Errorf("%s: downstream reaches %d outfalls", e.id, n)
					}
				}
			}
		}
		t.Run(string(net)+"/partition", func(t *testing.T) {
			for id := range up {
				both := 0
				for _, s := range up[id] {
					if contains(down[id], s) {
						both++
						if s != id {
							t.Errorf("%s: %s both upstream and downstream", id, s)
						}
					}
				}
				if both != 1 {
					t.Errorf("%s: in its own traces %d times", id, both)
				}
				for _, s := range down[id] {
					if !contains(up[s], id) {
						t.Errorf("%s is downstream of %s, but not the other way round", s, id)
					}
				}
			}
		})
	}
}

// outfalls are the ids of a network's outfall manholes (role "outfall").
func outfalls(t *testing.T, net twin.Network) map[string]bool {
	_, nodes := features(t, demoStore(t), demoDS, net)
	out := map[string]bool{}
	for _, n := range nodes {
		if n.Attributes["role"] == "outfall" {
			out[n.ID] = true
		}
	}
	return out
}
