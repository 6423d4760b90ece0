package clash

import (
	"context"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
)

// benchProposal is a 500 m gas pipe (Ø 160 mm, axis 1.2 m deep) laid
// diagonally through the demo district with one bend, so that it crosses
// streets, utilities and blocks.
func benchProposal(sum demo.Summary) Request {
	c := sum.Extent.Center()
	f := geo.NewENU(geo.Point3{c[0], c[1], 0})
	var pts []geo.Point3
	for _, q := range [][2]float64{{-180, -150}, {20, 10}, {200, 170}} {
		p := f.ToLLH(geo.Point3{q[0], q[1], 0})
		pts = append(pts, geo.Point3{p[0], p[1], 150 - 1.2})
	}
	return Request{Pipe: &Pipe{ID: "bench", Network: twin.NetworkGas, DiameterMM: 160, Centreline: pts}}
}

// BenchmarkClash checks a 500 m pipe through the demo district; the
// oracle-x metric is how many times longer the brute-force oracle takes
// for the same check (timed once in the same run).
func BenchmarkClash(b *testing.B) {
	s, sum := stores.Demo(b)
	req := benchProposal(sum)
	start := time.Now()
	want := oracle(b, s, req)
	oracleDur := time.Since(start)
	var res Result
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if res, err = Check(context.Background(), s, req); err != nil {
			b.Fatal(err)
		}
	}
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(len(res.Conflicts)), "conflicts")
	b.ReportMetric(float64(len(want)), "oracle-pairs")
	b.ReportMetric(float64(oracleDur)/float64(perOp), "oracle-x")
}
