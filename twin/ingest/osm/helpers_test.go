package osm

import (
	"context"
	"log/slog"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

func dataFile(t testing.TB, rel string) string { return ingesttest.SharedData(t, rel) }

func fileSource(t testing.TB, path string) ingest.Source { return ingesttest.FileSource(t, path) }

// quiet is a logger that drops everything.
var quiet = slog.New(slog.DiscardHandler)

// readPath reads a file into a collector with a quiet logger.
func readPath(t testing.TB, path string, opts ingest.Options) (*ingest.Collector, *stats, error) {
	t.Helper()
	if opts.Dataset == "" {
		opts.Dataset = "t"
	}
	c := &ingest.Collector{}
	st, err := readFile(context.Background(), fileSource(t, path), opts, c, quiet)
	return c, st, err
}
