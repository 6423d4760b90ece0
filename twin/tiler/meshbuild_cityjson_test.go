package tiler

import (
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// TestBuildCityJSON meshes the real CityJSON files in ../shared/data:
// Delft (LoD1 solids, untyped surfaces), the 3D BAG and Rotterdam (LoD2
// with semantic surfaces), at both details, and checks the round trip,
// the roof heights and the coarse error.
func TestBuildCityJSON(t *testing.T) {
	tests := []struct {
		name, file, crs string
		count           int
	}{
		{"delft", "cityjson/cjio_delft.city.json", "", 160},
		{"3d bag", "cityjson/cjio_3dbag_multi_lod.city.json", "EPSG:7415", 10},
		{"rotterdam", "cityjson/rotterdam/rotterdam_subset.city.json", "EPSG:7415", 16},
	}
	m := NewMesher(MesherOptions{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			features := readCityJSON(t, tc.file, tc.crs)
			if len(features) != tc.count {
				t.Fatalf("%d buildings, want %d", len(features), tc.count)
			}
			frame, index := frameFor(features), byID(features)
			full, err := m.Build(features, frame, DetailFull)
			if err != nil {
				t.Fatal(err)
			}
			coarse, err := m.Build(features, frame, DetailCoarse)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []Content{full, coarse} {
				if len(c.Skipped) > 0 || len(c.FeatureIDs) != len(features) {
					t.Errorf("%d rows for %d features; skipped %v", len(c.FeatureIDs), len(features), c.Skipped)
				}
				for _, quantize := range []bool{false, true} {
					checkContent(t, c, index, m.Schema(LayerBuildings), quantize)
				}
				checkRoofHeights(t, c, index, frame)
			}
			if tf, tc := triangles(full.Meshes), triangles(coarse.Meshes); tc >= tf || !(coarse.ErrorM > 0) {
				t.Errorf("full %d triangles; coarse %d triangles, error %g m", tf, tc, coarse.ErrorM)
			}
		})
	}
}

// checkRoofHeights checks that every building's highest vertex is at RoofM
// (buildings with surfaces or flat roofs: exact to float32).
func checkRoofHeights(t *testing.T, c Content, index map[string]twin.Feature, frame geo.ENU) {
	t.Helper()
	for id, z := range maxZByFeature(c.Meshes) {
		b := index[c.FeatureIDs[id]].(*twin.Building)
		p := b.Footprint[0][0]
		if want := frame.FromLLH(geo.Point3{p[0], p[1], b.RoofM})[2]; !near(z, want, 0.01) {
			t.Errorf("%s: max z %.3f, want %.3f", b.ID, z, want)
		}
	}
}
