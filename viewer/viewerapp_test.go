package viewer

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

// TestViewerApp opens the viewer served by `twin serve` on the demo
// district in headless Chromium and uses it: tiles load without failure,
// console errors or foreign requests; a mouse click on a building shows
// its attributes; the underground mode works; the language switches to
// Russian; screenshots of three views are not blank.
func TestViewerApp(t *testing.T) {
	d := startViewerDemo(t)
	b, p := d.building, d.pipe
	var rep viewerReport
	d.run(t, "viewer-e2e.mjs", &rep, "--building", jsonArg(t, b), "--pipe", jsonArg(t, p))
	t.Run("tiles", func(t *testing.T) { checkViewerTiles(t, &rep) })
	t.Run("clean", func(t *testing.T) { rep.checkClean(t, nil) })
	t.Run("select", func(t *testing.T) { checkViewerSelect(t, rep.Selected, b.ID, "Height, m") })
	t.Run("tools", func(t *testing.T) { checkViewerTools(t, &rep) })
	t.Run("underground", func(t *testing.T) { checkViewerUnderground(t, &rep) })
	t.Run("select pipe underground", func(t *testing.T) { checkViewerSelect(t, rep.PipeSelected, p.ID, "Diameter, mm") })
	t.Run("language", func(t *testing.T) { checkViewerLanguage(t, &rep) })
	t.Run("layout", func(t *testing.T) { checkViewerLayout(t, &rep) })
	t.Run("screenshots", func(t *testing.T) {
		for _, name := range []string{"normal", "underground", "laptop"} {
			t.Run(name, func(t *testing.T) { assertDrawn(t, rep.Screenshots[name]) })
		}
	})
}

// viewerDemo is `twin serve` on the demo district for a viewer script,
// with the building and the pipe of the demo that the scripts click.
type viewerDemo struct {
	h        harness
	chromium string
	srv      *twinServer
	building demoPoint
	pipe     demoPoint
}

// startViewerDemo serves the demo district and finds its building and
// pipe; the server's log is shown when the test fails.
func startViewerDemo(t *testing.T) *viewerDemo {
	t.Helper()
	d := &viewerDemo{h: needHarness(t, cesiumPackages...), chromium: needChromium(t)}
	d.srv = startTwinServe(t, d.h, [][]string{{"demo"}})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", tail(d.srv.Log.String(), 3000))
		}
	})
	d.building, d.pipe = demoBuilding(t, d.srv.URL), demoPipe(t, d.srv.URL)
	return d
}

// run runs the viewer script against the server with the script's own
// flags, decodes its report into rep and wants every step to have run.
func (d *viewerDemo) run(t *testing.T, script string, rep interface{ session() *e2eReport }, flags ...string) {
	t.Helper()
	args := append([]string{"--url", d.srv.URL + "/", "--chromium", d.chromium, "--out", shotDir(t, d.h)}, flags...)
	code := d.h.runJSON(t, 4*time.Minute, rep, script, append(args, "--timeout", "90")...)
	r := rep.session()
	t.Logf("%s in CesiumJS %s, %s: exit %d in %d ms, phase %q, steps %v, marks %v", script, r.Cesium, r.Chromium, code, r.MS, r.Phase, r.Steps, r.Marks)
	if r.Error != "" || code != 0 {
		t.Errorf("exit status %d, error %q", code, r.Error)
	}
}

// jsonArg is v in JSON, for a script's flag.
func jsonArg(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
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

func checkViewerSelect(t *testing.T, sel *selection, id, label string) {
	if sel == nil {
		t.Fatalf("clicking %s selected nothing", id)
	}
	if sel.ID != id || sel.Properties["id"] != id {
		t.Errorf("selected %q (properties %v), want %s", sel.ID, sel.Properties, id)
	}
	if !strings.Contains(sel.InfoText, id) || !strings.Contains(sel.InfoText, label) {
		t.Errorf("info panel does not show %s and %q:\n%s", id, label, sel.InfoText)
	}
	if sel.Error != nil || sel.Loading || len(sel.Details) == 0 {
		t.Errorf("details from /api/v1/features/{id}: error %v, loading %v, %d attributes", sel.Error, sel.Loading, len(sel.Details))
	}
	if sel.Color == "" || strings.EqualFold(sel.Color, "#ffffff") {
		t.Errorf("selected feature not highlighted (colour %q)", sel.Color)
	}
}

func checkViewerTools(t *testing.T, rep *viewerReport) {
	tl := rep.Tools
	if tl == nil {
		t.Fatal("tools not tried")
	}
	if !tl.GasHidden || !tl.GasShown {
		t.Errorf("gas layer checkbox: hidden %v, shown again %v", tl.GasHidden, tl.GasShown)
	}
	if tl.Styles["building"] != "height" || tl.Styles["utility"] != "diameter" {
		t.Errorf("style modes %v, want building height and utility diameter", tl.Styles)
	}
	for _, want := range []string{"Height, m", "Diameter, mm", "unknown"} {
		if !strings.Contains(tl.Legend, want) {
			t.Errorf("legend lacks %q:\n%s", want, tl.Legend)
		}
	}
	if !strings.EqualFold(tl.Highlight, "#ffd400") {
		t.Errorf("selected building's colour after restyling %q, want the highlight #ffd400", tl.Highlight)
	}
	m := tl.Measure
	if m == nil || m.Distance3D <= 0 || m.Horizontal <= 0 || m.Horizontal > m.Distance3D+1e-6 {
		t.Errorf("measurement %+v: want 0 < horizontal <= 3D distance", m)
	} else if math.Abs(m.DH*m.DH+m.Horizontal*m.Horizontal-m.Distance3D*m.Distance3D) > 0.02*m.Distance3D*m.Distance3D+1 {
		t.Errorf("measurement %+v: horizontal and height difference do not make up the 3D distance", m)
	}
	if !strings.Contains(tl.MeasureText, "3D") || !strings.Contains(tl.MeasureText, "depth below ground") {
		t.Errorf("measure bar %q", tl.MeasureText)
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
	b := rep.Below
	if math.Abs(b.GroundHeight-b.GroundTarget) > 1 || b.GroundHeight >= b.GroundM {
		t.Errorf("camera sent below the ground (%.1f m) to %.1f m ended at %.1f m", b.GroundM, b.GroundTarget, b.GroundHeight)
	}
	if math.Abs(b.EllipsoidHeight-b.EllipsoidTarget) > 1 {
		t.Errorf("camera sent below the ellipsoid to %.1f m ended at %.1f m (collision detection?)", b.EllipsoidTarget, b.EllipsoidHeight)
	}
	if !b.State.On || b.State.CollisionDetection {
		t.Errorf("below ground: underground %v, collision detection %v", b.State.On, b.State.CollisionDetection)
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
