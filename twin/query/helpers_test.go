package query

import (
	"context"
	"math"
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

// fixture is a store loaded once per test process, with every feature
// kept in memory for the brute-force oracles.
type fixture struct {
	once  sync.Once
	store *sqlite.Store
	all   []twin.Feature
	err   error
}

var (
	fixtureDir          string
	demoFix, nanaimoFix fixture
	fixtureDirOnce      sync.Once
	nanaimoFile               = "utilities/nanaimo_water/pipes_v2/pipes.shp"
	nanaimoMappingFile        = "assets/mappings/nanaimo-pipes.json"
	demoSeed            int64 = 7
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range []*fixture{&demoFix, &nanaimoFix} {
		if f.store != nil {
			_ = f.store.Close()
		}
	}
	if fixtureDir != "" {
		_ = os.RemoveAll(fixtureDir)
	}
	closeMillion()
	os.Exit(code)
}

// openFixture opens a new store under the shared temporary directory.
func openFixture(name string) (*sqlite.Store, error) {
	var err error
	fixtureDirOnce.Do(func() { fixtureDir, err = os.MkdirTemp("", "citytwin-query-") })
	if err != nil {
		return nil, err
	}
	return sqlite.Open(context.Background(), filepath.Join(fixtureDir, name+".db"))
}

// load fills f once with fill and reads every feature back.
func (f *fixture) load(tb testing.TB, name string, fill func(s *sqlite.Store) error) (*sqlite.Store, []twin.Feature) {
	tb.Helper()
	f.once.Do(func() {
		if f.store, f.err = openFixture(name); f.err != nil {
			return
		}
		if f.err = fill(f.store); f.err != nil {
			return
		}
		f.all, f.err = everything(f.store)
	})
	if f.err != nil {
		tb.Fatal(f.err)
	}
	return f.store, f.all
}

// everything returns every feature of s.
func everything(s twin.Store) ([]twin.Feature, error) {
	inf := math.Inf(1)
	b := geo.Bounds3{Min: geo.Point3{-inf, -inf, -inf}, Max: geo.Point3{inf, inf, inf}}
	var out []twin.Feature
	err := s.Search(context.Background(), b, twin.Filter{}, func(f twin.Feature) bool {
		out = append(out, f)
		return true
	})
	return out, err
}

// demoStore is the synthetic demo district (seed demoSeed).
func demoStore(tb testing.TB) (*sqlite.Store, []twin.Feature) {
	return demoFix.load(tb, "demo", func(s *sqlite.Store) error {
		opts := demo.Options{Seed: demoSeed}
		meta := demo.Meta(opts)
		_, err := s.LoadDataset(context.Background(), &meta, func(w twin.FeatureWriter) error {
			_, err := demo.Generate(context.Background(), opts, w)
			return err
		})
		return err
	})
}

// nanaimoStore is Nanaimo's water network (17,755 pipes, UTM 10N) ingested
// as in production; it skips without the shared data (fails under CI).
func nanaimoStore(tb testing.TB) (*sqlite.Store, []twin.Feature) {
	path := ingesttest.SharedData(tb, nanaimoFile)
	mapping := ingesttest.RepoFile(tb, nanaimoMappingFile)
	return nanaimoFix.load(tb, "nanaimo", func(s *sqlite.Store) error {
		m, err := ingest.LoadMapping(mapping)
		if err != nil {
			return err
		}
		opts := ingest.Options{Dataset: "nanaimo", Mapping: m}
		_, err = ingest.Files(context.Background(), s, all.Formats(), ingest.Paths(path), opts, nil)
		return err
	})
}

// extent returns the 2D bounds of feats.
func extent(feats []twin.Feature) geo.Bounds3 {
	b := geo.EmptyBounds()
	for _, f := range feats {
		b = b.Union(f.Bounds())
	}
	return b
}
