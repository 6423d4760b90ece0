package clash

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/all"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// demoSeed is the seed of the demo district the tests use.
const demoSeed = 1

// shared stores, built once per test binary (they are only read).
var (
	tmpDir   string
	demoOnce sync.Once
	demoS    twin.Store
	demoSum  demo.Summary
	demoErr  error
	nanOnce  sync.Once
	nanS     twin.Store
	nanErr   error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "clash-test-")
	if err != nil {
		panic(err)
	}
	tmpDir = dir
	code := m.Run()
	for _, s := range []twin.Store{demoS, nanS} {
		if s != nil {
			_ = s.Close()
		}
	}
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// demoStore returns a store holding the demo district and its summary.
func demoStore(tb testing.TB) (twin.Store, demo.Summary) {
	tb.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		s, err := sqlite.Open(ctx, filepath.Join(tmpDir, "demo.db"))
		if err != nil {
			demoErr = err
			return
		}
		opts := demo.Options{Seed: demoSeed}
		meta := demo.Meta(opts)
		_, demoErr = s.LoadDataset(ctx, &meta, func(w twin.FeatureWriter) error {
			var err error
			demoSum, err = demo.Generate(ctx, opts, w)
			return err
		})
		demoS = s
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoS, demoSum
}

// nanaimoStore returns a store holding the Nanaimo water network (17,755
// pipes), skipping (or failing under CI) when the shared data is missing.
func nanaimoStore(tb testing.TB) twin.Store {
	tb.Helper()
	path := ingesttest.SharedData(tb, "utilities/nanaimo_water/pipes_v2/pipes.shp")
	mapping := ingesttest.RepoFile(tb, "assets/mappings/nanaimo-pipes.json")
	nanOnce.Do(func() {
		ctx := context.Background()
		s, err := sqlite.Open(ctx, filepath.Join(tmpDir, "nanaimo.db"))
		if err != nil {
			nanErr = err
			return
		}
		nanS = s
		m, err := ingest.LoadMapping(mapping)
		if err != nil {
			nanErr = err
			return
		}
		opts := ingest.Options{Dataset: "nanaimo", Mapping: m}
		_, nanErr = ingest.Files(ctx, s, all.Formats(), ingest.Paths(path), opts, nil)
	})
	if nanErr != nil {
		tb.Fatal(nanErr)
	}
	return nanS
}

// world is bounds that hold every feature.
var world = geo.Bounds3{Min: geo.Point3{-180, -90, -1e5}, Max: geo.Point3{180, 90, 1e5}}

// segmentByID reads one stored utility segment.
func segmentByID(tb testing.TB, s twin.Store, id string) *twin.UtilitySegment {
	tb.Helper()
	f, err := s.Feature(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	seg, ok := f.(*twin.UtilitySegment)
	if !ok {
		tb.Fatalf("%s is a %s, not a segment", id, f.Kind())
	}
	return seg
}

// pipeOf turns a stored segment into a proposal.
func pipeOf(s *twin.UtilitySegment) *Pipe {
	return &Pipe{ID: s.ID, Network: s.Network, Centreline: s.Centreline,
		DiameterMM: s.DiameterMM, WidthMM: s.WidthMM, HeightMM: s.HeightMM}
}

func mustCheck(tb testing.TB, s twin.Store, req Request) Result {
	tb.Helper()
	res, err := Check(context.Background(), s, req)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}
