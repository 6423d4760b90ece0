package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	cases := []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"gzip, deflate, br"}, true},
		{[]string{"br;q=1.0, gzip;q=0.8"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;q=0.001"}, true},
		{[]string{"gzip;q=x"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false},
		{[]string{"identity"}, false},
		{[]string{"br", "gzip"}, true},
		{[]string{"deflate;q=0.5", "gzip;q=0"}, false},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.header, "|"), func(t *testing.T) {
			if got := acceptsGzip(tc.header); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzAcceptsGzip feeds arbitrary Accept-Encoding headers.
func FuzzAcceptsGzip(f *testing.F) {
	for _, s := range []string{"gzip", "gzip;q=0", "*;q=0.5, gzip;q=0", ";;;,,q=", "gzip;q=1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := acceptsGzip([]string{s})
		if got && !strings.Contains(strings.ToLower(s), "gzip") && !strings.Contains(s, "*") {
			t.Errorf("%q accepted gzip without naming it", s)
		}
	})
}

func TestLRU(t *testing.T) {
	c := newLRU(90, func(v int) int64 { return int64(v) })
	c.put("a", 1, 20)
	c.put("b", 1, 20)
	c.put("huge", 1, 30) // more than a quarter: not kept
	if _, ok := c.get("huge", 1); ok {
		t.Error("kept a value larger than a quarter of the cache")
	}
	c.get("a", 1) // a is now the most recent
	c.put("c", 1, 20)
	c.put("d", 1, 20)
	c.put("e", 1, 20) // 100 > 90: b, the least recently used, goes
	if _, ok := c.get("b", 1); ok {
		t.Error("b not evicted")
	}
	if v, ok := c.get("a", 1); !ok || v != 20 {
		t.Error("a evicted")
	}
	if st := c.stats(); st.bytes != 80 || st.entries != 4 || st.evicted != 1 {
		t.Errorf("stats %+v", st)
	}
	if _, ok := c.get("a", 2); ok {
		t.Error("a newer epoch kept the old entries")
	}
	c.put("old", 1, 10) // read before the change: not stored
	if _, ok := c.get("old", 2); ok {
		t.Error("stored a value of an older epoch")
	}
	off := newLRU(0, func(v int) int64 { return int64(v) })
	off.put("a", 0, 1)
	if _, ok := off.get("a", 0); ok {
		t.Error("a cache of size 0 stored a value")
	}
}

// TestReadJSONTooLarge checks the 413 of a body without a declared length
// that grows past the limit.
func TestReadJSONTooLarge(t *testing.T) {
	s := newServer(Options{MaxBodyBytes: 100})
	h := s.limitBody(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if readJSON(w, r, &v) {
			writeJSON(w, http.StatusOK, v)
		}
	}))
	cases := []struct {
		name, body string
		status     int
	}{
		{"small", `{"a": 1}`, 200},
		{"too large", `{"a": "` + strings.Repeat("x", 200) + `"}`, 413},
		{"not json", `{"a": `, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/", io.MultiReader(strings.NewReader(tc.body)))
			req.ContentLength = -1 // unknown, as with chunked encoding
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Errorf("status %d %s, want %d", rec.Code, rec.Body, tc.status)
			}
		})
	}
}
