package querytest

import (
	"context"
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

// Fill writes a fixture's features into a new store.
type Fill func(ctx context.Context, s twin.Store) error

// Fixture is a SQLite store filled once per test binary and then only
// read by the tests. The zero value is ready to use; close it in TestMain
// (see Main).
type Fixture struct {
	once  sync.Once
	dir   string
	store *sqlite.Store
	err   error
}

// Load returns the fixture's store. The first call opens it in a new
// temporary directory and fills it with fill; later calls return the same
// store and ignore fill. A failure to open or fill fails tb, on this call
// and on every later one.
func (f *Fixture) Load(tb testing.TB, fill Fill) *sqlite.Store {
	tb.Helper()
	f.once.Do(func() {
		ctx := context.Background()
		if f.dir, f.err = os.MkdirTemp("", "citytwin-querytest-"); f.err != nil {
			return
		}
		if f.store, f.err = sqlite.Open(ctx, filepath.Join(f.dir, "twin.db")); f.err != nil {
			return
		}
		f.err = fill(ctx, f.store)
	})
	if f.err != nil {
		tb.Fatal(f.err)
	}
	return f.store
}

// Close closes the store and removes its directory.
func (f *Fixture) Close() {
	if f.store != nil {
		_ = f.store.Close()
	}
	if f.dir != "" {
		_ = os.RemoveAll(f.dir)
	}
}

// Main runs the tests of m, then closes the fixtures (Fixture, Stores),
// and returns the exit code, for TestMain: os.Exit(querytest.Main(m, &f)).
func Main(m *testing.M, fixtures ...interface{ Close() }) int {
	code := m.Run()
	for _, f := range fixtures {
		f.Close()
	}
	return code
}

// Demo fills a store with the synthetic demo district of seed and keeps
// its summary in *sum when sum is not nil.
func Demo(seed int64, sum *demo.Summary) Fill {
	return func(ctx context.Context, s twin.Store) error {
		opts := demo.Options{Seed: seed}
		meta := demo.Meta(opts)
		_, err := s.LoadDataset(ctx, &meta, func(w twin.FeatureWriter) error {
			got, err := demo.Generate(ctx, opts, w)
			if sum != nil {
				*sum = got
			}
			return err
		})
		return err
	}
}

// Nanaimo fills a store with Nanaimo's water network (17,755 pipes, UTM
// 10N) ingested as in production, as dataset "nanaimo". It skips tb when
// the shared data is missing (fails it under CI=true).
func Nanaimo(tb testing.TB) Fill {
	tb.Helper()
	path := ingesttest.SharedData(tb, "utilities/nanaimo_water/pipes_v2/pipes.shp")
	mapping := ingesttest.RepoFile(tb, "assets/mappings/nanaimo-pipes.json")
	return func(ctx context.Context, s twin.Store) error {
		m, err := ingest.LoadMapping(mapping)
		if err != nil {
			return err
		}
		opts := ingest.Options{Dataset: "nanaimo", Mapping: m}
		_, err = ingest.Files(ctx, s, all.Formats(), ingest.Paths(path), opts, nil)
		return err
	}
}
