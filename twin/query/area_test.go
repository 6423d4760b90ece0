package query

import (
	"context"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

func fp(v float64) *float64 { return &v }

// areaFilterCases are the filters every shape is tried with.
func areaFilterCases(nanaimo bool) []struct {
	name string
	f    oracleFilter
} {
	type c = struct {
		name string
		f    oracleFilter
	}
	if nanaimo {
		return []c{
			{"all", oracleFilter{}},
			{"pvc", oracleFilter{where: []Condition{{Attr: "material", Op: "=", Value: "pvc"}}}},
			{"before 1970", oracleFilter{where: []Condition{{Attr: "install_year", Op: "<", Value: 1970.0}}}},
			{"large", oracleFilter{where: []Condition{{Attr: "diameter_mm", Op: ">=", Value: 250.0}}}},
			{"source attribute", oracleFilter{where: []Condition{{Attr: "TYPE", Op: "~", Value: "distribution"}, {Attr: "OWNER", Op: "=", Value: "CITY"}}}},
			{"not ductile", oracleFilter{where: []Condition{{Attr: "material", Op: "!=", Value: "DI"}}}},
			{"depth", oracleFilter{depthLo: fp(1), depthHi: fp(2)}},
		}
	}
	return []c{
		{"all", oracleFilter{}},
		{"water layer", oracleFilter{layers: []string{"water"}}},
		{"buildings over 20 m", oracleFilter{kinds: []string{"building"}, where: []Condition{{Attr: "height_m", Op: ">=", Value: 20.0}}}},
		{"sewer and storm nodes", oracleFilter{kinds: []string{"node"}, networks: []string{"sewer", "storm"}}},
		{"abandoned", oracleFilter{statuses: []string{"abandoned"}}},
		{"planned", oracleFilter{statuses: []string{"planned"}}},
		{"pvc", oracleFilter{where: []Condition{{Attr: "material", Op: "=", Value: "PVC"}}}},
		{"old", oracleFilter{where: []Condition{{Attr: "install_year", Op: "<", Value: 1970.0}}}},
		{"valves", oracleFilter{where: []Condition{{Attr: "node_kind", Op: "=", Value: "valve"}}}},
		{"shallow utilities", oracleFilter{depthLo: fp(0.5), depthHi: fp(1.5)}},
		{"deep water", oracleFilter{layers: []string{"water", "sewer"}, depthLo: fp(2)}},
	}
}

// TestAreaOracle compares Area with a brute-force scan for random shapes
// and filters, on the demo district and on Nanaimo's water network.
func TestAreaOracle(t *testing.T) {
	for _, ds := range []struct {
		name         string
		load         func(testing.TB) (*sqlite.Store, []twin.Feature)
		sizeLo, size float64
	}{
		{"demo", demoStore, 40, 250},
		{"nanaimo", nanaimoStore, 100, 900},
	} {
		t.Run(ds.name, func(t *testing.T) {
			store, all := ds.load(t)
			e := New(store, Limits{})
			shapes := newShapeMaker(11, all, ds.sizeLo, ds.size).shapes(10)
			nonEmpty := 0
			for _, s := range shapes {
				for _, fc := range areaFilterCases(ds.name == "nanaimo") {
					t.Run(s.name+"/"+fc.name, func(t *testing.T) {
						want := oracleArea(all, s.polys, fc.f)
						req := AreaRequest{AreaSpec: AreaSpec{Geometry: s.geoJSON()}, Filters: fc.f.filters(), Limit: 10_000}
						got := areaIDs(t, e, req)
						if !slices.Equal(got, want) {
							t.Errorf("%d features, oracle %d; missing %v; extra %v", len(got), len(want), diff(want, got), diff(got, want))
						}
						if len(want) > 0 {
							nonEmpty++
						}
					})
				}
			}
			if nonEmpty < 10 {
				t.Errorf("only %d non-empty cases: the test shapes miss the data", nonEmpty)
			}
		})
	}
}

// areaIDs runs req and returns the ids, checking the answer's totals.
func areaIDs(t *testing.T, e *Engine, req AreaRequest) []string {
	t.Helper()
	resp, err := e.Area(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Truncated || resp.Total != len(resp.Features) || resp.CRS != "EPSG:4326" {
		t.Fatalf("truncated %v, total %d, %d features, crs %s", resp.Truncated, resp.Total, len(resp.Features), resp.CRS)
	}
	ids := make([]string, len(resp.Features))
	for i, f := range resp.Features {
		ids[i] = f.ID
		if f.Layer == "" || f.Kind == "" || f.Dataset == "" {
			t.Fatalf("item without layer, kind or dataset: %+v", f)
		}
	}
	return ids
}

// diff returns the first few elements of a missing from b.
func diff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
			if len(out) == 5 {
				break
			}
		}
	}
	return out
}
