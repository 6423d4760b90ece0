package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/server"
)

func TestCORS(t *testing.T) {
	off := newFixture(t, true, server.Options{})
	on := newFixture(t, true, server.Options{CORSOrigins: []string{"https://a.example", "http://localhost:5173"}})
	star := newFixture(t, true, server.Options{CORSOrigins: []string{"*"}})
	preflight := []string{"Origin: https://a.example", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: if-none-match"}
	cases := []struct {
		name    string
		f       *fixture
		method  string
		headers []string
		status  int
		allow   string // Access-Control-Allow-Origin
		vary    bool   // Vary: Origin
	}{
		{"off", off, "GET", []string{"Origin: https://a.example"}, 200, "", false},
		{"off preflight", off, "OPTIONS", preflight, 405, "", false},
		{"allowed origin", on, "GET", []string{"Origin: https://a.example"}, 200, "https://a.example", true},
		{"second origin", on, "GET", []string{"Origin: http://localhost:5173"}, 200, "http://localhost:5173", true},
		{"other origin", on, "GET", []string{"Origin: https://evil.example"}, 200, "", true},
		{"no origin", on, "GET", nil, 200, "", true},
		{"preflight", on, "OPTIONS", preflight, 204, "https://a.example", true},
		{"preflight other origin", on, "OPTIONS", []string{"Origin: https://evil.example", "Access-Control-Request-Method: GET"}, 403, "", true},
		{"any origin", star, "GET", []string{"Origin: https://b.example"}, 200, "*", true},
		{"any origin preflight", star, "OPTIONS", preflight, 204, "*", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, _ := tc.f.do(t, tc.method, "/tiles/tileset.json", tc.headers...)
			h := resp.Header
			if resp.StatusCode != tc.status || h.Get("Access-Control-Allow-Origin") != tc.allow {
				t.Fatalf("status %d Allow-Origin %q, want %d %q", resp.StatusCode, h.Get("Access-Control-Allow-Origin"), tc.status, tc.allow)
			}
			if got := strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin"); got != tc.vary {
				t.Errorf("Vary %v, want Origin: %v", h.Values("Vary"), tc.vary)
			}
			if tc.f == off {
				for k := range h {
					if strings.HasPrefix(k, "Access-Control-") {
						t.Errorf("CORS off but %s: %s", k, h.Get(k))
					}
				}
			}
			switch {
			case tc.status == http.StatusNoContent:
				if !strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") ||
					!strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), "if-none-match") {
					t.Errorf("preflight headers %v", h)
				}
			case tc.allow != "":
				if !strings.Contains(h.Get("Access-Control-Expose-Headers"), "ETag") {
					t.Errorf("ETag not exposed: %v", h)
				}
			}
		})
	}
}
