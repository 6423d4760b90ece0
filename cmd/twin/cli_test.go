package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoAndInfo(t *testing.T) {
	store := filepath.Join(t.TempDir(), "twin.db")
	out := mustRun(t, "--store", store, "demo")
	if !strings.Contains(out, "SYNTHETIC") {
		t.Errorf("demo output does not say the district is synthetic: %s", out)
	}
	d := findDataset(t, readInfo(t, store), "demo")
	if !d.Synthetic || d.Buildings < 200 || d.Segments < 500 || d.Nodes < 500 {
		t.Errorf("demo dataset: %+v", d)
	}
	for _, n := range []string{"water", "sewer", "storm", "gas", "power", "telecom", "heating"} {
		if d.Networks[n] == 0 {
			t.Errorf("demo has no %s segments: %v", n, d.Networks)
		}
	}
	out = mustRun(t, "--store", store, "demo", "--if-missing")
	if !strings.Contains(out, "already") {
		t.Errorf("demo --if-missing regenerated: %s", out)
	}
	text := mustRun(t, "info", "--store", store)
	if !strings.Contains(text, "demo (synthetic)") || !strings.Contains(text, "EPSG:4326") {
		t.Errorf("info text: %s", text)
	}
}

func TestStoreFromEnvironment(t *testing.T) {
	store := filepath.Join(t.TempDir(), "env.db")
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "TWIN_STORE" {
			return store
		}
		return ""
	}
	if code := run(context.Background(), []string{"demo"}, getenv, &out, &errb); code != 0 {
		t.Fatalf("demo with TWIN_STORE: exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(store); err != nil {
		t.Errorf("TWIN_STORE was not used: %v", err)
	}
}

// TestIngestErrors checks that bad input fails with a message naming the
// file (and the feature), a non-zero status, and no change to the store.
func TestIngestErrors(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "twin.db")
	good := filepath.Join(dir, "good.geojson")
	writeFile(t, good, `{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"height":10},"geometry":{"type":"Polygon","coordinates":[[[37.6,55.7],[37.601,55.7],[37.601,55.701],[37.6,55.7]]]}}]}`)
	mustRun(t, "--store", store, "ingest", good, "--dataset", "x")
	seq := readInfo(t, store).LastSeq
	cases := []struct {
		name, file, content string
		flags               []string
		want                []string
	}{
		{"empty file", "empty.geojson", "", nil, []string{"empty.geojson", "empty"}},
		{"truncated", "trunc.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t1","properties":{},"geometry":{"type":"Point","coordinates":[37.6,`, nil, []string{"trunc.geojson"}},
		{"absurd coordinates", "absurd.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"far","properties":{},"geometry":{"type":"Point","coordinates":[3700,55.7]}}]}`, nil, []string{"absurd.geojson", "far"}},
		{"broken ring", "ring.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"r1","properties":{},"geometry":{"type":"Polygon","coordinates":[[[37.6,55.7],[37.61,55.7]]]}}]}`, nil, []string{"ring.geojson", "r1"}},
		{"unknown crs", "crs.geojson", `{"type":"FeatureCollection","features":[]}`, []string{"--crs", "EPSG:999999"}, []string{".geojson", "EPSG:999999"}},
		{"unknown format", "notes.txt", "hello", nil, []string{"notes.txt", "unknown file format"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(dir, tc.file)
			writeFile(t, bad, tc.content)
			// the good file first: its features must not land either
			args := append([]string{"--store", store, "ingest", good, bad, "--dataset", "x"}, tc.flags...)
			_, errs, code := twinRun(t, args...)
			if code == 0 {
				t.Fatal("ingest of bad input succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("error %q does not mention %q", errs, w)
				}
			}
			if got := readInfo(t, store).LastSeq; got != seq {
				t.Errorf("failed ingest changed the store: seq %d -> %d", seq, got)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	store := filepath.Join(t.TempDir(), "twin.db")
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"unknown command", []string{"--store", store, "frobnicate"}, 2},
		{"ingest without dataset", []string{"--store", store, "ingest", "x.json"}, 1},
		{"ingest without files", []string{"--store", store, "ingest", "--dataset", "d"}, 1},
		{"info without store", []string{"--store", store + ".none", "info"}, 1},
		{"delete unknown dataset", []string{"--store", store, "delete", "nope"}, 1},
		{"help", []string{"help"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := twinRun(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if tc.code != 0 && errs == "" {
				t.Error("no message on stderr")
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
