package geojson

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// collector keeps features and warnings.
type collector struct {
	ingest.Collector
	warnings []error
}

func (c *collector) Warn(err error) { c.warnings = append(c.warnings, err) }

func moduleRoot(t testing.TB) string { return ingesttest.ModuleRoot(t) }

func sharedFile(t testing.TB, rel string) string { return ingesttest.SharedData(t, rel) }

// mapping loads a mapping file of assets/mappings.
func mapping(t testing.TB, name string) *ingest.Mapping {
	t.Helper()
	m, err := ingest.LoadMapping(filepath.Join(moduleRoot(t), "assets", "mappings", name))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func fileSource(t testing.TB, path string) ingest.Source { return ingesttest.FileSource(t, path) }

func memSource(name string, data []byte) ingest.Source {
	return ingesttest.MemSource(name, data, nil)
}

// readMem reads GeoJSON text into a collector.
func readMem(t testing.TB, text string, opts ingest.Options) (*collector, string, error) {
	t.Helper()
	if opts.Dataset == "" {
		opts.Dataset = "t"
	}
	c := &collector{}
	crs, err := Read(context.Background(), memSource("in.geojson", []byte(text)), opts, c)
	return c, crs, err
}
