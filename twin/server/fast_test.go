package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citytwin/citytwin/twin/server"
	"github.com/citytwin/citytwin/twin/tiler"
)

// TestFastPathMatchesNetHTTP sends the same requests for tile files and
// static files to the server behind the fast path (as twin serve runs it)
// and to the same server on net/http alone, and wants the same status,
// headers (but Date) and body; it also wants the fast path to have
// answered exactly the requests it should (every GET and HEAD without
// Range or repeated fields) and net/http the others.
func TestFastPathMatchesNetHTTP(t *testing.T) {
	cesium := t.TempDir()
	if err := os.WriteFile(filepath.Join(cesium, "Cesium.js"), []byte(strings.Repeat("var Cesium = {};\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	app := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>t</title>")},
		"js/main.js": {Data: []byte(strings.Repeat("export const x = 1;\n", 50))}, "img/a.png": {Data: []byte("\x89PNG")}}
	for _, cors := range [][]string{nil, {"https://example.org"}} {
		t.Run(fmt.Sprintf("cors=%v", cors), func(t *testing.T) {
			opts := server.Options{CORSOrigins: cors, App: app, CesiumDir: cesium}
			f := newFixture(t, true, opts)
			// a connection net/http took stays with it: one per request
			f.client = &http.Client{Transport: &http.Transport{DisableCompression: true, DisableKeepAlives: true}}
			opts.Store, opts.Version, opts.TileStateTTL = f.store, "test", -1
			plainURL, _ := startServer(t, server.New(opts), false)
			plain := &fixture{store: f.store, url: plainURL, client: f.client}
			glb := f.firstGLB(t, "water")
			paths := []string{"/tiles/" + tiler.RootTilesetPath, "/tiles/" + tiler.LayerTilesetPath("water"), "/tiles/" + glb.Path,
				"/", "/app/js/main.js", "/app/img/a.png", "/cesium/Cesium.js"}
			for _, p := range paths {
				for _, tc := range fastCases(t, f, p) {
					t.Run(p+"/"+tc.name, func(t *testing.T) {
						before := f.fast.Load()
						want, wantBody := plain.do(t, tc.method, p, tc.headers...)
						got, gotBody := f.do(t, tc.method, p, tc.headers...)
						if got.StatusCode != want.StatusCode || !sameHeaders(got.Header, want.Header) || !bytes.Equal(gotBody, wantBody) {
							t.Errorf("fast path: %d %v %d bytes\nnet/http: %d %v %d bytes",
								got.StatusCode, got.Header, len(gotBody), want.StatusCode, want.Header, len(wantBody))
						}
						if answered := f.fast.Load() - before; answered != tc.fast {
							t.Errorf("the fast path answered %d requests, want %d", answered, tc.fast)
						}
					})
				}
			}
		})
	}
}

// fastCase is one request of TestFastPathMatchesNetHTTP; fast is how many
// of them the fast path answers (0 or 1).
type fastCase struct {
	name    string
	method  string
	headers []string
	fast    int64
}

// fastCases are the requests for path: conditional (strong, weak, list,
// star, If-Modified-Since), content negotiation, HEAD, CORS, and the ones
// the fast path leaves to net/http (Range, repeated If-None-Match).
func fastCases(t *testing.T, f *fixture, path string) []fastCase {
	resp, _ := f.get(t, path)
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	gz, _ := f.get(t, path, "Accept-Encoding: gzip")
	var cases []fastCase
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		for _, c := range []fastCase{
			{name: "plain"},
			{name: "gzip", headers: []string{"Accept-Encoding: gzip, deflate"}},
			{name: "gzip-q0", headers: []string{"Accept-Encoding: gzip;q=0, identity"}},
			{name: "star", headers: []string{"Accept-Encoding: br;q=1, *;q=0.5"}},
			{name: "inm", headers: []string{"If-None-Match: " + etag}},
			{name: "inm-weak", headers: []string{"If-None-Match: W/" + etag}},
			{name: "inm-list", headers: []string{`If-None-Match: "other", ` + etag}},
			{name: "inm-star", headers: []string{"If-None-Match: *"}},
			{name: "inm-other", headers: []string{`If-None-Match: "other"`, "If-Modified-Since: " + lastMod}},
			{name: "inm-gzip", headers: []string{"Accept-Encoding: gzip", "If-None-Match: " + gz.Header.Get("ETag")}},
			{name: "inm-identity-to-gzip", headers: []string{"Accept-Encoding: gzip", "If-None-Match: " + etag}},
			{name: "ims", headers: []string{"If-Modified-Since: " + lastMod}},
			{name: "ims-old", headers: []string{"If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT"}},
			{name: "ims-bad", headers: []string{"If-Modified-Since: yesterday"}},
			{name: "origin-other", headers: []string{"Origin: https://other.example"}},
			{name: "origin", headers: []string{"Origin: https://example.org"}},
			{name: "range", headers: []string{"Range: bytes=0-9"}},
			{name: "two-inm", headers: []string{"If-None-Match: " + etag, `If-None-Match: "x"`}},
		} {
			c.method, c.name = method, method+"-"+c.name
			c.fast = fastExpected(c)
			cases = append(cases, c)
		}
	}
	return cases
}

// fastExpected is 1 when the fast path should answer c: not a Range
// request, not two If-None-Match fields.
func fastExpected(c fastCase) int64 {
	if c.name == c.method+"-range" || c.name == c.method+"-two-inm" {
		return 0
	}
	return 1
}

// TestFastPathMissesGoToNetHTTP: a tile that is not in the store, a
// missing or hidden static file, a server without a viewer, another route
// and a store without tiles are net/http's (JSON errors).
func TestFastPathMissesGoToNetHTTP(t *testing.T) {
	f := newFixture(t, true, server.Options{CesiumDir: t.TempDir()})
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/tiles/layers/water/t/0/0/0-000000000000.glb", http.StatusNotFound},
		{"/tiles/", http.StatusNotFound},
		{"/", http.StatusNotFound},
		{"/app/js/main.js", http.StatusNotFound},
		{"/cesium/Cesium.js", http.StatusNotFound},
		{"/cesium/Workers/", http.StatusBadRequest},
		{"/healthz", http.StatusOK},
		{"/tiles/" + tiler.RootTilesetPath, http.StatusOK},
	} {
		before := f.fast.Load()
		resp, body := f.get(t, tc.path)
		if resp.StatusCode != tc.status {
			t.Errorf("GET %s: %d %s, want %d", tc.path, resp.StatusCode, body, tc.status)
		}
		if tc.status != http.StatusOK && (resp.Header.Get("Content-Type") != "application/json; charset=utf-8" || f.fast.Load() != before) {
			t.Errorf("GET %s: %q, fast path answered %d: want a JSON error from net/http", tc.path, resp.Header.Get("Content-Type"), f.fast.Load()-before)
		}
	}
	empty := newFixture(t, false, server.Options{})
	if resp, body := empty.get(t, "/tiles/"+tiler.RootTilesetPath); resp.StatusCode != http.StatusServiceUnavailable || empty.fast.Load() != 0 {
		t.Errorf("no tiles: %d %s (fast path answered %d), want 503 from net/http", resp.StatusCode, body, empty.fast.Load())
	}
}
