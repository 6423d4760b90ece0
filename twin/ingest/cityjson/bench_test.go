package cityjson

import (
	"context"
	"os"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// BenchmarkReadDelft reads the 1.4 MB Delft file (570 objects, 160
// buildings) from memory.
func BenchmarkReadDelft(b *testing.B) {
	data, err := os.ReadFile(dataPath(b, "cityjson/cjio_delft.city.json"))
	if err != nil {
		b.Fatal(err)
	}
	src := memSource("delft.city.json", data)
	opts := ingest.Options{Dataset: "delft"}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	features := 0
	for b.Loop() {
		var c ingest.Collector
		if _, err := Read(context.Background(), src, opts, &c); err != nil {
			b.Fatal(err)
		}
		features += c.Len()
	}
	b.ReportMetric(float64(features)/b.Elapsed().Seconds(), "features/s")
}
