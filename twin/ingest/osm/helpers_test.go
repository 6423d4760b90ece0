package osm

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// dataFile returns the path of a shared data file (../shared/data from the
// module root), skipping the test when it is absent outside CI.
func dataFile(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "data", rel)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return path
}

// fileSource opens a file on disk as an ingest.Source.
func fileSource(t testing.TB, path string) ingest.Source {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return ingest.Source{Name: path, Size: fi.Size(),
		Open: func(name string) (io.ReadCloser, error) { return os.Open(name) }}
}

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
