package server_test

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/server"
)

// scrape reads /metrics into a map from series ("name{labels}") to value,
// checking the text format on the way.
func scrape(t *testing.T, f *fixture) map[string]float64 {
	t.Helper()
	resp, body := f.get(t, "/metrics")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("Content-Type %q", ct)
	}
	out := map[string]float64{}
	typed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# TYPE ") {
			typed[strings.Fields(line)[2]] = true
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			t.Fatalf("bad sample line %q", line)
		}
		series := line[:i]
		name, _, _ := strings.Cut(series, "{")
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_sum"), "_count")
		if !typed[name] && !typed[base] {
			t.Errorf("sample %s before its # TYPE line", series)
		}
		out[series] = v
	}
	return out
}

func TestMetrics(t *testing.T) {
	f := newFixture(t, true, server.Options{Version: "v1.2.3"})
	glb := f.firstGLB(t, "sewer")
	tag := `"` + glb.Hash + `"`
	const route = `route="GET /tiles/{path...}"`
	before := scrape(t, f)
	f.get(t, "/tiles/"+glb.Path)
	f.get(t, "/tiles/"+glb.Path)
	f.get(t, "/tiles/"+glb.Path, "If-None-Match: "+tag)
	f.do(t, "HEAD", "/tiles/"+glb.Path)
	f.get(t, "/tiles/layers/sewer/t/0/0/0-000000000000.glb")
	f.get(t, "/no/such/route")
	after := scrape(t, f)
	size := float64(len(glb.Data))
	cases := []struct {
		series string
		delta  float64
	}{
		{`citytwin_http_requests_total{` + route + `,method="GET",code="200"}`, 2},
		{`citytwin_http_requests_total{` + route + `,method="GET",code="304"}`, 1},
		{`citytwin_http_requests_total{` + route + `,method="HEAD",code="200"}`, 1},
		{`citytwin_http_requests_total{` + route + `,method="GET",code="404"}`, 1},
		{`citytwin_http_requests_total{route="unmatched",method="GET",code="404"}`, 1},
		{`citytwin_http_request_duration_seconds_count{` + route + `}`, 5},
		{`citytwin_http_request_duration_seconds_bucket{` + route + `,le="+Inf"}`, 5},
		{`citytwin_tiles_served_total{layer="sewer"}`, 2},
		{`citytwin_tile_bytes_served_total{layer="sewer"}`, 2 * size},
		{`citytwin_tiles_not_modified_total{layer="sewer"}`, 1},
		{`citytwin_http_response_bytes_total{` + route + `}`, 2*size + float64(len(`{"error": "no such tile"}`))},
		{`citytwin_tile_cache_hits_total`, 3},
		{`citytwin_tile_cache_misses_total`, 2},
	}
	for _, tc := range cases {
		t.Run(tc.series, func(t *testing.T) {
			got := after[tc.series] - before[tc.series]
			if strings.HasPrefix(tc.series, "citytwin_http_response_bytes") {
				// the 404 body is indented JSON with a detail: at least the error
				if got < tc.delta {
					t.Errorf("moved by %v, want at least %v", got, tc.delta)
				}
				return
			}
			if got != tc.delta {
				t.Errorf("moved by %v, want %v (before %v, after %v)", got, tc.delta, before[tc.series], after[tc.series])
			}
		})
	}
	for _, series := range []string{`citytwin_build_info{version="v1.2.3",`, `citytwin_http_requests_in_flight`} {
		found := false
		for k := range after {
			found = found || strings.HasPrefix(k, series)
		}
		if !found {
			t.Errorf("no series %s", series)
		}
	}
	for k := range after {
		if strings.Contains(k, glb.Path) {
			t.Errorf("a raw path is a label: %s", k)
		}
	}
}
