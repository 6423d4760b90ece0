package viewer

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestViewerQueries opens the viewer served by `twin serve` on the demo
// district in headless Chromium and runs the planning queries from its
// panels: a polygon drawn with mouse clicks gives the same features as
// the area API, highlighted in the tiles and listed in the table (a row
// click selects the feature); statistics, proximity and clash agree with
// the API; a drawn line gives the SVG cross-section; Isolate on a clicked
// water pipe highlights the API's valves; a refused query shows the
// server's message. No console errors, failed or foreign requests.
func TestViewerQueries(t *testing.T) {
	d := startViewerDemo(t)
	b, p := d.building, d.pipe
	// A block around the building, and a line across it and the streets
	// on both sides.
	polygon := [][2]float64{
		{round8(b.Lon - 0.0006), round8(b.Lat - 0.0004)}, {round8(b.Lon + 0.0006), round8(b.Lat - 0.0004)},
		{round8(b.Lon + 0.0006), round8(b.Lat + 0.0004)}, {round8(b.Lon - 0.0006), round8(b.Lat + 0.0004)},
	}
	line := [][2]float64{{round8(b.Lon - 0.0012), round8(b.Lat)}, {round8(b.Lon + 0.0012), round8(b.Lat)}}
	var rep queryReport
	d.run(t, "viewer-query-e2e.mjs", &rep, "--polygon", jsonArg(t, polygon), "--line", jsonArg(t, line), "--pipe", jsonArg(t, p))
	base := d.srv.URL
	t.Run("area", func(t *testing.T) { checkQueryArea(t, base, &rep) })
	t.Run("stats proximity clash", func(t *testing.T) { checkQueryOthers(t, base, &rep, line) })
	t.Run("section", func(t *testing.T) { checkQuerySection(t, base, &rep) })
	t.Run("isolate", func(t *testing.T) { checkQueryIsolate(t, base, &rep, p.ID) })
	t.Run("refused", func(t *testing.T) { checkQueryRefused(t, &rep) })
	t.Run("clean", func(t *testing.T) { checkQueryClean(t, &rep) })
	t.Run("screenshot", func(t *testing.T) { assertDrawn(t, rep.Screenshots["queries"]) })
}

// checkHighlighted wants every highlighted feature in the visible tiles
// in its colour (at least one found), and no other feature in one.
func checkHighlighted(t *testing.T, what string, h highlightState) {
	t.Helper()
	if h.Found == 0 || h.Coloured != h.Found || h.Strays != 0 {
		t.Errorf("%s: %d of %d highlighted features found in the visible tiles carry their colour, %d others do too (colours %v)",
			what, h.Coloured, h.Found, h.Strays, h.Colours)
	}
}

// checkDrawn wants a complete drawing of mode with n clicked points.
func checkDrawn(t *testing.T, d drawState, mode string, n int) {
	t.Helper()
	if d.Mode != mode || !d.Complete || d.Vertices != n {
		t.Fatalf("drawing %+v: want a complete %s of %d clicked points", d, mode, n)
	}
}

func checkQueryArea(t *testing.T, base string, rep *queryReport) {
	a := rep.Area
	if a == nil {
		t.Fatal("area not run")
	}
	checkDrawn(t, a.Drawn, "polygon", 4) // the double click adds no corner
	var api struct {
		Total    int `json:"total"`
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	postQuery(t, base, "area", map[string]any{"geometry": a.Drawn.Geometry, "limit": 1000}, &api)
	var want []string
	for _, f := range api.Features {
		want = append(want, f.ID)
	}
	want = sortedSet(want)
	if len(want) == 0 {
		t.Fatalf("the area API finds nothing in the drawn polygon %s", a.Drawn.Geometry)
	}
	if got := a.rowIDs(); !slices.Equal(got, want) {
		t.Errorf("results table lists %d ids, the API %d:\ntable %v\napi   %v", len(got), len(want), got, want)
	}
	if got := sortedSet(a.IDs["result"]); !slices.Equal(got, want) {
		t.Errorf("highlighted %d ids, the API found %d", len(got), len(want))
	}
	if a.Summary.Total != api.Total || a.Summary.Error != "" {
		t.Errorf("summary %+v, API total %d", a.Summary, api.Total)
	}
	checkHighlighted(t, "area", a.Highlight)
	if a.RowClicked == "" {
		t.Fatal("no row clicked")
	}
	checkViewerSelect(t, a.Selected, a.RowClicked, "Id")
}

func checkQueryOthers(t *testing.T, base string, rep *queryReport, line [][2]float64) {
	o, a := rep.Others, rep.Area
	if o == nil || a == nil {
		t.Fatal("statistics, proximity and clash not run")
	}
	var stats struct {
		Buildings struct {
			Count int `json:"count"`
		} `json:"buildings"`
	}
	postQuery(t, base, "stats", map[string]any{"geometry": a.Drawn.Geometry}, &stats)
	if o.Stats.Error != "" || o.Stats.Buildings != stats.Buildings.Count || o.Histogram == 0 {
		t.Errorf("stats %+v with %d histogram bars; the API counts %d buildings", o.Stats, o.Histogram, stats.Buildings.Count)
	}
	lineGeom := map[string]any{"type": "LineString", "coordinates": line}
	var prox struct {
		Results []struct {
			ID string `json:"id"`
		} `json:"results"`
	}
	postQuery(t, base, "proximity", map[string]any{"geometry": lineGeom, "distance_m": 5, "probe_depth_m": 1, "limit": 1000}, &prox)
	var want []string
	for _, r := range prox.Results {
		want = append(want, r.ID)
	}
	if got := sortedSet(o.ProximityRows); o.Proximity.Error != "" || !slices.Equal(got, sortedSet(want)) {
		t.Errorf("proximity %+v lists %v, the API %v", o.Proximity, got, sortedSet(want))
	}
	var clash struct {
		Conflicts []json.RawMessage `json:"conflicts"`
	}
	pipe := map[string]any{"network": "gas", "centreline": line, "depth_m": []float64{1.5, 1.5}, "diameter_mm": 200}
	postQuery(t, base, "clash", map[string]any{"pipe": pipe, "limit": 1000}, &clash)
	n := len(clash.Conflicts)
	if o.Clash.Error != "" || o.Clash.Conflicts != n || o.ClashState.Rows != n || o.ClashState.Markers != n {
		t.Errorf("clash %+v, %d rows, %d markers; the API finds %d conflicts", o.Clash, o.ClashState.Rows, o.ClashState.Markers, n)
	}
}

func checkQuerySection(t *testing.T, base string, rep *queryReport) {
	sc := rep.Section
	if sc == nil {
		t.Fatal("section not run")
	}
	checkDrawn(t, sc.Drawn, "line", 2)
	var g struct {
		Coordinates [][]float64 `json:"coordinates"`
	}
	if err := json.Unmarshal(sc.Drawn.Geometry, &g); err != nil {
		t.Fatal(err)
	}
	var api struct {
		Crossings []struct {
			FeatureID string `json:"feature_id"`
		} `json:"crossings"`
	}
	postQuery(t, base, "section", map[string]any{"line": g.Coordinates, "half_width_m": 1}, &api)
	if len(api.Crossings) == 0 {
		t.Fatalf("the section API finds no crossing along the drawn line %v", g.Coordinates)
	}
	rows := sc.rowIDs()
	for _, c := range api.Crossings {
		if !slices.Contains(rows, c.FeatureID) {
			t.Errorf("crossing %s missing from the results table %v", c.FeatureID, rows)
		}
	}
	if sc.Summary.Crossings != len(api.Crossings) {
		t.Errorf("summary %+v, the API has %d crossings", sc.Summary, len(api.Crossings))
	}
	if sc.SVG == nil || !sc.SVG.Shown || sc.SVG.Circles == 0 || len(sc.SVG.IDs) == 0 {
		t.Errorf("section panel %+v: want a shown <svg> with pipe circles and data-ids", sc.SVG)
	}
	if o := rep.Others; o == nil {
		t.Error("the SVG parser was not tried")
	} else if s := o.SVGSafety; s.Active != 0 || s.Circles != 1 || !s.Refused || s.Pwned != nil {
		t.Errorf("SVG parser on hostile input: %d active parts left, %d circles (want 1), non-SVG refused %v, script ran %v", s.Active, s.Circles, s.Refused, s.Pwned)
	}
	checkHighlighted(t, "section", sc.Highlight)
}

func checkQueryIsolate(t *testing.T, base string, rep *queryReport, pipe string) {
	is := rep.Isolate
	if is == nil {
		t.Fatal("isolate not run")
	}
	if is.Selected == nil || is.Selected.ID != pipe {
		t.Fatalf("clicking pipe %s selected %+v", pipe, is.Selected)
	}
	if !slices.Contains(is.Buttons, "connected") || !slices.Contains(is.Buttons, "isolate") || slices.Contains(is.Buttons, "upstream") {
		t.Errorf("trace buttons of a water pipe: %v, want connected and isolate, no upstream", is.Buttons)
	}
	var api struct {
		Segments []string `json:"segments"`
		Valves   []struct {
			ID string `json:"id"`
		} `json:"valves"`
	}
	postQuery(t, base, "trace", map[string]any{"kind": "isolate", "start": pipe}, &api)
	var valves []string
	for _, v := range api.Valves {
		valves = append(valves, v.ID)
	}
	valves = sortedSet(valves)
	if is.Trace == nil || is.Trace.Error != "" || !slices.Equal(sortedSet(is.Trace.Valves), valves) {
		t.Errorf("trace %+v, the API closes valves %v", is.Trace, valves)
	}
	if got := sortedSet(is.IDs["valve"]); len(valves) == 0 || !slices.Equal(got, valves) {
		t.Errorf("highlighted valves %v, the API's %v", got, valves)
	}
	if got := sortedSet(is.IDs["isolated"]); !slices.Contains(got, pipe) || len(got) < len(sortedSet(api.Segments)) {
		t.Errorf("isolated highlight %v lacks the pipe or the API's segments %v", got, api.Segments)
	}
	if is.Highlight.Markers != len(valves) {
		t.Errorf("%d valve markers, want %d", is.Highlight.Markers, len(valves))
	}
	checkHighlighted(t, "isolate", is.Highlight)
	checkHighlighted(t, "isolate, zoomed out", is.After)
	for _, v := range valves {
		if c, ok := is.After.Colours[v]; ok && !strings.EqualFold(c, "#ff1744") {
			t.Errorf("valve %s drawn %s, want the valve colour #ff1744", v, c)
		}
	}
	if !strings.Contains(is.Panel, "valves to close") {
		t.Errorf("results panel lacks the legend:\n%s", is.Panel)
	}
}

func checkQueryRefused(t *testing.T, rep *queryReport) {
	r := rep.Refused
	if r == nil {
		t.Fatal("refused query not run")
	}
	const server = "over the limit of 500 m"
	if !strings.Contains(r.Result.Error, server) || r.Message == nil || !strings.Contains(*r.Message, "The query failed: ") || !strings.Contains(*r.Message, server) {
		t.Errorf("refused proximity: result %+v, panel message %v; want the server's %q behind the translated text", r.Result, r.Message, server)
	}
}

func checkQueryClean(t *testing.T, rep *queryReport) {
	b := rep.Before
	if b == nil {
		t.Fatal("the refused query did not run")
	}
	rep.checkClean(t, &provokedErrors{
		ConsoleFrom: b.ConsoleErrors, HTTPFrom: b.HTTPErrors,
		HTTP: []string{"400 /api/v1/query/proximity"}, Console: "400",
	})
}
