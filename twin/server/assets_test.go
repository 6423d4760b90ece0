package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citytwin/citytwin/twin/server"
)

func fstestApp() fstest.MapFS {
	return fstest.MapFS{
		"index.html":    {Data: []byte("<!doctype html><title>CityTwin viewer</title>")},
		"js/app.js":     {Data: []byte("export const x = 1;\n" + strings.Repeat("// padding\n", 100))},
		"css/app.css":   {Data: []byte("body { margin: 0 }")},
		"data/cfg.json": {Data: []byte(`{"a": 1}`)},
		"img/icon.svg":  {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"img/logo.png":  {Data: []byte("\x89PNG\r\n\x1a\n")},
	}
}

func TestApp(t *testing.T) {
	f := newFixture(t, false, server.Options{App: fstestApp()})
	cases := []struct {
		path, ctype, contains string
	}{
		{"/", "text/html; charset=utf-8", "CityTwin viewer"},
		{"/app/index.html", "text/html; charset=utf-8", "CityTwin viewer"},
		{"/app/js/app.js", "text/javascript; charset=utf-8", "export const"},
		{"/app/css/app.css", "text/css; charset=utf-8", "margin"},
		{"/app/data/cfg.json", "application/json", `"a"`},
		{"/app/img/icon.svg", "image/svg+xml", "<svg"},
		{"/app/img/logo.png", "image/png", "PNG"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := f.get(t, tc.path)
			h := resp.Header
			if resp.StatusCode != 200 || h.Get("Content-Type") != tc.ctype || h.Get("Cache-Control") != "no-cache" {
				t.Fatalf("status %d Content-Type %q Cache-Control %q", resp.StatusCode, h.Get("Content-Type"), h.Get("Cache-Control"))
			}
			if !strings.Contains(string(body), tc.contains) {
				t.Errorf("body %q", body)
			}
			etag := h.Get("ETag")
			if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
				t.Fatalf("ETag %q is not a strong tag", etag)
			}
			again, _ := f.get(t, tc.path, "If-None-Match: "+etag)
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match: %d", again.StatusCode)
			}
		})
	}
	for _, p := range []string{"/app/", "/app/js", "/app/nope.js"} {
		if resp, body := f.get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
}

// cesiumDir makes a fake CesiumJS build beside a secret file, with a
// symbolic link that points out of it.
func cesiumDir(t *testing.T) (dir, secret string) {
	t.Helper()
	base := t.TempDir()
	dir = filepath.Join(base, "Cesium")
	secret = "TOP SECRET " + strings.Repeat("s", 20)
	files := map[string]string{
		"Cesium/Cesium.js":           "window.Cesium = {fake: true};\n" + strings.Repeat("/* pad */\n", 50),
		"Cesium/Widgets/widgets.css": ".cesium-widget { color: red }",
		"Cesium/Assets/a.json":       `{"x": 1}`,
		"secret.txt":                 secret,
	}
	for name, data := range files {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	return dir, secret
}

func TestCesium(t *testing.T) {
	dir, secret := cesiumDir(t)
	f := newFixture(t, false, server.Options{CesiumDir: dir})
	resp, body := f.get(t, "/cesium/Cesium.js", "Accept-Encoding: gzip")
	h := resp.Header
	if resp.StatusCode != 200 || h.Get("Content-Type") != "text/javascript; charset=utf-8" ||
		h.Get("Cache-Control") != "public, max-age=86400" || h.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Cesium.js: %d %v", resp.StatusCode, h)
	}
	if !strings.Contains(string(gunzip(t, body)), "fake: true") {
		t.Errorf("Cesium.js body")
	}
	if again, _ := f.get(t, "/cesium/Cesium.js", "Accept-Encoding: gzip", "If-None-Match: "+h.Get("ETag")); again.StatusCode != 304 {
		t.Errorf("Cesium.js with If-None-Match: %d", again.StatusCode)
	}
	if resp, _ := f.get(t, "/cesium/Widgets/widgets.css"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("widgets.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	bad := []string{
		"/cesium/", "/cesium/Widgets", "/cesium/Widgets/", "/cesium/nope.js",
		"/cesium/../secret.txt", "/cesium/..%2fsecret.txt", "/cesium/%2e%2e/secret.txt",
		"/cesium/%2e%2e%2fsecret.txt", "/cesium/Widgets/../../secret.txt", "/cesium/Widgets/..%2f..%2fsecret.txt",
		"/cesium/link.txt", `/cesium/..\secret.txt`, "/cesium/..%5csecret.txt", "/cesium//secret.txt",
	}
	for _, p := range bad {
		t.Run(p, func(t *testing.T) {
			resp, body := f.get(t, p)
			if resp.StatusCode != 404 && resp.StatusCode != 400 {
				t.Errorf("status %d, want 404 or 400", resp.StatusCode)
			}
			if strings.Contains(string(body), "TOP SECRET") || strings.Contains(string(body), secret) {
				t.Errorf("served the file outside the directory")
			}
			checkJSONError(t, resp, body)
		})
	}
}

func TestCesiumMissing(t *testing.T) {
	for _, dir := range []string{"", filepath.Join(t.TempDir(), "nope")} {
		t.Run("dir="+dir, func(t *testing.T) {
			f := newFixture(t, false, server.Options{CesiumDir: dir})
			resp, body := f.get(t, "/cesium/Cesium.js")
			if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "make deps") ||
				!strings.Contains(string(body), "--cesium-dir") {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
			checkJSONError(t, resp, body)
		})
	}
}
