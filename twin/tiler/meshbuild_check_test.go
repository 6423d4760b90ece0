package tiler

import (
	"fmt"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// checkContent checks built content against the features it came from,
// before and after a GLB round trip.
func checkContent(t *testing.T, c Content, features map[string]twin.Feature, schema *tiles.Schema, quantize bool) {
	t.Helper()
	if err := tiles.CheckPropertyTable(c.Table, schema); err != nil {
		t.Fatalf("property table: %v", err)
	}
	if c.Table.Count != len(c.FeatureIDs) {
		t.Fatalf("table has %d rows, %d feature ids", c.Table.Count, len(c.FeatureIDs))
	}
	checkBoundsTight(t, c)
	dec := decode(t, encode(t, c, schema, quantize))
	table := dec.Table()
	if table.Count != c.Table.Count || len(dec.Meshes) != len(c.Meshes) {
		t.Fatalf("decoded %d rows, %d meshes; built %d, %d", table.Count, len(dec.Meshes), c.Table.Count, len(c.Meshes))
	}
	box := grow(c.Bounds, positionTolM(c.Bounds, quantize))
	used := make([]bool, table.Count)
	for _, m := range dec.Meshes {
		for i, p := range m.Positions {
			id := m.FeatureIDs[i]
			if int(id) >= table.Count {
				t.Fatalf("mesh %q vertex %d: feature id %d, table has %d rows", m.Name, i, id, table.Count)
			}
			used[id] = true
			if !box.Contains(geo.Point3(p)) {
				t.Fatalf("mesh %q vertex %d at %v outside bounds %v", m.Name, i, p, c.Bounds)
			}
		}
	}
	if k := slices.Index(used, false); k >= 0 {
		t.Errorf("row %d (%s) has no geometry", k, c.FeatureIDs[k])
	}
	for row := 0; row < table.Count; row += max(1, table.Count/25) {
		f := features[c.FeatureIDs[row]]
		if f == nil {
			t.Fatalf("row %d: id %q is not a feature", row, c.FeatureIDs[row])
		}
		for name, want := range wantProperties(f) {
			got, ok := table.Value(dec.Schema, name, row)
			if !ok {
				got = nil
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("row %d (%s) %s = %v, want %v", row, f.Head().ID, name, got, want)
			}
		}
	}
}

// checkBoundsTight checks that Content.Bounds is exactly the bounds of the
// mesh vertices.
func checkBoundsTight(t *testing.T, c Content) {
	t.Helper()
	b := geo.EmptyBounds()
	for _, m := range c.Meshes {
		b = b.Union(tiles.MeshBounds(m.Positions))
	}
	if b != c.Bounds {
		t.Errorf("bounds %v, vertices span %v", c.Bounds, b)
	}
}

// wantProperties returns the table values a feature's row must hold, as
// PropertyTable.Value returns them (nil for noData).
func wantProperties(f twin.Feature) map[string]any {
	h := f.Head()
	want := map[string]any{"id": h.ID, "dataset": h.Dataset, "source_id": h.SourceID}
	str := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	num := func(v float64) any {
		if v == 0 {
			return nil
		}
		return float64(float32(v))
	}
	switch v := f.(type) {
	case *twin.Building:
		want["height_m"] = float64(float32(v.HeightM()))
		want["roof_m"] = float64(float32(v.RoofM))
		want["roof_shape"], want["lod"], want["eave_m"] = str(string(v.RoofShape)), str(v.LoD), num(v.EaveM)
	case *twin.UtilitySegment:
		want["kind"], want["network"], want["status"] = "segment", string(v.Network), str(string(v.Status))
		want["diameter_mm"], want["width_mm"], want["height_mm"] = num(v.DiameterMM), num(v.WidthMM), num(v.HeightMM)
		want["start_node"], want["end_node"], want["material"] = str(v.StartNode), str(v.EndNode), str(v.Material)
		want["node_kind"], want["depth_m"] = nil, float64(float32(v.DepthM))
	case *twin.UtilityNode:
		want["kind"], want["network"], want["status"] = "node", string(v.Network), str(string(v.Status))
		want["node_kind"], want["building"], want["diameter_mm"] = str(string(v.NodeKind)), str(v.Building), nil
		want["ground_m"] = float64(float32(v.GroundM))
	}
	return want
}
