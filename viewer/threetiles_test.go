package viewer

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The demo district served by `twin serve` loads in 3DTilesRendererJS
// (npm 3d-tiles-renderer on three.js), a third client independent of
// CesiumJS and loaders.gl; tools/three-load.mjs runs it under Node.js.

// threePackages are the npm packages the three.js harness needs.
var threePackages = []string{"3d-tiles-renderer", "three"}

// threeReport is the JSON printed by tools/three-load.mjs.
type threeReport struct {
	ThreeTiles string       `json:"threeTiles"`
	Three      string       `json:"three"`
	MS         int          `json:"ms"`
	Tilesets   []string     `json:"tilesets"`
	Contents   []string     `json:"contents"`
	Files      []threeEntry `json:"files"`
	Errors     []struct {
		File  string `json:"file"`
		Error string `json:"error"`
	} `json:"errors"`
	Requests        int      `json:"requests"`
	HTTPErrors      []string `json:"httpErrors"`
	ForeignRequests []string `json:"foreignRequests"`
	ConsoleErrors   []string `json:"consoleErrors"`
	TimedOut        bool     `json:"timedOut"`
}

// threeEntry is what the renderer made of one tile content.
type threeEntry struct {
	File               string   `json:"file"`
	Meshes             int      `json:"meshes"`
	MeshesWithFeatures int      `json:"meshesWithFeatures"`
	MeshesWithMetadata int      `json:"meshesWithMetadata"`
	Features           int      `json:"features"`
	IDsRead            int      `json:"idsRead"`
	SampleIDs          []string `json:"sampleIds"`
	Problems           []string `json:"problems"`
}

// runThreeTiles runs the harness on a directory or an http:// URL.
func runThreeTiles(t *testing.T, h harness, target string) (threeReport, int) {
	t.Helper()
	var rep threeReport
	code := h.runJSON(t, 3*time.Minute, &rep, "three-load.mjs", "--timeout", "120", target)
	t.Logf("3d-tiles-renderer %s (three r%s): %d tilesets, %d contents, %d requests in %d ms",
		rep.ThreeTiles, rep.Three, len(rep.Tilesets), len(rep.Contents), rep.Requests, rep.MS)
	return rep, code
}

// TestThreeTiles loads the demo district from `twin serve` in
// 3DTilesRendererJS with a camera that needs every tile: every tileset and
// every content found by walking the tileset JSON independently loads,
// with zero errors, and every mesh carries feature ids whose `id` property
// (read through EXT_structural_metadata) is a demo store id. A corrupted
// GLB is then reported against its file.
func TestThreeTiles(t *testing.T) {
	h := needHarness(t, threePackages...)
	s := startTwinServe(t, h, [][]string{{"demo"}})
	root := s.URL + "/tiles/tileset.json"
	if status := getStatus(root); status != "200 OK" {
		skipOrFail(t, fmt.Sprintf("GET %s: %s: twin serve does not serve tiles", root, status))
	}
	checkThreeTiles(t, h, root)
}

// getStatus returns the status line of a GET of u, or the error.
func getStatus(u string) string {
	resp, err := http.Get(u)
	if err != nil {
		return err.Error()
	}
	resp.Body.Close()
	return resp.Status
}

// checkThreeTiles walks the tileset at root, loads it in the renderer and
// loads a mirror of it with one GLB corrupted.
func checkThreeTiles(t *testing.T, h harness, root string) {
	t.Helper()
	mirror := t.TempDir()
	want := walkTilesets(t, root, mirror)
	t.Logf("walked %d tilesets, %d contents below %s", len(want.tilesets), len(want.contents), root)
	if len(want.tilesets) < 2 || len(want.contents) == 0 {
		t.Fatalf("%d tilesets, %d contents: want a root and layer tilesets with content", len(want.tilesets), len(want.contents))
	}
	t.Run("served", func(t *testing.T) {
		rep, code := runThreeTiles(t, h, root)
		assertThreeClean(t, rep, code)
		assertSameFiles(t, "tilesets", rep.Tilesets, want.tilesets)
		assertSameFiles(t, "contents", rep.Contents, want.contents)
		assertFeatured(t, rep, "demo:")
	})
	t.Run("broken GLBs", func(t *testing.T) {
		truncated, garbled := want.contents[0], want.contents[len(want.contents)-1]
		damageFile(t, filepath.Join(mirror, filepath.FromSlash(truncated)), true)
		damageFile(t, filepath.Join(mirror, filepath.FromSlash(garbled)), false)
		rep, code := runThreeTiles(t, h, mirror)
		assertReportsBroken(t, rep, code, want.contents, truncated, garbled)
	})
}

// assertThreeClean fails on any error the harness reported.
func assertThreeClean(t *testing.T, rep threeReport, code int) {
	t.Helper()
	for _, e := range rep.Errors {
		t.Errorf("3d-tiles-renderer: %s: %s", e.File, e.Error)
	}
	if code != 0 || rep.TimedOut || len(rep.ConsoleErrors) > 0 || len(rep.HTTPErrors) > 0 || len(rep.ForeignRequests) > 0 {
		t.Errorf("exit %d, timed out %v, console errors %q, HTTP errors %v, foreign requests %v",
			code, rep.TimedOut, rep.ConsoleErrors, rep.HTTPErrors, rep.ForeignRequests)
	}
}

// assertSameFiles compares what the renderer loaded with what the walk found.
func assertSameFiles(t *testing.T, kind string, got, want []string) {
	t.Helper()
	for _, f := range want {
		if !slices.Contains(got, f) {
			t.Errorf("%s: %s is referenced but 3d-tiles-renderer never loaded it", kind, f)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: loaded %d, want %d (%v)", kind, len(got), len(want), got)
	}
}

// assertFeatured checks that every mesh of every content has feature ids
// and metadata and that the ids read look like store ids.
func assertFeatured(t *testing.T, rep threeReport, idPrefix string) {
	t.Helper()
	if len(rep.Files) != len(rep.Contents) {
		t.Errorf("%d content summaries for %d contents", len(rep.Files), len(rep.Contents))
	}
	for _, f := range rep.Files {
		if f.Meshes == 0 || f.MeshesWithFeatures != f.Meshes || f.MeshesWithMetadata != f.Meshes {
			t.Errorf("%s: %d meshes, %d with feature ids, %d with metadata", f.File, f.Meshes, f.MeshesWithFeatures, f.MeshesWithMetadata)
		}
		if f.Features == 0 || f.IDsRead != f.Features || len(f.SampleIDs) == 0 {
			t.Errorf("%s: %d features, %d ids read, samples %q", f.File, f.Features, f.IDsRead, f.SampleIDs)
		}
		for _, id := range f.SampleIDs {
			if !strings.HasPrefix(id, idPrefix) || len(id) == len(idPrefix) {
				t.Errorf("%s: feature id %q, want %s…", f.File, id, idPrefix)
			}
		}
	}
}

// assertReportsBroken checks that both damaged contents are reported as
// errors against their files, that the truncated one is not counted as
// loaded and that every other content still loads.
func assertReportsBroken(t *testing.T, rep threeReport, code int, all []string, truncated, garbled string) {
	t.Helper()
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	reported := map[string]int{}
	for _, e := range rep.Errors {
		reported[e.File]++
	}
	t.Logf("errors reported per file: %v", reported)
	for _, f := range []string{truncated, garbled} {
		if reported[f] == 0 {
			t.Errorf("%s: damaged but no error reported", f)
		}
	}
	if slices.Contains(rep.Contents, truncated) {
		t.Errorf("%s: truncated but counted as loaded", truncated)
	}
	for _, f := range all {
		if f != truncated && f != garbled && !slices.Contains(rep.Contents, f) {
			t.Errorf("%s: intact but not loaded", f)
		}
	}
}

// damageFile truncates a file to half its size, or overwrites its second
// half with garbage (the GLB header and JSON chunk stay intact, so the
// damage is in the binary chunk: buffers or property tables).
func damageFile(t *testing.T, p string, truncate bool) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if truncate {
		data = data[:len(data)/2]
	} else {
		for i := len(data) / 2; i < len(data); i++ {
			data[i] = byte(i*7 + 13)
		}
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tilesetFiles lists the files below a root tileset's directory, as
// slash-separated relative paths, sorted.
type tilesetFiles struct {
	tilesets, contents []string
}

// walkTilesets fetches the root tileset and, recursively, every external
// tileset and content it references (explicit tiling; `content` and
// 3D Tiles 1.1 `contents`), saving each file below mirror.
func walkTilesets(t *testing.T, rootURL, mirror string) tilesetFiles {
	t.Helper()
	base, err := url.Parse(rootURL)
	if err != nil {
		t.Fatal(err)
	}
	dir := path.Dir(base.Path) + "/"
	var files tilesetFiles
	seen := map[string]bool{}
	queue := []string{path.Base(base.Path)}
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		if seen[rel] {
			continue
		}
		seen[rel] = true
		data := fetchTileFile(t, base.ResolveReference(&url.URL{Path: dir + rel}).String(), filepath.Join(mirror, filepath.FromSlash(rel)))
		if strings.HasSuffix(rel, ".json") {
			files.tilesets = append(files.tilesets, rel)
			queue = append(queue, tilesetURIs(t, rel, data)...)
		} else {
			files.contents = append(files.contents, rel)
		}
	}
	slices.Sort(files.tilesets)
	slices.Sort(files.contents)
	return files
}

// fetchTileFile GETs a URL, wants 200 and saves the body to file.
func fetchTileFile(t *testing.T, u, file string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v %.200s", u, resp.StatusCode, err, data)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// walkTile is the part of a 3D Tiles tile the walk needs.
type walkTile struct {
	Content  *struct{ URI string }  `json:"content"`
	Contents []struct{ URI string } `json:"contents"`
	Children []walkTile             `json:"children"`
	Implicit json.RawMessage        `json:"implicitTiling"`
}

// tilesetURIs returns the content URIs of every tile of a tileset, as
// paths relative to the root tileset's directory.
func tilesetURIs(t *testing.T, rel string, data []byte) []string {
	t.Helper()
	var ts struct {
		Root *walkTile `json:"root"`
	}
	if err := json.Unmarshal(data, &ts); err != nil || ts.Root == nil {
		t.Fatalf("%s: not a tileset (%v)", rel, err)
	}
	var uris []string
	stack := []walkTile{*ts.Root}
	for len(stack) > 0 {
		tile := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if tile.Implicit != nil {
			t.Fatalf("%s: implicit tiling: the walk does not expand subtrees", rel)
		}
		if tile.Content != nil {
			uris = append(uris, joinURI(t, rel, tile.Content.URI))
		}
		for _, c := range tile.Contents {
			uris = append(uris, joinURI(t, rel, c.URI))
		}
		stack = append(stack, tile.Children...)
	}
	return uris
}

// joinURI resolves a relative content URI against the tileset at rel.
func joinURI(t *testing.T, rel, uri string) string {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil || u.IsAbs() || strings.HasPrefix(uri, "/") {
		t.Fatalf("%s: content URI %q is not relative to its tileset (%v)", rel, uri, err)
	}
	p := path.Join(path.Dir(rel), u.Path)
	if strings.HasPrefix(p, "../") {
		t.Fatalf("%s: content URI %q leaves the tileset directory", rel, uri)
	}
	return p
}
