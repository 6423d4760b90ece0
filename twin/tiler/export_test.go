package tiler

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// exportedFiles walks an exported tileset from dir/tileset.json and
// returns the slash paths of every file it references, checking that
// each exists, that tilesets parse and GLBs decode.
func exportedFiles(t *testing.T, dir string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	var visit func(p string)
	visit = func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("referenced file missing: %v", err)
		}
		if strings.HasSuffix(p, ".glb") {
			if _, err := tiles.DecodeGLB(bytes.NewReader(data)); err != nil {
				t.Errorf("%s: %v", p, err)
			}
			return
		}
		ts, err := tiles.ReadTileset(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		ts.Root.Walk(func(tile *tiles.Tile, _ int) bool {
			for _, c := range tile.AllContents() {
				visit(path.Join(path.Dir(p), c.URI))
			}
			return true
		})
	}
	visit(RootTilesetPath)
	return seen
}

// storedFiles lists the paths of every stored tile file.
func storedFiles(t *testing.T, s twin.Store) map[string]bool {
	t.Helper()
	st, err := s.TileState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, l := range st.Layers {
		list, err := s.ListTiles(context.Background(), l.Layer)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range list {
			out[b.Path] = true
		}
	}
	return out
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	s := demoStore(t)
	if _, err := Export(ctx, s, t.TempDir(), ExportOptions{}); !errors.Is(err, ErrNoTiles) {
		t.Errorf("export before a build: %v, want ErrNoTiles", err)
	}
	mustBuild(t, s, &boxBuilder{}, smallTrees())
	moveOneBuilding(t, s, 200) // leaves files of the first build to delete
	mustBuild(t, s, &boxBuilder{}, smallTrees())
	dir := filepath.Join(t.TempDir(), "out")
	rep, err := Export(ctx, s, dir, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	files, stored := exportedFiles(t, dir), storedFiles(t, s)
	if rep.Files != len(files) || len(files) != len(stored) {
		t.Errorf("exported %d files, %d referenced, %d stored", rep.Files, len(files), len(stored))
	}
	for p := range stored {
		if !files[p] {
			t.Errorf("stored file %s is referenced by no tileset", p)
		}
	}
	cases := []struct {
		name    string
		opts    ExportOptions
		wantErr error
	}{
		{"not empty", ExportOptions{}, ErrNotEmpty},
		{"not empty, forced", ExportOptions{Force: true}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Export(ctx, s, dir, tc.opts); !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestResolveURI(t *testing.T) {
	cases := []struct {
		name, from, uri, want string
	}{
		{"layer tileset", "tileset.json", "layers/water/tileset.json", "layers/water/tileset.json"},
		{"tile of a layer", "layers/water/tileset.json", "t/1/2/3-abc.glb", "layers/water/t/1/2/3-abc.glb"},
		{"up and back down", "layers/water/tileset.json", "../gas/tileset.json", "layers/gas/tileset.json"},
		{"out of the root", "layers/water/tileset.json", "../../../etc/passwd", ""},
		{"absolute", "tileset.json", "/etc/passwd", ""},
		{"with a scheme", "tileset.json", "https://example.com/x.glb", ""},
		{"with a query", "tileset.json", "a.glb?v=1", ""},
		{"empty", "tileset.json", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := resolveURI(tc.from, tc.uri)
			if (err != nil) != (tc.want == "") || got != tc.want {
				t.Errorf("resolveURI(%q, %q) = %q, %v; want %q", tc.from, tc.uri, got, err, tc.want)
			}
		})
	}
}
