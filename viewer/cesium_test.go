package viewer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// cesiumReport is the JSON printed by tools/cesium-load.mjs.
type cesiumReport struct {
	OK               bool           `json:"ok"`
	Cesium           string         `json:"cesium"`
	Chromium         string         `json:"chromium"`
	Phase            string         `json:"phase"`
	Error            string         `json:"error"`
	MS               int            `json:"ms"`
	TilesLoaded      bool           `json:"tilesLoaded"`
	ContentLoads     int            `json:"contentLoads"`
	Features         int            `json:"features"`
	SampleProperties map[string]any `json:"sampleProperties"`
	Stats            map[string]int `json:"stats"`
	Frames           int            `json:"frames"`
	FailedTiles      []struct {
		URL     string `json:"url"`
		Message string `json:"message"`
	} `json:"failedTiles"`
	ConsoleErrors   []string `json:"consoleErrors"`
	PageErrors      []string `json:"pageErrors"`
	RenderErrors    []string `json:"renderErrors"`
	Requests        int      `json:"requests"`
	HTTPErrors      []string `json:"httpErrors"`
	ForeignRequests []string `json:"foreignRequests"`
	Screenshot      string   `json:"screenshot"`
}

// cesiumPackages are the npm packages the Cesium harness needs.
var cesiumPackages = []string{"cesium", "playwright-core"}

// runCesium loads dir in CesiumJS in headless chromium and writes the
// screenshot to png. waitS bounds the wait for tiles (SwiftShader draws
// about one frame per second).
func runCesium(t *testing.T, h harness, chromium, dir, png string, waitS int) (cesiumReport, int) {
	t.Helper()
	var rep cesiumReport
	code := h.runJSON(t, time.Duration(waitS+90)*time.Second, &rep, "cesium-load.mjs",
		"--chromium", chromium, "--timeout", fmt.Sprint(waitS), "--screenshot", png, dir)
	t.Logf("CesiumJS %s in %s: exit %d in %d ms, phase %q, %d content loads, %d features, %d frames, stats %v",
		rep.Cesium, rep.Chromium, code, rep.MS, rep.Phase, rep.ContentLoads, rep.Features, rep.Frames, rep.Stats)
	return rep, code
}

// assertCesiumClean asserts what a correct tileset gives: content loaded,
// nothing failed, no console, page or render error, no request outside
// the test server, and a screenshot with something drawn.
func assertCesiumClean(t *testing.T, rep cesiumReport, code int) {
	t.Helper()
	if rep.Error != "" {
		t.Errorf("harness error: %s", rep.Error)
	}
	if !rep.TilesLoaded || rep.ContentLoads == 0 {
		t.Errorf("tilesLoaded %v with %d content loads, want true and > 0", rep.TilesLoaded, rep.ContentLoads)
	}
	for _, f := range rep.FailedTiles {
		t.Errorf("tile failed: %s: %s", f.URL, f.Message)
	}
	for _, list := range []struct {
		what  string
		items []string
	}{
		{"console error", rep.ConsoleErrors}, {"page error", rep.PageErrors},
		{"render error", rep.RenderErrors}, {"request outside the test server", rep.ForeignRequests},
		{"HTTP error", rep.HTTPErrors},
	} {
		for _, it := range list.items {
			t.Errorf("%s: %s", list.what, it)
		}
	}
	if code != 0 || !rep.OK {
		t.Errorf("exit status %d, ok %v", code, rep.OK)
	}
	assertDrawn(t, rep.Screenshot)
}

// assertDrawn fails when the screenshot is missing or blank.
func assertDrawn(t *testing.T, png string) {
	t.Helper()
	if png == "" {
		t.Error("no screenshot")
		return
	}
	s, err := screenshotStats(png)
	if err != nil {
		t.Error(err)
		return
	}
	if why := s.blank(); why != "" {
		t.Errorf("screenshot %s looks blank: %s (%v)", png, why, s)
	} else {
		t.Logf("screenshot %s: %v", png, s)
	}
}

// TestCesiumFixture loads the tileset written with package tiles (LoD1
// root, refine REPLACE, external tilesets per layer, quantized GLBs with
// EXT_mesh_features and EXT_structural_metadata) in CesiumJS.
func TestCesiumFixture(t *testing.T) {
	h := needHarness(t, cesiumPackages...)
	chromium := needChromium(t)
	dir := t.TempDir()
	want := writeFixture(t, dir)
	rep, code := runCesium(t, h, chromium, dir, filepath.Join(shotDir(t, h), "cesium-fixture.png"), 120)
	assertCesiumClean(t, rep, code)
	if rep.Features != want.features {
		t.Errorf("CesiumJS saw %d features, want %d", rep.Features, want.features)
	}
	if id, _ := rep.SampleProperties["id"].(string); !strings.HasPrefix(id, "fixture:") {
		t.Errorf("first feature's properties %v: want an id fixture:…", rep.SampleProperties)
	}
}

// TestCesiumReportsFailedTile makes sure the harness fails where it must:
// a missing content file and a content on another host each give a
// failed tile, the first an HTTP error, the second a foreign request.
func TestCesiumReportsFailedTile(t *testing.T) {
	h := needHarness(t, cesiumPackages...)
	chromium := needChromium(t)
	dir := t.TempDir()
	writeFixture(t, dir)
	if err := os.Remove(filepath.Join(dir, "water", "pipes.glb")); err != nil {
		t.Fatal(err)
	}
	rewriteFile(t, filepath.Join(dir, "buildings", "tileset.json"), `"q0.glb"`, `"`+foreignTile+`"`)
	rep, code := runCesium(t, h, chromium, dir, filepath.Join(t.TempDir(), "broken.png"), 60)
	if code != 1 || rep.OK {
		t.Errorf("exit status %d, ok %v; want 1, false", code, rep.OK)
	}
	for _, want := range []string{"water/pipes.glb", foreignTile} {
		found := false
		for _, f := range rep.FailedTiles {
			found = found || strings.HasSuffix(f.URL, want)
		}
		if !found {
			t.Errorf("failed tiles %+v: want %s", rep.FailedTiles, want)
		}
	}
	if !slices.Equal(rep.HTTPErrors, []string{"404 /tiles/water/pipes.glb"}) {
		t.Errorf("HTTP errors %v, want the missing pipes.glb", rep.HTTPErrors)
	}
	if !slices.Equal(rep.ForeignRequests, []string{foreignTile}) {
		t.Errorf("foreign requests %v, want [%s]", rep.ForeignRequests, foreignTile)
	}
}
