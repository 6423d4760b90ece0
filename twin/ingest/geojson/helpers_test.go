package geojson

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// collector keeps features and warnings.
type collector struct {
	ingest.Collector
	warnings []error
}

func (c *collector) Warn(err error) { c.warnings = append(c.warnings, err) }

// moduleRoot walks up from the test's directory to go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// sharedFile returns the path of a file of the shared test data, skipping
// the test when it is missing (failing on CI).
func sharedFile(t testing.TB, rel string) string {
	t.Helper()
	path := filepath.Join(moduleRoot(t), "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test data missing: %v", err)
		}
		t.Skipf("shared test data missing: %v", err)
	}
	return path
}

// mapping loads a mapping file of assets/mappings.
func mapping(t testing.TB, name string) *ingest.Mapping {
	t.Helper()
	m, err := ingest.LoadMapping(filepath.Join(moduleRoot(t), "assets", "mappings", name))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func fileSource(t testing.TB, path string) ingest.Source {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	open := func(name string) (io.ReadCloser, error) { return os.Open(name) }
	return ingest.Source{Name: path, Size: st.Size(), Open: open}
}

func memSource(name string, data []byte) ingest.Source {
	open := func(n string) (io.ReadCloser, error) {
		if n != name {
			return nil, fs.ErrNotExist
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	return ingest.Source{Name: name, Size: int64(len(data)), Open: open}
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
