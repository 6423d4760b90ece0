package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// queryStore returns a store with the demo district.
func queryStore(t *testing.T) string {
	t.Helper()
	store := filepath.Join(t.TempDir(), "twin.db")
	mustRun(t, "--store", store, "demo")
	return store
}

const cliBBox = "37.616,55.748,37.623,55.752"

func TestQueryCLI(t *testing.T) {
	store := queryStore(t)
	dir := t.TempDir()
	areaFile := filepath.Join(dir, "area.json")
	writeFile(t, areaFile, `{"geometry":{"type":"Polygon","coordinates":[[[37.616,55.748],[37.623,55.748],[37.623,55.752],[37.616,55.752],[37.616,55.748]]]},"layers":["water"],"limit":3}`)
	var water struct {
		Features []struct{ ID, Layer, Kind string }
		Total    int
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "query", "area", "--file", areaFile)), &water); err != nil {
		t.Fatal(err)
	}
	if len(water.Features) != 3 || water.Total <= 3 || water.Features[0].Layer != "water" {
		t.Fatalf("area --file: %+v", water)
	}
	var seg string
	for _, f := range water.Features {
		if f.Kind == "segment" {
			seg = f.ID
		}
	}
	if seg == "" {
		seg = firstSegment(t, store)
	}
	clashFile := filepath.Join(dir, "clash.json")
	writeFile(t, clashFile, `{"pipe":{"network":"gas","centreline":[[37.617,55.749],[37.622,55.751]],"depth_m":[1.2,1.2],"diameter_mm":110}}`)
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"area flags", []string{"area", "--bbox", cliBBox, "--layer", "water,sewer", "--limit", "5"}, []string{`"truncated": true`, `"next_cursor"`}},
		{"file and flag", []string{"area", "--file", areaFile, "--limit", "1", "--geometry"}, []string{`"limit": 1`, `"feature": {`, `"coordinates"`}},
		{"area table", []string{"area", "--bbox", cliBBox, "--kind", "building", "--where", "height_m>=20", "--table"}, []string{"ID", "building", "feature(s) in"}},
		{"area depth", []string{"area", "--bbox", cliBBox, "--depth", "0.5:2", "--status", "existing"}, []string{`"features"`}},
		{"proximity", []string{"proximity", "--point", "37.62,55.75", "--within", "20", "--probe-depth", "1.5"}, []string{`"height_source": "ground"`, `"surface_distance_m"`}},
		{"proximity line table", []string{"proximity", "--line", "37.619,55.749;37.621,55.751", "--within", "3", "--table"}, []string{"SURFACE_M", "within 3 m"}},
		{"stats table", []string{"stats", "--bbox", cliBBox, "--bins", "0,10,20", "--table"}, []string{"buildings", "height 10..20 m", "network water"}},
		{"trace", []string{"trace", "--start", seg, "--trace-kind", "connected"}, []string{`"segments"`, `"kind": "connected"`}},
		{"clash", []string{"clash", "--file", clashFile}, []string{`"conflicts"`}},
		{"section", []string{"section", "--line", "37.617,55.749;37.622,55.751", "--svg", filepath.Join(dir, "s.svg")}, []string{`"crossings"`, `"ground"`}},
	}
	t.Cleanup(func() {
		if svg, err := os.ReadFile(filepath.Join(dir, "s.svg")); err != nil || !strings.Contains(string(svg), "<svg") {
			t.Errorf("section --svg wrote no drawing: %v", err)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := mustRun(t, append([]string{"--store", store, "query"}, tc.args...)...)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q: %.500s", w, out)
				}
			}
		})
	}
}

func firstSegment(t *testing.T, store string) string {
	out := mustRun(t, "--store", store, "query", "area", "--bbox", cliBBox, "--kind", "segment", "--layer", "water", "--limit", "1")
	var r struct{ Features []struct{ ID string } }
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Features) == 0 {
		t.Fatalf("no water segment: %v %s", err, out)
	}
	return r.Features[0].ID
}

// TestQueryCLIBadRequests checks that a bad request fails with a clear
// message and an error whose exit code is 2.
func TestQueryCLIBadRequests(t *testing.T) {
	store := queryStore(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no query", nil, "name a query"},
		{"unknown query", []string{"nearest"}, `unknown query "nearest"`},
		{"short bbox", []string{"area", "--bbox", "1,2,3"}, "--bbox"},
		{"unknown layer", []string{"area", "--bbox", cliBBox, "--layer", "fibre"}, `unknown layer "fibre"`},
		{"country", []string{"stats", "--bbox", "30,50,40,60"}, "over the limit"},
		{"far", []string{"proximity", "--point", "37.62,55.75", "--within", "900"}, "over the limit of 500 m"},
		{"no probe", []string{"proximity", "--within", "9"}, "geometry: missing"},
		{"bad where", []string{"area", "--bbox", cliBBox, "--where", "material"}, "--where"},
		{"bad depth", []string{"area", "--bbox", cliBBox, "--depth", "deep"}, "--depth"},
		{"unknown flag", []string{"area", "--bogus"}, "bogus"},
		{"missing file", []string{"area", "--file", "/nonexistent/req.json"}, "--file"},
		{"clash without file", []string{"clash"}, "request file"},
		{"section short line", []string{"section", "--line", "37.617,55.749"}, "section: invalid request"},
		{"trace bad kind", []string{"trace", "--start", "demo:x", "--trace-kind", "sideways"}, "unknown kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			env := &Env{StorePath: store, Stdout: &out, Stderr: &errb, getenv: func(string) string { return "" }}
			err := runQuery(context.Background(), env, tc.args)
			var ec interface{ ExitCode() int }
			if err == nil || !errors.As(err, &ec) || ec.ExitCode() != 2 || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one with exit code 2 mentioning %q", err, tc.want)
			}
			_, errs, code := twinRun(t, append([]string{"--store", store, "query"}, tc.args...)...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("twin query: exit %d, stderr %q", code, errs)
			}
		})
	}
}
