package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citytwin/citytwin/twin/server"
)

func TestRoutes(t *testing.T) {
	app := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>viewer</title>")}}
	f := newFixture(t, true, server.Options{App: app})
	cases := []struct {
		name, method, path string
		status             int
		contains           string
	}{
		{"viewer", "GET", "/", 200, "<title>viewer</title>"},
		{"status page", "GET", "/status", 200, "SYNTHETIC"},
		{"health", "GET", "/healthz", 200, `"ok"`},
		{"ready", "GET", "/readyz", 200, `"ready"`},
		{"metrics", "GET", "/metrics", 200, "citytwin_build_info"},
		{"datasets", "GET", "/api/v1/datasets", 200, `"name":"demo"`},
		{"dataset", "GET", "/api/v1/datasets/demo", 200, `"synthetic":true`},
		{"layers", "GET", "/api/v1/layers", 200, `"tileset":"/tiles/layers/buildings/tileset.json"`},
		{"scene", "GET", "/api/v1/scene", 200, `"tileset":"/tiles/tileset.json"`},
		{"root tileset", "GET", "/tiles/tileset.json", 200, `"asset"`},
		{"feature", "GET", "/api/v1/features/" + f.building, 200, `"type":"Feature"`},
		{"feature search", "GET", "/api/v1/features?kind=building&limit=1", 200, `"FeatureCollection"`},
		{"unknown dataset", "GET", "/api/v1/datasets/nope", 404, `"error"`},
		{"unknown feature", "GET", "/api/v1/features/demo:nope", 404, `"error"`},
		{"unknown tile", "GET", "/tiles/layers/water/t/0/0/0-000000000000.glb", 404, `"no such tile"`},
		{"unknown route", "GET", "/no/such/thing", 404, `"not found"`},
		{"unknown app file", "GET", "/app/nope.js", 404, `"error"`},
		{"method not allowed", "POST", "/tiles/tileset.json", 405, `"method not allowed"`},
		{"delete not allowed", "DELETE", "/api/v1/datasets/demo", 405, `"method not allowed"`},
		{"options without cors", "OPTIONS", "/api/v1/datasets", 405, `"method not allowed"`},
		{"bad search", "GET", "/api/v1/features?colour=red", 400, `"bad feature search"`},
		{"bad range", "GET", "/tiles/tileset.json", 416, `"error"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var headers []string
			if tc.status == 416 {
				headers = append(headers, "Range: bytes=999999-")
			}
			resp, body := f.do(t, tc.method, tc.path, headers...)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %.300s", resp.StatusCode, tc.status, body)
			}
			if !strings.Contains(string(body), tc.contains) {
				t.Errorf("body does not contain %q: %.300s", tc.contains, body)
			}
			if tc.status >= 400 {
				checkJSONError(t, resp, body)
			}
			if tc.status == 405 && !strings.Contains(resp.Header.Get("Allow"), "GET") {
				t.Errorf("405 without Allow: %v", resp.Header)
			}
		})
	}
}

// checkJSONError checks an error response is {"error": "...", ...}.
func checkJSONError(t *testing.T, resp *http.Response, body []byte) {
	t.Helper()
	var e struct {
		Error  string `json:"error"`
		Detail any    `json:"detail"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Errorf("error body is not JSON {\"error\": ...}: %s", body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type %q", ct)
	}
}

func TestBodyTooLarge(t *testing.T) {
	f := newFixture(t, false, server.Options{MaxBodyBytes: 1000})
	cases := []struct {
		name   string
		size   int
		status int
	}{
		{"over the limit", 2000, http.StatusRequestEntityTooLarge},
		{"within the limit", 500, http.StatusMethodNotAllowed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := f.client.Post(f.url+"/api/v1/datasets", "application/json", strings.NewReader(strings.Repeat("x", tc.size)))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e struct{ Error string }
			if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || e.Error == "" {
				t.Errorf("not a JSON error: %v", err)
			}
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d (%s)", resp.StatusCode, tc.status, e.Error)
			}
		})
	}
}
