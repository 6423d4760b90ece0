package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestFilesPlanErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", "FAKE EPSG:4326\nnode 1\n")
	empty := writeFile(t, dir, "empty.txt", "")
	blank := writeFile(t, dir, "blank.txt", "\xef\xbb\xbf \n")
	unknown := writeFile(t, dir, "unknown.txt", "NOT A FORMAT\n")
	cases := []struct {
		name  string
		paths []string
		is    error
		want  []string
	}{
		{"no files", nil, nil, []string{"ingest: no input files"}},
		{"missing file", []string{good, filepath.Join(dir, "missing.txt")}, fs.ErrNotExist, []string{"ingest:", "missing.txt"}},
		{"directory", []string{dir}, nil, []string{"ingest: ", dir, "is a directory"}},
		{"empty file", []string{empty}, nil, []string{empty, "file is empty"}},
		{"only a BOM and spaces", []string{good, blank}, ingest.ErrUnknownFormat, []string{blank}},
		{"unknown format", []string{unknown}, ingest.ErrUnknownFormat, []string{unknown, "(known: fake, byname)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := &memStore{}
			_, err := ingest.Files(context.Background(), store, formats, ingest.Paths(tc.paths...), ingest.Options{Dataset: "d"}, nil)
			wantErr(t, err, tc.want...)
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			if store.loads != 0 {
				t.Errorf("the store saw %d loads; a file that cannot be read must fail before the load", store.loads)
			}
		})
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "valve-id.txt", "V9\n")
	var a strings.Builder
	a.WriteString("FAKE EPSG:28992\nnode n1\nsegment s1\nbuilding b1\nsibling valve-id.txt\n")
	for i := range ingest.MaxWarningExamples + 5 {
		fmt.Fprintf(&a, "warn skipped record %d\n", i)
	}
	paths := []string{
		writeFile(t, dir, "a.txt", a.String()),
		writeFile(t, dir, "b.txt", "FAKE EPSG:7415\nnode n2\nwarn one more\n"),
		writeFile(t, dir, "c.txt", "FAKE EPSG:28992\nsegment s2\n"),
		writeFile(t, dir, "d.txt", "FAKE -\nnode n3\n"), // a reader that reports no CRS
	}
	var total int64
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		total += st.Size()
	}
	var calls [][2]int64
	progress := func(done, tot int64) { calls = append(calls, [2]int64{done, tot}) }
	store := &memStore{}
	res, err := ingest.Files(context.Background(), store, formats, ingest.Paths(paths...), ingest.Options{Dataset: "city"}, progress)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("counts", func(t *testing.T) {
		want := ingest.Counts{Buildings: 1, Segments: 2, Nodes: 4}
		if res.Counts != want || res.Counts.Total() != 7 || res.Stats.Added != 7 {
			t.Errorf("counts %+v (total %d), stats %+v; want %+v", res.Counts, res.Counts.Total(), res.Stats, want)
		}
	})
	t.Run("sibling", func(t *testing.T) {
		d := store.dataset(t, "city")
		if got := d.features.Nodes[1].ID; got != "city:V9" {
			t.Errorf("node read from the sibling file has id %q, want city:V9", got)
		}
	})
	t.Run("crs", func(t *testing.T) {
		if want := []string{"EPSG:28992", "EPSG:7415"}; !reflect.DeepEqual(res.CRS, want) {
			t.Errorf("CRS = %q, want %q", res.CRS, want)
		}
		meta := store.dataset(t, "city").meta
		if meta.CRS != "EPSG:28992, EPSG:7415" || !reflect.DeepEqual(meta.Sources, []string{"a.txt", "b.txt", "c.txt", "d.txt"}) {
			t.Errorf("meta %+v", meta)
		}
	})
	t.Run("warnings", func(t *testing.T) {
		if res.Warnings != ingest.MaxWarningExamples+6 || len(res.Examples) != ingest.MaxWarningExamples {
			t.Fatalf("%d warnings, %d examples; want %d, %d", res.Warnings, len(res.Examples), ingest.MaxWarningExamples+6, ingest.MaxWarningExamples)
		}
		if want := paths[0] + ": feature #6: skipped record 0"; res.Examples[0] != want {
			t.Errorf("first example %q, want %q", res.Examples[0], want)
		}
	})
	t.Run("progress", func(t *testing.T) { checkProgress(t, calls, total) })
}

// checkProgress checks that progress never went back, never passed total
// and ended at total.
func checkProgress(t *testing.T, calls [][2]int64, total int64) {
	t.Helper()
	if len(calls) == 0 {
		t.Fatal("progress was never called")
	}
	var last int64
	for i, c := range calls {
		if c[1] != total || c[0] < last || c[0] > total {
			t.Fatalf("call %d: progress(%d, %d) after %d; total %d", i, c[0], c[1], last, total)
		}
		last = c[0]
	}
	if last != total {
		t.Errorf("progress ended at %d, want %d", last, total)
	}
}

func TestFilesFailure(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", "FAKE EPSG:4326\nnode n1\nsegment s1\n")
	cases := []struct {
		name, text string
		want       []string
		is         error
		feature    string
	}{
		{"reader error", "FAKE EPSG:4326\nnode n2\nfail broken geometry\n", []string{"broken geometry"}, nil, "#3"},
		{"duplicate id across files", "FAKE EPSG:4326\nnode n1\n", []string{"duplicate feature id", "d:n1"}, twin.ErrDuplicateID, "n1"},
		{"missing sibling", "FAKE EPSG:4326\nsibling nope.txt\n", []string{"nope.txt"}, fs.ErrNotExist, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := writeFile(t, dir, "bad.txt", tc.text)
			store := &memStore{}
			_, err := ingest.Files(context.Background(), store, formats, ingest.Paths(good, bad), ingest.Options{Dataset: "d"}, nil)
			wantErr(t, err, tc.want...)
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			if tc.feature != "" {
				wantFeatureError(t, err, bad, tc.feature)
			}
			if _, ok := store.datasets["d"]; ok || store.loads != 1 {
				t.Errorf("loads %d, dataset kept: %v", store.loads, ok)
			}
		})
	}
}

func TestFilesProgressClamped(t *testing.T) {
	dir := t.TempDir()
	// The sibling's bytes count as read, so the reader reports more than
	// the file's size; Files must not pass the file's share of the total.
	writeFile(t, dir, "big.txt", strings.Repeat("x", 1000)+"\n")
	paths := []string{
		writeFile(t, dir, "a.txt", "FAKE EPSG:4326\nsibling big.txt\nnode n1\n"),
		writeFile(t, dir, "b.txt", "FAKE EPSG:4326\nnode n2\n"),
	}
	total := int64(len("FAKE EPSG:4326\nsibling big.txt\nnode n1\n") + len("FAKE EPSG:4326\nnode n2\n"))
	var calls [][2]int64
	_, err := ingest.Files(context.Background(), &memStore{}, formats, ingest.Paths(paths...), ingest.Options{Dataset: "d"},
		func(done, tot int64) { calls = append(calls, [2]int64{done, tot}) })
	if err != nil {
		t.Fatal(err)
	}
	checkProgress(t, calls, total)
}

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, file, text string
		want             string
	}{
		{"head", "x.dat", "FAKE EPSG:4326\n", "fake"},
		{"UTF-8 BOM", "x.dat", "\xef\xbb\xbfFAKE EPSG:4326\n", "fake"},
		{"BOM and blank lines", "x.dat", "\xef\xbb\xbf\r\n \tFAKE\n", "fake"},
		{"name", "y.byname", "anything", "byname"},
		{"first format wins", "z.byname", "FAKE\n", "fake"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, dir, tc.file, tc.text)
			f, err := ingest.Detect(formats, path)
			if err != nil || f.Name != tc.want {
				t.Errorf("Detect = %q, %v; want %q", f.Name, err, tc.want)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		_, err := ingest.Detect(formats, filepath.Join(dir, "missing"))
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v does not wrap fs.ErrNotExist", err)
		}
	})
	t.Run("no formats", func(t *testing.T) {
		_, err := ingest.Detect(nil, writeFile(t, dir, "n.dat", "FAKE\n"))
		if !errors.Is(err, ingest.ErrUnknownFormat) {
			t.Errorf("error %v does not wrap ErrUnknownFormat", err)
		}
	})
}
