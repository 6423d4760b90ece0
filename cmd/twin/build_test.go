package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/tiles"
)

// TestBuildAndExport runs `twin build` and `twin export` on the demo
// district as a script would.
func TestBuildAndExport(t *testing.T) {
	dir := t.TempDir()
	store, out := filepath.Join(dir, "twin.db"), filepath.Join(dir, "out")
	mustRun(t, "--store", store, "demo")
	extra := filepath.Join(dir, "extra.geojson")
	writeFile(t, extra, `{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"height":10},`+
		`"geometry":{"type":"Polygon","coordinates":[[[37.62,55.75],[37.6202,55.75],[37.6202,55.7501],[37.62,55.75]]]}}]}`)
	steps := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout or stderr
	}{
		{"export before a build builds", []string{"export", out}, 0, "full build"},
		{"build is up to date", []string{"build"}, 0, "up to date"},
		{"export into a full directory", []string{"export", out}, 1, "not empty"},
		{"forced export", []string{"export", "--force", out}, 0, "exported"},
		{"full rebuild", []string{"build", "--full"}, 0, "buildings"},
		{"second demo changes nothing", []string{"demo"}, 0, "SYNTHETIC"},
		{"one more building", []string{"ingest", extra, "--dataset", "extra"}, 0, "1 added"},
		{"export without a build warns", []string{"export", "--no-build", filepath.Join(dir, "stale")}, 0, "out of date"},
		{"incremental build", []string{"build"}, 0, "incremental build"},
		{"json report", []string{"build", "--json"}, 0, `"up_to_date": true`},
		{"export needs a directory", []string{"export"}, 1, "one directory"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			stdout, stderr, code := twinRun(t, append([]string{"--store", store}, st.args...)...)
			if code != st.wantCode || !strings.Contains(stdout+stderr, st.want) {
				t.Errorf("exit %d, want %d; output does not say %q:\n%s%s", code, st.wantCode, st.want, stdout, stderr)
			}
		})
	}
	f, err := os.Open(filepath.Join(out, "tileset.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ts, err := tiles.ReadTileset(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ts.Root.Children {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(c.Content.URI))); err != nil {
			t.Errorf("layer tileset: %v", err)
		}
	}
	if len(ts.Root.Children) < 8 {
		t.Errorf("%d layers exported", len(ts.Root.Children))
	}
}
