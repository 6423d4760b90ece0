package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/server"
)

// TestTileHeaders checks the caching and encoding rules of /tiles/.
func TestTileHeaders(t *testing.T) {
	f := newFixture(t, true, server.Options{})
	root := f.tile(t, "tileset.json")
	glb := f.firstGLB(t, "water")
	rootTag, glbTag := `"`+root.Hash+`"`, `"`+glb.Hash+`"`
	gzTag := `"` + root.Hash + `-gzip"`
	const short, immutable = "public, max-age=10, must-revalidate", "public, max-age=31536000, immutable"
	cases := []struct {
		name    string
		path    string
		headers []string
		status  int
		etag    string
		cache   string
		gzip    bool
		vary    bool
		bodyLen int // -1: the whole file
	}{
		{"tileset", "/tiles/tileset.json", nil, 200, rootTag, short, false, true, -1},
		{"tileset gzip", "/tiles/tileset.json", []string{"Accept-Encoding: gzip"}, 200, gzTag, short, true, true, -1},
		{"tileset gzip among others", "/tiles/tileset.json", []string{"Accept-Encoding: br;q=1.0, gzip;q=0.5"}, 200, gzTag, short, true, true, -1},
		{"tileset gzip q=0", "/tiles/tileset.json", []string{"Accept-Encoding: gzip;q=0, br"}, 200, rootTag, short, false, true, -1},
		{"tileset star", "/tiles/tileset.json", []string{"Accept-Encoding: *"}, 200, gzTag, short, true, true, -1},
		{"tileset star but gzip q=0", "/tiles/tileset.json", []string{"Accept-Encoding: gzip;q=0, *"}, 200, rootTag, short, false, true, -1},
		{"tileset identity", "/tiles/tileset.json", []string{"Accept-Encoding: identity"}, 200, rootTag, short, false, true, -1},
		{"tileset not modified", "/tiles/tileset.json", []string{"If-None-Match: " + rootTag}, 304, rootTag, short, false, true, 0},
		{"tileset gzip not modified", "/tiles/tileset.json", []string{"If-None-Match: " + gzTag, "Accept-Encoding: gzip"}, 304, gzTag, short, true, true, 0},
		{"identity tag does not match gzip", "/tiles/tileset.json", []string{"If-None-Match: " + rootTag, "Accept-Encoding: gzip"}, 200, gzTag, short, true, true, -1},
		{"glb", "/tiles/" + glb.Path, nil, 200, glbTag, immutable, false, false, -1},
		{"glb never gzipped", "/tiles/" + glb.Path, []string{"Accept-Encoding: gzip"}, 200, glbTag, immutable, false, false, -1},
		{"glb not modified", "/tiles/" + glb.Path, []string{"If-None-Match: " + glbTag}, 304, glbTag, immutable, false, false, 0},
		{"glb tag in a list", "/tiles/" + glb.Path, []string{`If-None-Match: "abc", ` + glbTag + `, "def"`}, 304, glbTag, immutable, false, false, 0},
		{"glb weak tag", "/tiles/" + glb.Path, []string{"If-None-Match: W/" + glbTag}, 304, glbTag, immutable, false, false, 0},
		{"glb star", "/tiles/" + glb.Path, []string{"If-None-Match: *"}, 304, glbTag, immutable, false, false, 0},
		{"glb other tag", "/tiles/" + glb.Path, []string{`If-None-Match: "0123"`}, 200, glbTag, immutable, false, false, -1},
		{"glb range", "/tiles/" + glb.Path, []string{"Range: bytes=0-11"}, 206, glbTag, immutable, false, false, 12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.get(t, tc.path, tc.headers...)
			h := resp.Header
			if resp.StatusCode != tc.status || h.Get("ETag") != tc.etag || h.Get("Cache-Control") != tc.cache {
				t.Fatalf("status %d ETag %s Cache-Control %q, want %d %s %q", resp.StatusCode,
					h.Get("ETag"), h.Get("Cache-Control"), tc.status, tc.etag, tc.cache)
			}
			if got := strings.Contains(h.Get("Vary"), "Accept-Encoding"); got != tc.vary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", h.Get("Vary"), tc.vary)
			}
			if tc.status == 304 {
				if len(body) != 0 {
					t.Errorf("304 with %d body bytes", len(body))
				}
				return
			}
			if got := h.Get("Content-Encoding") == "gzip"; got != tc.gzip {
				t.Fatalf("Content-Encoding %q, want gzip: %v", h.Get("Content-Encoding"), tc.gzip)
			}
			want := glb.Data
			if strings.HasSuffix(tc.path, ".json") {
				want = root.Data
			}
			if tc.gzip {
				body = gunzip(t, body)
			}
			if tc.bodyLen >= 0 {
				want = want[:tc.bodyLen]
			}
			if !bytes.Equal(body, want) {
				t.Errorf("body of %d bytes differs from the stored %d bytes", len(body), len(want))
			}
		})
	}
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHeadLikeGet checks that HEAD answers with GET's headers and no body.
func TestHeadLikeGet(t *testing.T) {
	app := fstestApp()
	f := newFixture(t, true, server.Options{App: app})
	glb := f.firstGLB(t, "buildings")
	paths := []struct {
		name, path string
		headers    []string
	}{
		{"glb", "/tiles/" + glb.Path, nil},
		{"tileset gzip", "/tiles/tileset.json", []string{"Accept-Encoding: gzip"}},
		{"tileset", "/tiles/layers/water/tileset.json", nil},
		{"app file", "/app/js/app.js", []string{"Accept-Encoding: gzip"}},
		{"api", "/api/v1/datasets", []string{"Accept-Encoding: gzip"}},
		{"feature", "/api/v1/features/" + f.segment, nil},
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			get, getBody := f.do(t, http.MethodGet, p.path, p.headers...)
			head, headBody := f.do(t, http.MethodHead, p.path, p.headers...)
			if get.StatusCode != 200 || head.StatusCode != 200 {
				t.Fatalf("GET %d, HEAD %d", get.StatusCode, head.StatusCode)
			}
			if len(headBody) != 0 {
				t.Errorf("HEAD sent %d body bytes", len(headBody))
			}
			if !sameHeaders(get.Header, head.Header) {
				t.Errorf("headers differ:\nGET  %v\nHEAD %v", get.Header, head.Header)
			}
			if head.Header.Get("Content-Length") != "" && head.ContentLength != int64(len(getBody)) {
				t.Errorf("HEAD Content-Length %d, GET body %d", head.ContentLength, len(getBody))
			}
		})
	}
}

// TestTilesBeforeBuild checks the answers of a store without tiles, and
// that the tiles show once built.
func TestTilesBeforeBuild(t *testing.T) {
	f := newFixture(t, false, server.Options{})
	for _, p := range []string{"/tiles/tileset.json", "/readyz"} {
		resp, body := f.get(t, p)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "run twin build") {
			t.Errorf("%s before a build: %d %s", p, resp.StatusCode, body)
		}
	}
	f.build(t)
	for _, p := range []string{"/tiles/tileset.json", "/readyz"} {
		if resp, body := f.get(t, p); resp.StatusCode != http.StatusOK {
			t.Errorf("%s after a build: %d %s", p, resp.StatusCode, body)
		}
	}
}
