package network

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

func TestEngineTrace(t *testing.T) {
	s := demoStore(t)
	e := NewEngine(s, Options{})
	seq, err := s.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		req     Request
		net     twin.Network
		minSegs int
	}{
		{"isolate a water main", Request{Kind: KindIsolate, Start: "demo:water-main-v0-1-02"}, twin.NetworkWater, 1},
		{"connected power", Request{Kind: KindConnected, Start: "demo:power-main-v0-1-1"}, twin.NetworkPower, 169},
		{"downstream of a sewer manhole", Request{Kind: KindDownstream, Start: "demo:sewer-mh-1-1"}, twin.NetworkSewer, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Trace(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Network != tc.net || res.Dataset != demoDS || res.Topology.Seq != seq || len(res.Segments) < tc.minSegs {
				t.Fatalf("%s/%s seq %d, %d segments", res.Dataset, res.Network, res.Topology.Seq, len(res.Segments))
			}
			for _, id := range append(append([]string{}, res.Segments...), res.Nodes...) {
				if _, err := s.Feature(context.Background(), id); err != nil {
					t.Errorf("result id %s: %v", id, err)
				}
			}
		})
	}
}

func TestEngineErrors(t *testing.T) {
	e := NewEngine(demoStore(t), Options{})
	tests := []struct {
		name string
		req  Request
		want error
	}{
		{"unknown feature", Request{Kind: KindConnected, Start: "demo:nope"}, twin.ErrNotFound},
		{"a building", Request{Kind: KindConnected, Start: firstBuilding(t)}, ErrBadRequest},
		{"isolate a sewer", Request{Kind: KindIsolate, Start: "demo:sewer-mh-1-1"}, ErrBadRequest},
		{"bad kind", Request{Kind: "around", Start: "demo:sewer-mh-1-1"}, ErrBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := e.Trace(context.Background(), tc.req); !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func firstBuilding(t *testing.T) string {
	var id string
	err := demoStore(t).Search(context.Background(), world, twin.Filter{Kinds: []twin.Kind{twin.KindBuilding}},
		func(f twin.Feature) bool { id = f.Head().ID; return false })
	if err != nil || id == "" {
		t.Fatalf("no building: %v", err)
	}
	return id
}

func TestEngineCache(t *testing.T) {
	s := demoStore(t)
	e := NewEngine(s, Options{CacheGraphs: 2})
	ctx := context.Background()
	graph := func(net twin.Network) *Graph {
		g, err := e.Graph(ctx, demoDS, net)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	t.Run("reused", func(t *testing.T) {
		if graph(twin.NetworkGas) != graph(twin.NetworkGas) {
			t.Error("second Graph call rebuilt the graph")
		}
	})
	t.Run("bounded", func(t *testing.T) {
		for _, n := range []twin.Network{twin.NetworkWater, twin.NetworkSewer, twin.NetworkStorm} {
			graph(n)
		}
		if len(e.cache) > 2 {
			t.Errorf("%d graphs cached, want at most 2", len(e.cache))
		}
	})
	t.Run("missing network", func(t *testing.T) {
		if _, err := e.Graph(ctx, demoDS, twin.NetworkOther); !errors.Is(err, twin.ErrNotFound) {
			t.Errorf("error %v, want not found", err)
		}
	})
}

// slowStore blocks every search until its context ends.
type slowStore struct{ twin.Store }

func (s slowStore) Search(ctx context.Context, _ geo.Bounds3, _ twin.Filter, _ func(twin.Feature) bool) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestEngineDeadline(t *testing.T) {
	s := slowStore{demoStore(t)}
	tests := []struct {
		name string
		opts Options
		req  Request
	}{
		{"engine timeout", Options{Timeout: 50 * time.Millisecond}, Request{Kind: KindConnected, Start: "demo:gas-main-v1-0-1"}},
		{"request timeout", Options{}, Request{Kind: KindConnected, Start: "demo:gas-main-v1-0-1", TimeoutMS: 50}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			began := time.Now()
			_, err := NewEngine(s, tc.opts).Trace(context.Background(), tc.req)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v, want deadline exceeded", err)
			}
			if d := time.Since(began); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestResultJSON pins the field names clients read.
func TestResultJSON(t *testing.T) {
	g := waterNet().graph(t)
	res, err := g.Trace(context.Background(), Request{Kind: KindIsolate, Start: tid("a")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"kind", "start", "dataset", "network", "start_kind", "segments", "nodes", "valves",
		"cut_segments", "cut_nodes", "buildings", "counts", "length_m", "cut_length_m", "truncated", "supply",
		"sources", "notes", "topology", "elapsed_ms"} {
		t.Run(key, func(t *testing.T) {
			if _, ok := m[key]; !ok {
				t.Errorf("no %q in %s", key, data)
			}
		})
	}
	var req Request
	if err := json.Unmarshal([]byte(`{"kind":"isolate","start":"x","inoperable_valves":["v"],"max_results":5}`), &req); err != nil ||
		req.Kind != KindIsolate || req.InoperableValves[0] != "v" || req.MaxResults != 5 {
		t.Errorf("request %+v, %v", req, err)
	}
}

// TestEngineConcurrent runs traces from several goroutines on one engine
// (run with -race): one graph build, shared orientation, no data races.
func TestEngineConcurrent(t *testing.T) {
	e := NewEngine(demoStore(t), Options{})
	kinds := []Request{
		{Kind: KindDownstream, Start: "demo:water-main-v0-1-02"},
		{Kind: KindUpstream, Start: "demo:water-main-v0-1-02"},
		{Kind: KindIsolate, Start: "demo:water-main-v0-1-02"},
		{Kind: KindConnected, Start: "demo:water-main-v0-1-02"},
	}
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			_, err := e.Trace(context.Background(), kinds[i%len(kinds)])
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if len(e.cache) != 1 {
		t.Errorf("%d graphs built, want 1", len(e.cache))
	}
}
