// Package ingesttest holds what the tests of the ingest packages and of the
// twin command share: paths of the real public data in ../shared/data beside
// the checkout, of this repository's files, and ingest.Sources over files and
// bytes.
package ingesttest

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// ModuleRoot walks up from the test's working directory to go.mod.
func ModuleRoot(t testing.TB) string {
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
			t.Fatal("ingesttest: go.mod not found above the test directory")
		}
		dir = parent
	}
}

// SharedData returns the path of rel (slash-separated) under ../shared/data
// beside the module root. A missing file fails the test under CI=true and
// skips it elsewhere.
func SharedData(t testing.TB, rel string) string {
	t.Helper()
	path := filepath.Join(ModuleRoot(t), "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared test data missing under CI: %v", err)
		}
		t.Skipf("shared test data missing: %v", err)
	}
	return path
}

// RepoFile returns the path of rel (slash-separated) in this repository.
func RepoFile(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(ModuleRoot(t), filepath.FromSlash(rel))
}

// FileSource opens a file on disk as an ingest.Source; siblings are opened
// by the names the reader asks for.
func FileSource(t testing.TB, path string) ingest.Source {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	open := func(name string) (io.ReadCloser, error) { return os.Open(name) }
	return ingest.Source{Name: path, Size: st.Size(), Open: open}
}

// MemSource is an ingest.Source over bytes, for malformed-input and fuzz
// tests; files maps sibling names to their bytes.
func MemSource(name string, data []byte, siblings map[string][]byte) ingest.Source {
	open := func(n string) (io.ReadCloser, error) {
		if n == name {
			return io.NopCloser(bytes.NewReader(data)), nil
		}
		if b, ok := siblings[n]; ok {
			return io.NopCloser(bytes.NewReader(b)), nil
		}
		return nil, fs.ErrNotExist
	}
	return ingest.Source{Name: name, Size: int64(len(data)), Open: open}
}
