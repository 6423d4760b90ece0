package query

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// demoSeed is the seed of the demo district the tests use.
const demoSeed = 7

// Stores loaded once per test process, with every feature kept in memory
// for the brute-force oracles.
var (
	demoFix, nanaimoFix querytest.Fixture
	demoAll, nanaimoAll []twin.Feature
)

func TestMain(m *testing.M) {
	code := querytest.Main(m, &demoFix, &nanaimoFix)
	closeMillion()
	os.Exit(code)
}

// withAll fills a store with fill, then reads every feature back into *all.
func withAll(fill querytest.Fill, all *[]twin.Feature) querytest.Fill {
	return func(ctx context.Context, s twin.Store) error {
		if err := fill(ctx, s); err != nil {
			return err
		}
		var err error
		*all, err = everything(s)
		return err
	}
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
	tb.Helper()
	s := demoFix.Load(tb, withAll(querytest.Demo(demoSeed, nil), &demoAll))
	return s, demoAll
}

// nanaimoStore is Nanaimo's water network (17,755 pipes, UTM 10N) ingested
// as in production; it skips without the shared data (fails under CI).
func nanaimoStore(tb testing.TB) (*sqlite.Store, []twin.Feature) {
	tb.Helper()
	s := nanaimoFix.Load(tb, withAll(querytest.Nanaimo(tb), &nanaimoAll))
	return s, nanaimoAll
}

// extent returns the 2D bounds of feats.
func extent(feats []twin.Feature) geo.Bounds3 {
	b := geo.EmptyBounds()
	for _, f := range feats {
		b = b.Union(f.Bounds())
	}
	return b
}
