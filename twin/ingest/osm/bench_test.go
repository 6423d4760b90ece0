package osm

import (
	"context"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// BenchmarkReadMonaco reads the Monaco PBF extract (1,220 buildings) into
// memory; features/s counts buildings written.
func BenchmarkReadMonaco(b *testing.B) {
	benchmarkRead(b, "osm/monaco-2021-04-19.osm.pbf")
}

// BenchmarkReadAndorra reads the bzip2-compressed Andorra XML extract.
func BenchmarkReadAndorra(b *testing.B) {
	benchmarkRead(b, "osm/andorra-2018-03-01.osm.bz2")
}

func benchmarkRead(b *testing.B, file string) {
	src := fileSource(b, dataFile(b, file))
	opts := ingest.Options{Dataset: "bench"}
	b.ReportAllocs()
	b.SetBytes(src.Size)
	features := 0
	for b.Loop() {
		c := &ingest.Collector{}
		if _, err := readFile(context.Background(), src, opts, c, quiet); err != nil {
			b.Fatal(err)
		}
		features += len(c.Buildings)
	}
	b.ReportMetric(float64(features)/b.Elapsed().Seconds(), "features/s")
}
