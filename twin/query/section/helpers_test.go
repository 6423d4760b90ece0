package section

import (
	"context"
	"os"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
)

// stores are the demo district (seed 1) and Nanaimo's water network,
// built once per test binary (they are only read).
var stores = querytest.Stores{DemoSeed: 1}

func TestMain(m *testing.M) { os.Exit(querytest.Main(m, &stores)) }

func mustCut(tb testing.TB, s twin.Store, req Request) Result {
	tb.Helper()
	res, err := Cut(context.Background(), s, req)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// acrossDemo is a line across the demo district, through local points
// (metres from the district's centre).
func acrossDemo(sum demo.Summary, pts ...[2]float64) []geo.Point3 {
	c := sum.Extent.Center()
	f := geo.NewENU(geo.Point3{c[0], c[1], 0})
	out := make([]geo.Point3, len(pts))
	for i, q := range pts {
		p := f.ToLLH(geo.Point3{q[0], q[1], 0})
		out[i] = geo.Point3{p[0], p[1], 0}
	}
	return out
}

func t0() context.Context { return context.Background() }
