package network

import (
	"context"
	"testing"
	"time"

	"github.com/citytwin/citytwin/twin"
)

// reportSpeedup reports the oracle's time per operation and how many times
// faster the benchmarked code is.
func reportSpeedup(b *testing.B, oracle time.Duration, ops int) {
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	orc := float64(oracle.Nanoseconds()) / float64(ops)
	b.ReportMetric(orc, "oracle-ns/op")
	b.ReportMetric(orc/per, "x-speedup")
}

// BenchmarkGraphBuild builds the graph of the Nanaimo water mains (17,755
// pipes, a fifth of their ends snapped); the oracle is the brute-force
// topology.
func BenchmarkGraphBuild(b *testing.B) {
	segs, nodes := nanaimoFeatures(b)
	began := time.Now()
	newOracle(segs, nodes, DefaultSnapToleranceM)
	oracle := time.Since(began)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(context.Background(), nanaimoDS, twin.NetworkWater, segs, nodes, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportSpeedup(b, oracle, 1)
}

// BenchmarkIsolate isolates 50 random Nanaimo pipes (fixed seed), with a
// synthetic valve at one end of about a third of the pipes; the oracle
// answers the same 50 by union-find over all segments.
func BenchmarkIsolate(b *testing.B) {
	segs, nodes := nanaimoFeatures(b)
	nodes = withValves(segs, nodes, 0.3, 9)
	g, err := Build(context.Background(), nanaimoDS, twin.NetworkWater, segs, nodes, Options{})
	if err != nil {
		b.Fatal(err)
	}
	starts := sample(segs, nil, 50, 0, 2)
	o := newOracle(segs, nodes, DefaultSnapToleranceM)
	began := time.Now()
	for _, id := range starts {
		o.isolate(o.start(id))
	}
	oracle := time.Since(began)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := g.Trace(context.Background(), Request{Kind: KindIsolate, Start: starts[i%len(starts)]}, 0); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportSpeedup(b, oracle, len(starts))
}
