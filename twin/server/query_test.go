package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/server"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// newQueryServer serves the demo district (seed 3).
func newQueryServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	opts := demo.Options{Seed: 3}
	meta := demo.Meta(opts)
	_, err = store.LoadDataset(ctx, &meta, func(w twin.FeatureWriter) error {
		_, err := demo.Generate(ctx, opts, w)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(server.Options{Store: store, Version: "test"}))
	t.Cleanup(srv.Close)
	return srv
}

// post sends body to a query route and returns the status and JSON body.
func post(t *testing.T, srv *httptest.Server, route, body string) (int, map[string]any, string) {
	t.Helper()
	resp, err := http.Post(srv.URL+"/api/v1/query/"+route, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: answer is not a JSON object: %.300s", route, raw)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", route, ct)
	}
	return resp.StatusCode, v, string(raw)
}

// demoCentre is inside the demo district (central Moscow).
const demoPolygon = `{"type":"Polygon","coordinates":[[[37.616,55.748],[37.623,55.748],[37.623,55.752],[37.616,55.752],[37.616,55.748]]]}`

// TestQueryRoutes runs every query once through HTTP.
func TestQueryRoutes(t *testing.T) {
	srv := newQueryServer(t)
	code, area, raw := post(t, srv, "area", `{"geometry":`+demoPolygon+`,"layers":["water","buildings"]}`)
	feats, _ := area["features"].([]any)
	if code != 200 || len(feats) == 0 {
		t.Fatalf("area: %d %.300s", code, raw)
	}
	var waterSeg string
	for _, f := range feats {
		m := f.(map[string]any)
		if m["id"] == "" || (m["layer"] != "water" && m["layer"] != "buildings") {
			t.Fatalf("area item %v", m)
		}
		if m["layer"] == "water" && m["kind"] == "segment" && waterSeg == "" {
			waterSeg = m["id"].(string)
		}
	}
	cases := []struct {
		name, route, body string
		status            int
		key               string
	}{
		{"proximity", "proximity", `{"geometry":{"type":"Point","coordinates":[37.62,55.75]},"distance_m":25,"probe_depth_m":1.5}`, 200, "results"},
		{"stats", "stats", `{"bbox":[37.616,55.748,37.623,55.752]}`, 200, "utilities"},
		{"area with geometry", "area", `{"bbox":[37.616,55.748,37.617,55.749],"include_geometry":true,"limit":2}`, 200, "features"},
		{"clash", "clash", `{"pipe":{"network":"gas","centreline":[[37.617,55.749],[37.622,55.751]],"depth_m":[1.2,1.2],"diameter_mm":110}}`, 200, "conflicts"},
		{"trace", "trace", `{"kind":"connected","start":"` + waterSeg + `","max_results":10}`, 200, "segments"},
		{"section", "section", `{"line":[[37.617,55.749],[37.622,55.751]],"half_width_m":2}`, 200, "crossings"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, v, raw := post(t, srv, tc.route, tc.body)
			if code != tc.status || v[tc.key] == nil {
				t.Errorf("status %d (want %d), key %q: %.400s", code, tc.status, tc.key, raw)
			}
			if code == 200 && (tc.route == "area" || tc.route == "proximity" || tc.route == "stats") && v["crs"] != "EPSG:4326" {
				t.Errorf("crs %v", v["crs"])
			}
		})
	}
	t.Run("section as SVG", func(t *testing.T) {
		body := `{"line":[[37.617,55.749],[37.622,55.751]],"svg":{"title":"test"}}`
		resp, err := http.Post(srv.URL+"/api/v1/query/section?format=svg", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		svg, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(svg), "<svg") {
			t.Errorf("status %d, type %q: %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), svg)
		}
	})
	t.Run("GET is 405", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/api/v1/query/area")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
			t.Errorf("status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
		}
	})
	t.Run("unknown query is 404", func(t *testing.T) {
		if code, _, raw := post(t, srv, "nearest", `{}`); code != 404 {
			t.Errorf("status %d: %s", code, raw)
		}
	})
}

// TestQueryBadRequests checks that bad requests get 400 with a clear
// message naming what is wrong.
func TestQueryBadRequests(t *testing.T) {
	srv := newQueryServer(t)
	point := `{"type":"Point","coordinates":[37.62,55.75]}`
	cases := []struct{ name, route, body, want string }{
		{"broken JSON", "area", `{"geometry":{"type":"Polygon","coordinates":[[[37.6,55.7],`, "ends early"},
		{"broken geometry", "area", `{"geometry":{"type":"Polygon","coordinates":"x"}}`, "coordinates of a Polygon"},
		{"unclosed ring", "area", `{"geometry":{"type":"Polygon","coordinates":[[[37.616,55.748],[37.623,55.748],[37.623,55.752],[37.616,55.752]]]}}`, "not closed"},
		{"self-crossing ring", "stats", `{"geometry":{"type":"Polygon","coordinates":[[[37.616,55.748],[37.623,55.752],[37.623,55.748],[37.616,55.752],[37.616,55.748]]]}}`, "crosses"},
		{"NaN", "proximity", `{"geometry":` + point + `,"distance_m":NaN}`, "invalid JSON"},
		{"huge number", "area", `{"bbox":[1e400,0,1,1]}`, "bbox"},
		{"unknown layer", "area", `{"geometry":` + demoPolygon + `,"layers":["fibre"]}`, `unknown layer "fibre"`},
		{"unknown network", "area", `{"geometry":` + demoPolygon + `,"networks":["steam"]}`, `unknown network "steam"`},
		{"country", "area", `{"geometry":{"type":"Polygon","coordinates":[[[30,50],[40,50],[40,60],[30,60],[30,50]]]}}`, "over the limit of 25 km²"},
		{"country stats", "stats", `{"bbox":[-10,35,30,60]}`, "over the limit"},
		{"distance over the cap", "proximity", `{"geometry":` + point + `,"distance_m":5000}`, "over the limit of 500 m"},
		{"limit over the cap", "area", `{"geometry":` + demoPolygon + `,"limit":100000}`, "over the cap of 10000"},
		{"unknown field", "area", `{"geometry":` + demoPolygon + `,"layer":"water"}`, `unknown field "layer"`},
		{"wrong type", "proximity", `{"geometry":` + point + `,"distance_m":"far"}`, "distance_m"},
		{"empty body", "stats", ``, "empty request body"},
		{"missing geometry", "area", `{}`, "geometry: missing"},
		{"outside WGS84", "area", `{"bbox":[200,55,201,56]}`, "outside longitude"},
		{"unknown crs", "area", `{"crs":"EPSG:999999","bbox":[0,0,1,1]}`, "EPSG:999999"},
		{"clash without proposal", "clash", `{}`, "clash: invalid request"},
		{"clash unknown field", "clash", `{"pipe":{"network":"gas","centreline":[[37.617,55.749,150],[37.62,55.75,150]]},"foo":1}`, `unknown field "foo"`},
		{"section short line", "section", `{"line":[[37.617,55.749]]}`, "section: invalid request"},
		{"section utm line outside", "section", `{"crs":"EPSG:26910","line":[[1e9,1e9],[1e9,2e9]]}`, "cannot convert"},
		{"trace unknown kind", "trace", `{"kind":"sideways","start":"demo:x"}`, "unknown kind"},
		{"trace unknown start", "trace", `{"kind":"connected","start":"demo:nope"}`, "not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, v, raw := post(t, srv, tc.route, tc.body)
			msg, _ := v["error"].(string)
			want := http.StatusBadRequest
			if tc.name == "trace unknown start" {
				want = http.StatusNotFound // the request is well formed; the feature is missing
			}
			if code != want || !strings.Contains(msg, tc.want) {
				t.Errorf("status %d, body %.300s; want %d with %q", code, raw, want, tc.want)
			}
		})
	}
}
