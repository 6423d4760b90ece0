package section

import (
	"testing"
	"time"
)

// BenchmarkSection cuts a 500 m kinked line through the demo district
// (JSON and SVG); the oracle-x metric is how many times longer the
// brute-force oracle takes for the same line (timed once in the same run).
func BenchmarkSection(b *testing.B) {
	s, sum := stores.Demo(b)
	req := Request{Line: acrossDemo(sum, [2]float64{-210, -125}, [2]float64{0, 15}, [2]float64{210, 145}), HalfWidthM: 1.5}
	start := time.Now()
	_ = sectionOracle(b, s, req)
	oracleDur := time.Since(start)
	var res Result
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if res, err = Cut(b.Context(), s, req); err != nil {
			b.Fatal(err)
		}
		if _, err := SVG(res, SVGOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(len(res.Crossings)), "crossings")
	b.ReportMetric(float64(oracleDur)/float64(perOp), "oracle-x")
}
