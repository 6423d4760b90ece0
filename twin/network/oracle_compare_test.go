package network

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

// checkOracle runs req on g and compares every list with the oracle's.
func checkOracle(t *testing.T, g *Graph, o *oracle, req Request) {
	t.Helper()
	res, err := g.Trace(context.Background(), req, 0)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Kind, req.Start, err)
	}
	st := o.start(req.Start)
	var want oAnswer
	switch req.Kind {
	case KindConnected:
		want = o.connected(st)
	case KindUpstream, KindDownstream:
		want = o.directed(st, g.Network(), req.Kind == KindDownstream)
	case KindIsolate:
		want = o.isolate(st)
	}
	if res.Truncated {
		t.Fatalf("%s %s: truncated", req.Kind, req.Start)
	}
	sameSet(t, string(req.Kind)+" "+req.Start+" segments", res.Segments, want.segs)
	sameSet(t, string(req.Kind)+" "+req.Start+" nodes", res.Nodes, want.nodes)
	sameSet(t, string(req.Kind)+" "+req.Start+" valves", valveIDs(res.Valves), want.valves)
	sameSet(t, string(req.Kind)+" "+req.Start+" cut segments", res.CutSegments, want.cutSegs)
	sameSet(t, string(req.Kind)+" "+req.Start+" cut nodes", res.CutNodes, want.cutNodes)
	sameSet(t, string(req.Kind)+" "+req.Start+" buildings", res.Buildings, want.buildings)
}

// checkTopology compares the graph's vertices with the oracle's: the two
// labellings of segment ends and nodes must match one to one.
func checkTopology(t *testing.T, g *Graph, o *oracle) {
	t.Helper()
	toG, toO := map[int]int32{}, map[int32]int{}
	match := func(what string, ov int, gv int32) {
		if x, ok := toG[ov]; ok && x != gv {
			t.Fatalf("%s: oracle vertex %d is graph vertices %d and %d", what, ov, x, gv)
		}
		if x, ok := toO[gv]; ok && x != ov {
			t.Fatalf("%s: graph vertex %d is oracle vertices %d and %d", what, gv, x, ov)
		}
		toG[ov], toO[gv] = gv, ov
	}
	for j, s := range o.segs {
		e := g.edges[g.edgeIdx[s.ID]]
		match(s.ID+" start", o.ends[j][0], e.a)
		match(s.ID+" end", o.ends[j][1], e.b)
	}
	for v, ns := range o.nodesAt {
		for _, i := range ns {
			match(o.nodes[i].ID, v, g.nodes[g.nodeIdx[o.nodes[i].ID]].vertex)
		}
	}
	if len(toG) != o.nv || o.nv != g.Topology().Vertices {
		t.Errorf("%d vertices matched, oracle %d, graph %d", len(toG), o.nv, g.Topology().Vertices)
	}
}

// sample picks n segment ids and m node ids with a fixed seed.
func sample(segs []*twin.UtilitySegment, nodes []*twin.UtilityNode, n, m int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	var ids []string
	for range min(n, len(segs)) {
		ids = append(ids, segs[r.IntN(len(segs))].ID)
	}
	for range min(m, len(nodes)) {
		ids = append(ids, nodes[r.IntN(len(nodes))].ID)
	}
	return ids
}

func TestOracleDemo(t *testing.T) {
	s := demoStore(t)
	for _, net := range twin.Networks {
		segs, nodes := features(t, s, demoDS, net)
		if len(segs) == 0 {
			continue
		}
		g, err := Load(context.Background(), s, demoDS, net, Options{})
		if err != nil {
			t.Fatal(err)
		}
		o := newOracle(segs, nodes, DefaultSnapToleranceM)
		t.Run(string(net)+"/topology", func(t *testing.T) { checkTopology(t, g, o) })
		starts := sample(segs, nodes, 25, 5, 42)
		for _, kind := range Kinds {
			if kind == KindIsolate && !canIsolate(net) {
				continue
			}
			t.Run(string(net)+"/"+string(kind), func(t *testing.T) {
				for _, id := range starts {
					checkOracle(t, g, o, Request{Kind: kind, Start: id})
				}
			})
		}
	}
}

// TestOracleNanaimo checks the real topology of the Nanaimo water mains
// (node ids from the source, some unknown, so ends are snapped), with a
// synthetic valve at one end of about a third of the pipes for isolation.
func TestOracleNanaimo(t *testing.T) {
	segs, nodes := nanaimoFeatures(t)
	t.Run("components", func(t *testing.T) {
		g, err := Build(context.Background(), nanaimoDS, twin.NetworkWater, segs, nodes, Options{})
		if err != nil {
			t.Fatal(err)
		}
		o := newOracle(segs, nodes, DefaultSnapToleranceM)
		checkTopology(t, g, o)
		uf := o.components(func(int) bool { return true }, func(int) bool { return true })
		roots := map[int32]bool{}
		for j := range segs {
			roots[uf.find(int32(j))] = true
		}
		if got := g.Topology().Components; got != len(roots) {
			t.Errorf("%d components, oracle %d", got, len(roots))
		}
		for _, id := range sample(segs, nil, 50, 0, 1) {
			checkOracle(t, g, o, Request{Kind: KindConnected, Start: id})
		}
	})
	nodes = withValves(segs, nodes, 0.3, 9)
	g, err := Build(context.Background(), nanaimoDS, twin.NetworkWater, segs, nodes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := newOracle(segs, nodes, DefaultSnapToleranceM)
	t.Run("synthetic valves/topology", func(t *testing.T) { checkTopology(t, g, o) })
	starts := sample(segs, nil, 50, 0, 2)
	for _, kind := range []Kind{KindConnected, KindIsolate} {
		t.Run("synthetic valves/"+string(kind), func(t *testing.T) {
			for _, id := range starts {
				checkOracle(t, g, o, Request{Kind: kind, Start: id})
			}
		})
	}
	t.Run("synthetic valves/downstream", func(t *testing.T) {
		for _, id := range starts[:10] {
			checkOracle(t, g, o, Request{Kind: KindDownstream, Start: id})
		}
	})
}

// TestOracleKY4 checks a network with sources (a reservoir, tanks and pumps
// given as points) and synthetic valves: isolation by supply from the
// sources and directions away from them.
func TestOracleKY4(t *testing.T) {
	segs, nodes := ky4Features(t)
	nodes = withValves(segs, nodes, 0.3, 4)
	g, err := Build(context.Background(), ky4DS, twin.NetworkWater, segs, nodes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := newOracle(segs, nodes, DefaultSnapToleranceM)
	t.Run("topology", func(t *testing.T) { checkTopology(t, g, o) })
	starts := sample(segs, nodes, 40, 10, 3)
	for _, kind := range Kinds {
		t.Run(string(kind), func(t *testing.T) {
			for _, id := range starts {
				checkOracle(t, g, o, Request{Kind: kind, Start: id})
			}
		})
	}
}
