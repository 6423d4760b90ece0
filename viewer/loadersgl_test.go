package viewer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// loadersReport is the JSON printed by tools/check-loadersgl.mjs.
type loadersReport struct {
	LoadersGL string `json:"loadersgl"`
	Tilesets  int    `json:"tilesets"`
	Tiles     int    `json:"tiles"`
	Contents  int    `json:"contents"`
	Features  int    `json:"features"`
	MS        int    `json:"ms"`
	Errors    []struct {
		File  string `json:"file"`
		Error string `json:"error"`
	} `json:"errors"`
	NotFound        []string       `json:"notFound"`
	Served          []string       `json:"served"`
	ForeignRequests []string       `json:"foreignRequests"`
	Files           []loadersEntry `json:"files"`
}

// loadersEntry is the report on one tileset or content file.
type loadersEntry struct {
	File          string         `json:"file"`
	Kind          string         `json:"kind"`
	OK            bool           `json:"ok"`
	Error         string         `json:"error"`
	Type          string         `json:"type"`
	Vertices      int            `json:"vertices"`
	Features      int            `json:"features"`
	Extensions    []string       `json:"extensions"`
	SampleFeature map[string]any `json:"sampleFeature"`
}

// checkLoadersGL runs the loaders.gl harness on dir.
func checkLoadersGL(t *testing.T, h harness, dir string) (loadersReport, int) {
	t.Helper()
	var rep loadersReport
	code := h.runJSON(t, 5*time.Minute, &rep, "check-loadersgl.mjs", dir)
	t.Logf("loaders.gl %s: %d tilesets, %d tiles, %d contents, %d features in %d ms",
		rep.LoadersGL, rep.Tilesets, rep.Tiles, rep.Contents, rep.Features, rep.MS)
	return rep, code
}

// assertLoadersClean fails on any error and checks that every tile file
// below dir was fetched: nothing the tileset should reference is orphaned
// and no subtree or external tileset was skipped.
func assertLoadersClean(t *testing.T, rep loadersReport, code int, dir string) {
	t.Helper()
	for _, e := range rep.Errors {
		t.Errorf("loaders.gl: %s: %s", e.File, e.Error)
	}
	if code != 0 || len(rep.NotFound) > 0 || len(rep.ForeignRequests) > 0 {
		t.Errorf("exit %d, not found %v, foreign requests %v", code, rep.NotFound, rep.ForeignRequests)
	}
	for _, f := range tileFiles(t, dir) {
		if !slices.Contains(rep.Served, f) {
			t.Errorf("%s is below the tileset directory but loaders.gl never fetched it", f)
		}
	}
}

// TestLoadersGLSamples loads the official 3D Tiles samples and pg2b3dm's
// output: implicit quadtree and octree with subtrees, tiles with several
// contents, external tilesets, b3dm and pnts.
func TestLoadersGLSamples(t *testing.T) {
	h := needHarness(t, "@loaders.gl/3d-tiles", "@loaders.gl/core")
	cases := []struct {
		name, dir                 string
		tilesets, tiles, contents int
	}{
		{"1.1 SparseImplicitQuadtree", "3dtiles/cesium_3d-tiles-samples/1.1/SparseImplicitQuadtree", 1, 63, 32},
		{"1.1 SparseImplicitOctree", "3dtiles/cesium_3d-tiles-samples/1.1/SparseImplicitOctree", 1, 58, 31},
		{"1.1 MetadataGranularities", "3dtiles/cesium_3d-tiles-samples/1.1/MetadataGranularities", 1, 5, 20},
		{"1.0 TilesetWithRequestVolume", "3dtiles/cesium_3d-tiles-samples/1.0/TilesetWithRequestVolume", 2, 9, 6},
		{"pg2b3dm amsterdam", "3dtiles/pg2b3dm_amsterdam", 1, 11, 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := h.sharedData(t, tc.dir)
			rep, code := checkLoadersGL(t, h, dir)
			assertLoadersClean(t, rep, code, dir)
			if rep.Tilesets != tc.tilesets || rep.Tiles != tc.tiles || rep.Contents != tc.contents {
				t.Errorf("got %d tilesets, %d tiles, %d contents; want %d, %d, %d",
					rep.Tilesets, rep.Tiles, rep.Contents, tc.tilesets, tc.tiles, tc.contents)
			}
		})
	}
}

// TestLoadersGLFixture loads the tileset written with package tiles and
// checks that loaders.gl decodes the feature ids and property tables.
func TestLoadersGLFixture(t *testing.T) {
	h := needHarness(t, "@loaders.gl/3d-tiles", "@loaders.gl/core")
	dir := t.TempDir()
	want := writeFixture(t, dir)
	rep, code := checkLoadersGL(t, h, dir)
	assertLoadersClean(t, rep, code, dir)
	got := fixtureExpect{rep.Tilesets, rep.Tiles, rep.Contents, rep.Features}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	for _, f := range rep.Files {
		if f.Kind != "content" {
			continue
		}
		t.Run(f.File, func(t *testing.T) {
			for _, ext := range []string{"EXT_mesh_features", "EXT_structural_metadata"} {
				if !slices.Contains(f.Extensions, ext) {
					t.Errorf("extensionsUsed %v lacks %s", f.Extensions, ext)
				}
			}
			id, _ := f.SampleFeature["id"].(string)
			if !strings.HasPrefix(id, "fixture:") {
				t.Errorf("first feature %v: want an id property fixture:…", f.SampleFeature)
			}
		})
	}
}

// TestLoadersGLReportsBrokenTiles makes sure the harness fails where it
// must: a truncated GLB, a missing GLB, a missing external tileset and a
// content on another host are each reported against their file.
func TestLoadersGLReportsBrokenTiles(t *testing.T) {
	h := needHarness(t, "@loaders.gl/3d-tiles", "@loaders.gl/core")
	dir := t.TempDir()
	writeFixture(t, dir)
	glb := filepath.Join(dir, "buildings", "q1.glb")
	data, err := os.ReadFile(glb)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(glb, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, rm := range []string{"buildings/q2.glb", "water/tileset.json"} {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rm))); err != nil {
			t.Fatal(err)
		}
	}
	rewriteFile(t, filepath.Join(dir, "buildings", "tileset.json"), `"q0.glb"`, `"`+foreignTile+`"`)
	rep, code := checkLoadersGL(t, h, dir)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	failed := map[string]bool{}
	for _, e := range rep.Errors {
		failed[e.File] = true
		t.Logf("reported: %s: %s", e.File, e.Error)
	}
	for _, f := range []string{"buildings/q1.glb", "buildings/q2.glb", "water/tileset.json", foreignTile} {
		if !failed[f] {
			t.Errorf("%s: no error reported", f)
		}
	}
	if !slices.Equal(rep.ForeignRequests, []string{foreignTile}) {
		t.Errorf("foreign requests %v, want [%s]", rep.ForeignRequests, foreignTile)
	}
	if rep.Contents != 2 {
		t.Errorf("%d contents parsed, want the 2 intact ones (lod1, q3)", rep.Contents)
	}
}

// foreignTile is a content URI on another host: the harnesses must refuse
// and report it (the .invalid domain never resolves).
const foreignTile = "https://tiles.example.invalid/q0.glb"

// rewriteFile replaces old by new in the file at path; old must occur.
func rewriteFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s has no %s", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
