package shapefile

import (
	"context"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// BenchmarkReadNanaimo reads the 17,755 Nanaimo water mains: .shp, .shx,
// .dbf, CRS transform and mapping, into an in-memory collector.
func BenchmarkReadNanaimo(b *testing.B) {
	src := fileSource(b, sharedFile(b, nanaimoV2))
	opts := ingest.Options{Dataset: "nanaimo", Mapping: mapping(b, "nanaimo-pipes.json")}
	b.ReportAllocs()
	b.SetBytes(src.Size)
	features := 0
	for b.Loop() {
		c := &collector{}
		if _, err := Read(context.Background(), src, opts, c); err != nil {
			b.Fatal(err)
		}
		features += c.Len()
	}
	b.ReportMetric(float64(features)/b.Elapsed().Seconds(), "features/s")
}
