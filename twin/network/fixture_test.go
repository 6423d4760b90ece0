package network

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/all"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// One SQLite store per test binary holds the datasets the tests load.
var fixture struct {
	dir   string
	once  sync.Once
	store *sqlite.Store
	err   error
	mu    sync.Mutex
	done  map[string]error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.store != nil {
		_ = fixture.store.Close()
	}
	if fixture.dir != "" {
		_ = os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

func testStore(t testing.TB) *sqlite.Store {
	t.Helper()
	fixture.once.Do(func() {
		fixture.done = map[string]error{}
		if fixture.dir, fixture.err = os.MkdirTemp("", "network-test-"); fixture.err != nil {
			return
		}
		fixture.store, fixture.err = sqlite.Open(context.Background(), filepath.Join(fixture.dir, "twin.db"))
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.store
}

// loadOnce loads a dataset into the test store the first time it is asked.
func loadOnce(t testing.TB, name string, load func(twin.Store) error) twin.Store {
	t.Helper()
	s := testStore(t)
	fixture.mu.Lock()
	defer fixture.mu.Unlock()
	err, ok := fixture.done[name]
	if !ok {
		err = load(s)
		fixture.done[name] = err
	}
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return s
}

const demoDS = "demo"

// demoStore holds the demo district (seed 7) as dataset "demo".
func demoStore(t testing.TB) twin.Store {
	return loadOnce(t, demoDS, func(s twin.Store) error {
		opts := demo.Options{Seed: 7, Dataset: demoDS}
		meta := demo.Meta(opts)
		_, err := s.LoadDataset(context.Background(), &meta, func(w twin.FeatureWriter) error {
			_, err := demo.Generate(context.Background(), opts, w)
			return err
		})
		return err
	})
}

const (
	nanaimoDS = "nanaimo"
	ky4DS     = "ky4"
)

// nanaimoFeatures reads the Nanaimo water mains (17,755 pipes, no node
// features) as dataset "nanaimo", through the shapefile reader but not a
// store (SQLite under -race would dominate the test time).
func nanaimoFeatures(t testing.TB) ([]*twin.UtilitySegment, []*twin.UtilityNode) {
	shp := ingesttest.SharedData(t, "utilities/nanaimo_water/pipes_v2/pipes.shp")
	m := mustMapping(t, ingesttest.RepoFile(t, "assets/mappings/nanaimo-pipes.json"))
	return readFeatures(t, nanaimoDS, []ingest.Input{{Path: shp, Mapping: m}})
}

// ky4Features reads the KY4 network (pipes, junctions, tanks, pumps and a
// reservoir) as dataset "ky4".
func ky4Features(t testing.TB) ([]*twin.UtilitySegment, []*twin.UtilityNode) {
	var inputs []ingest.Input
	for _, part := range []string{"pipes", "junctions", "tanks", "pumps", "reservoirs"} {
		m := mustMapping(t, ingesttest.RepoFile(t, "assets/mappings/ky4-"+part+".json"))
		inputs = append(inputs, ingest.Input{Path: ingesttest.SharedData(t, "utilities/wntr_ky4/ky4_"+part+".geojson"), Mapping: m})
	}
	return readFeatures(t, ky4DS, inputs)
}

// featureList keeps the utility features a reader writes.
type featureList struct {
	segs  []*twin.UtilitySegment
	nodes []*twin.UtilityNode
}

func (l *featureList) Put(f twin.Feature) error {
	switch v := f.(type) {
	case *twin.UtilitySegment:
		l.segs = append(l.segs, v)
	case *twin.UtilityNode:
		l.nodes = append(l.nodes, v)
	}
	return nil
}

// readFeatures reads files with the ingest formats into memory.
func readFeatures(t testing.TB, dataset string, inputs []ingest.Input) ([]*twin.UtilitySegment, []*twin.UtilityNode) {
	t.Helper()
	var l featureList
	for _, in := range inputs {
		format, err := ingest.Detect(all.Formats(), in.Path)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Dir(in.Path)
		src := ingest.Source{Name: in.Path, Open: func(name string) (io.ReadCloser, error) {
			if !filepath.IsAbs(name) && filepath.Dir(name) == "." {
				name = filepath.Join(dir, name)
			}
			return os.Open(name)
		}}
		if _, err := format.Read(context.Background(), src, ingest.Options{Dataset: dataset, Mapping: in.Mapping}, &l); err != nil {
			t.Fatal(err)
		}
	}
	return l.segs, l.nodes
}

func mustMapping(t testing.TB, path string) *ingest.Mapping {
	t.Helper()
	m, err := ingest.LoadMapping(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// features reads one network of a dataset from a store.
func features(t testing.TB, s twin.Store, dataset string, net twin.Network) ([]*twin.UtilitySegment, []*twin.UtilityNode) {
	t.Helper()
	var segs []*twin.UtilitySegment
	var nodes []*twin.UtilityNode
	err := s.Search(context.Background(), world, twin.Filter{Datasets: []string{dataset}, Layers: []string{string(net)}},
		func(f twin.Feature) bool {
			switch v := f.(type) {
			case *twin.UtilitySegment:
				segs = append(segs, v)
			case *twin.UtilityNode:
				nodes = append(nodes, v)
			}
			return true
		})
	if err != nil {
		t.Fatal(err)
	}
	return segs, nodes
}

// withValves adds a synthetic valve node (no segment names it, so it is
// snapped) at one end of about a fraction of the segments, for isolation
// tests on networks that have no valves.
func withValves(segs []*twin.UtilitySegment, nodes []*twin.UtilityNode, fraction float64, seed uint64) []*twin.UtilityNode {
	r := rand.New(rand.NewPCG(seed, 0))
	out := append([]*twin.UtilityNode(nil), nodes...)
	for i, s := range segs {
		if r.Float64() >= fraction {
			continue
		}
		p := s.Centreline[0]
		if r.IntN(2) == 1 {
			p = s.Centreline[len(s.Centreline)-1]
		}
		id := fmt.Sprintf("synthetic-valve-%d", i)
		out = append(out, &twin.UtilityNode{Header: twin.Header{ID: twin.FeatureID(s.Dataset, id), Dataset: s.Dataset, SourceID: id},
			Network: s.Network, NodeKind: twin.NodeValve, Position: p, Status: twin.StatusExisting})
	}
	return out
}
