package cityjson

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// dataPath returns the path of a shared real-data file (../shared/data
// beside the module root), skipping the test when it is missing outside CI.
func dataPath(t testing.TB, rel string) string {
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
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return path
}

// fileSource opens a file on disk.
func fileSource(path string) ingest.Source {
	return ingest.Source{Name: path, Open: func(name string) (io.ReadCloser, error) { return os.Open(name) }}
}

// memSource serves data under a file name.
func memSource(name string, data []byte) ingest.Source {
	return ingest.Source{
		Name: name,
		Size: int64(len(data)),
		Open: func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
}

// read runs Read into a Collector.
func read(src ingest.Source, opts ingest.Options) (*ingest.Collector, string, error) {
	var c ingest.Collector
	crs, err := Read(context.Background(), src, opts, &c)
	return &c, crs, err
}
