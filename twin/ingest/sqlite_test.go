package ingest_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// TestFilesSQLiteAtomic loads through the real store: a load whose second
// file fails leaves a new dataset absent and an existing one as it was.
func TestFilesSQLiteAtomic(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "twin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })

	first := writeFile(t, dir, "first.txt", "FAKE EPSG:28992\nnode n1\nsegment s1\nbuilding b1\n")
	bad := writeFile(t, dir, "bad.txt", "FAKE EPSG:28992\nnode n9\nsegment s9\nfail no geometry\n")
	res, err := ingest.Files(ctx, store, formats, ingest.Paths(first), ingest.Options{Dataset: "city"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Added != 3 || res.Counts.Total() != 3 {
		t.Fatalf("first load: %+v", res)
	}
	before, err := store.Dataset(ctx, "city")
	if err != nil {
		t.Fatal(err)
	}
	if before.CRS != "EPSG:28992" || !reflect.DeepEqual(before.Sources, []string{"first.txt"}) {
		t.Errorf("stored meta %+v", before.DatasetMeta)
	}
	seq, err := store.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("existing dataset unchanged", func(t *testing.T) {
		second := writeFile(t, dir, "second.txt", "FAKE EPSG:28992\nnode n2\n")
		_, err := ingest.Files(ctx, store, formats, ingest.Paths(second, bad), ingest.Options{Dataset: "city"}, nil)
		wantErr(t, err, "no geometry")
		wantFeatureError(t, err, bad, "#4")
		after, err := store.Dataset(ctx, "city")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(after, before) {
			t.Errorf("dataset changed:\n%+v\n%+v", after, before)
		}
		if got, _ := store.LastSeq(ctx); got != seq {
			t.Errorf("last seq %d, want %d", got, seq)
		}
		if _, err := store.Feature(ctx, "city:n2"); !errors.Is(err, twin.ErrNotFound) {
			t.Errorf("feature of the failed load: %v", err)
		}
	})
	t.Run("new dataset absent", func(t *testing.T) {
		_, err := ingest.Files(ctx, store, formats, ingest.Paths(first, bad), ingest.Options{Dataset: "fresh"}, nil)
		wantErr(t, err, "no geometry")
		if _, err := store.Dataset(ctx, "fresh"); !errors.Is(err, twin.ErrNotFound) {
			t.Errorf("Dataset(fresh) after a failed load: %v", err)
		}
		if got, _ := store.LastSeq(ctx); got != seq {
			t.Errorf("last seq %d, want %d", got, seq)
		}
	})
	t.Run("store rejects a duplicate", func(t *testing.T) {
		dup := writeFile(t, dir, "dup.txt", "FAKE EPSG:28992\nnode n1\n")
		_, err := ingest.Files(ctx, store, formats, ingest.Paths(first, dup), ingest.Options{Dataset: "city"}, nil)
		if !errors.Is(err, twin.ErrDuplicateID) {
			t.Errorf("error %v does not wrap twin.ErrDuplicateID", err)
		}
		wantFeatureError(t, err, dup, "n1")
	})
}
