package viewer

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// viewerReport is the JSON printed by tools/viewer-e2e.mjs.
type viewerReport struct {
	OK       bool   `json:"ok"`
	Phase    string `json:"phase"`
	Error    string `json:"error"`
	MS       int    `json:"ms"`
	Chromium string `json:"chromium"`
	Cesium   string `json:"cesium"`
	Steps    []struct {
		Name string `json:"name"`
		MS   int    `json:"ms"`
	} `json:"steps"`
	Ready    bool         `json:"ready"`
	Stats    *viewerStats `json:"stats"`
	Selected *struct {
		ID         string         `json:"id"`
		Layer      string         `json:"layer"`
		InfoText   string         `json:"infoText"`
		Error      *string        `json:"error"`
		Loading    bool           `json:"loading"`
		Properties map[string]any `json:"properties"`
		Details    map[string]any `json:"details"`
	} `json:"selected"`
	Underground *undergroundState `json:"underground"`
	Below       *struct {
		View            undergroundState `json:"view"`
		EllipsoidTarget float64          `json:"ellipsoidTarget"`
		EllipsoidHeight float64          `json:"ellipsoidHeight"`
	} `json:"below"`
	Lang *struct {
		Before langTexts `json:"before"`
		After  langTexts `json:"after"`
		Stored string    `json:"stored"`
	} `json:"lang"`
	Layout *struct {
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
		Left   box     `json:"left"`
		Right  box     `json:"right"`
		Topbar box     `json:"topbar"`
	} `json:"layout"`
	Screenshots     map[string]string `json:"screenshots"`
	ConsoleErrors   []string          `json:"consoleErrors"`
	PageErrors      []string          `json:"pageErrors"`
	ForeignRequests []string          `json:"foreignRequests"`
	HTTPErrors      []string          `json:"httpErrors"`
}

type viewerStats struct {
	Layers map[string]struct {
		Kind        string  `json:"kind"`
		Loaded      int     `json:"loaded"`
		Failed      int     `json:"failed"`
		TilesLoaded bool    `json:"tilesLoaded"`
		Error       *string `json:"error"`
	} `json:"layers"`
	Loaded   int `json:"loaded"`
	Failed   int `json:"failed"`
	Pending  int `json:"pending"`
	Frames   int `json:"frames"`
	Failures []struct {
		Layer   string `json:"layer"`
		URL     string `json:"url"`
		Message string `json:"message"`
	} `json:"failures"`
}

type undergroundState struct {
	On                 bool     `json:"on"`
	Translucency       bool     `json:"translucency"`
	CollisionDetection bool     `json:"collisionDetection"`
	Labels             int      `json:"labels"`
	LabelTexts         []string `json:"labelTexts"`
	Error              *string  `json:"error"`
	CameraHeight       float64  `json:"cameraHeight"`
	GroundM            float64  `json:"groundM"`
}

type langTexts struct {
	HTMLLang    string   `json:"htmlLang"`
	Underground string   `json:"underground"`
	Layers      string   `json:"layers"`
	Info        string   `json:"info"`
	Labels      []string `json:"labels"`
}

type box struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

// TestViewerApp opens the viewer served by `twin serve` on the demo
// district in headless Chromium and uses it: tiles load without failure,
// console errors or foreign requests; a mouse click on a building shows
// its attributes; the underground mode works; the language switches to
// Russian; screenshots of three views are not blank.
func TestViewerApp(t *testing.T) {
	h := needHarness(t, cesiumPackages...)
	chromium := needChromium(t)
	s := startTwinServe(t, h, [][]string{{"demo"}})
	b := demoBuilding(t, s.URL)
	arg, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var rep viewerReport
	code := h.runJSON(t, 4*time.Minute, &rep, "viewer-e2e.mjs", "--url", s.URL+"/", "--chromium", chromium,
		"--out", shotDir(t, h), "--building", string(arg), "--timeout", "90")
	t.Logf("viewer in CesiumJS %s, %s: exit %d in %d ms, phase %q, steps %v", rep.Cesium, rep.Chromium, code, rep.MS, rep.Phase, rep.Steps)
	if rep.Error != "" || code != 0 {
		t.Errorf("exit status %d, error %q", code, rep.Error)
	}
	t.Run("tiles", func(t *testing.T) { checkViewerTiles(t, &rep) })
	t.Run("clean", func(t *testing.T) { checkViewerClean(t, &rep) })
	t.Run("select", func(t *testing.T) { checkViewerSelect(t, &rep, b.ID) })
	t.Run("underground", func(t *testing.T) { checkViewerUnderground(t, &rep) })
	t.Run("language", func(t *testing.T) { checkViewerLanguage(t, &rep) })
	t.Run("layout", func(t *testing.T) { checkViewerLayout(t, &rep) })
	t.Run("screenshots", func(t *testing.T) {
		for _, name := range []string{"normal", "underground", "laptop"} {
			t.Run(name, func(t *testing.T) { assertDrawn(t, rep.Screenshots[name]) })
		}
	})
	if t.Failed() {
		t.Logf("server log:\n%s", tail(s.Log.String(), 3000))
	}
}

func checkViewerTiles(t *testing.T, rep *viewerReport) {
	if !rep.Ready || rep.Stats == nil {
		t.Fatalf("viewer not ready (phase %q, stats %+v)", rep.Phase, rep.Stats)
	}
	for _, f := range rep.Stats.Failures {
		t.Errorf("tile failed in layer %s: %s: %s", f.Layer, f.URL, f.Message)
	}
	if rep.Stats.Failed != 0 {
		t.Errorf("%d failed tiles", rep.Stats.Failed)
	}
	for _, name := range []string{"buildings", "water", "sewer", "storm", "gas", "power", "telecom", "heating"} {
		l, ok := rep.Stats.Layers[name]
		switch {
		case !ok:
			t.Errorf("layer %s missing from the viewer (layers %v)", name, rep.Stats.Layers)
		case l.Loaded == 0 || !l.TilesLoaded:
			t.Errorf("layer %s: %d tiles loaded, tilesLoaded %v", name, l.Loaded, l.TilesLoaded)
		}
	}
}

func checkViewerClean(t *testing.T, rep *viewerReport) {
	for _, list := range []struct {
		what  string
		items []string
	}{
		{"console error", rep.ConsoleErrors}, {"page error", rep.PageErrors},
		{"request outside the server", rep.ForeignRequests}, {"HTTP error", rep.HTTPErrors},
	} {
		for _, it := range list.items {
			t.Errorf("%s: %s", list.what, it)
		}
	}
}

func checkViewerSelect(t *testing.T, rep *viewerReport, id string) {
	sel := rep.Selected
	if sel == nil {
		t.Fatalf("clicking building %s selected nothing", id)
	}
	if sel.ID != id || sel.Properties["id"] != id {
		t.Errorf("selected %q (properties %v), want %s", sel.ID, sel.Properties, id)
	}
	if !strings.Contains(sel.InfoText, id) || !strings.Contains(sel.InfoText, "Height, m") {
		t.Errorf("info panel does not show the building's id and height:\n%s", sel.InfoText)
	}
	if sel.Error != nil || sel.Loading || len(sel.Details) == 0 {
		t.Errorf("details from /api/v1/features/{id}: error %v, loading %v, %d attributes", sel.Error, sel.Loading, len(sel.Details))
	}
}

func checkViewerUnderground(t *testing.T, rep *viewerReport) {
	u := rep.Underground
	if u == nil {
		t.Fatal("no underground state")
	}
	if !u.On || !u.Translucency || u.CollisionDetection {
		t.Errorf("underground on %v, globe translucency %v, collision detection %v; want true, true, false", u.On, u.Translucency, u.CollisionDetection)
	}
	if u.Labels == 0 || len(u.LabelTexts) == 0 || !strings.Contains(u.LabelTexts[0], " m deep") {
		t.Errorf("%d depth labels %q (error %v), want some \"… m deep\"", u.Labels, u.LabelTexts, u.Error)
	}
	if rep.Below == nil {
		t.Fatal("the camera was not moved below ground")
	}
	if v := rep.Below.View; v.CameraHeight >= v.GroundM {
		t.Errorf("underground view: camera at %.1f m, not below the ground at %.1f m", v.CameraHeight, v.GroundM)
	}
	if h := rep.Below.EllipsoidHeight; h > rep.Below.EllipsoidTarget+5 {
		t.Errorf("camera sent to %.1f m below the ellipsoid ended at %.1f m", rep.Below.EllipsoidTarget, h)
	}
}

func checkViewerLanguage(t *testing.T, rep *viewerReport) {
	l := rep.Lang
	if l == nil {
		t.Fatal("language not switched")
	}
	if l.Before.HTMLLang != "en" || l.Before.Underground != "Underground" {
		t.Errorf("before the switch: lang %q, button %q; want en, Underground", l.Before.HTMLLang, l.Before.Underground)
	}
	if l.After.HTMLLang != "ru" || l.After.Underground != "Под землёй" || l.After.Layers != "Слои" || l.Stored != "ru" {
		t.Errorf("after the switch: lang %q, button %q, panel %q, stored %q; want ru, Под землёй, Слои, ru",
			l.After.HTMLLang, l.After.Underground, l.After.Layers, l.Stored)
	}
	if !strings.Contains(l.After.Info, "Идентификатор") {
		t.Errorf("info panel not translated:\n%s", l.After.Info)
	}
	if len(l.After.Labels) == 0 || !strings.Contains(l.After.Labels[0], "глубина") {
		t.Errorf("depth labels not translated: %q", l.After.Labels)
	}
}

func checkViewerLayout(t *testing.T, rep *viewerReport) {
	l := rep.Layout
	if l == nil {
		t.Fatal("no laptop layout")
	}
	if l.Width != 1366 || l.Height != 768 {
		t.Errorf("window %gx%g, want 1366x768", l.Width, l.Height)
	}
	if l.Left.Right >= l.Right.Left || l.Left.Top < l.Topbar.Bottom || l.Right.Right > l.Width {
		t.Errorf("panels overlap or leave the window: %+v", *l)
	}
	if free := l.Right.Left - l.Left.Right; free < 0.4*l.Width {
		t.Errorf("only %.0f px of the map between the panels at 1366 px", free)
	}
}

// demoPoint is a building of the demo and a point inside its footprint at
// roof height, where a click must select it.
type demoPoint struct {
	ID     string  `json:"id"`
	Lon    float64 `json:"lon"`
	Lat    float64 `json:"lat"`
	Height float64 `json:"height"`
}

// demoBuilding asks the server for buildings and returns the first whose
// footprint centroid lies inside the footprint.
func demoBuilding(t *testing.T, base string) demoPoint {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/features?layer=buildings&limit=50")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var fc struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				ID    string  `json:"id"`
				RoofM float64 `json:"roof_m"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/api/v1/features?layer=buildings: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		t.Fatalf("/api/v1/features?layer=buildings: %v", err)
	}
	for _, f := range fc.Features {
		var rings [][][]float64
		if f.Geometry.Type != "Polygon" || json.Unmarshal(f.Geometry.Coordinates, &rings) != nil || len(rings) == 0 {
			continue
		}
		if c, ok := interiorCentroid(rings); ok {
			return demoPoint{ID: f.Properties.ID, Lon: c[0], Lat: c[1], Height: f.Properties.RoofM}
		}
	}
	t.Fatalf("none of %d buildings has a footprint containing its centroid", len(fc.Features))
	return demoPoint{}
}

// interiorCentroid returns the area centroid of a polygon's outer ring
// when it lies inside the polygon (outside every hole).
func interiorCentroid(rings [][][]float64) ([2]float64, bool) {
	var a, cx, cy float64
	r := rings[0]
	for i := range r {
		j := (i + 1) % len(r)
		if len(r[i]) < 2 || len(r[j]) < 2 {
			return [2]float64{}, false
		}
		cross := r[i][0]*r[j][1] - r[j][0]*r[i][1]
		a += cross
		cx += (r[i][0] + r[j][0]) * cross
		cy += (r[i][1] + r[j][1]) * cross
	}
	if a == 0 {
		return [2]float64{}, false
	}
	c := [2]float64{cx / (3 * a), cy / (3 * a)}
	if !inRing(c, r) {
		return c, false
	}
	for _, hole := range rings[1:] {
		if inRing(c, hole) {
			return c, false
		}
	}
	return c, true
}

// inRing is the even-odd point-in-ring test.
func inRing(p [2]float64, r [][]float64) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		if (r[i][1] > p[1]) != (r[j][1] > p[1]) &&
			p[0] < (r[j][0]-r[i][0])*(p[1]-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
			in = !in
		}
	}
	return in
}

// TestViewerInteriorCentroid checks the choice of the building to click.
func TestViewerInteriorCentroid(t *testing.T) {
	square := [][]float64{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	lShape := [][]float64{{0, 0}, {10, 0}, {10, 1}, {1, 1}, {1, 10}, {0, 10}, {0, 0}}
	hole := [][]float64{{0.5, 0.5}, {0.5, 1.5}, {1.5, 1.5}, {1.5, 0.5}, {0.5, 0.5}}
	cases := []struct {
		name  string
		rings [][][]float64
		want  [2]float64
		ok    bool
	}{
		{"square", [][][]float64{square}, [2]float64{1, 1}, true},
		{"L outside", [][][]float64{lShape}, [2]float64{0, 0}, false},
		{"courtyard", [][][]float64{square, hole}, [2]float64{0, 0}, false},
		{"degenerate", [][][]float64{{{0, 0}, {1, 1}, {0, 0}}}, [2]float64{0, 0}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := interiorCentroid(tc.rings)
			if ok != tc.ok || (ok && fmt.Sprint(c) != fmt.Sprint(tc.want)) {
				t.Errorf("got %v %v, want %v %v", c, ok, tc.want, tc.ok)
			}
		})
	}
}
