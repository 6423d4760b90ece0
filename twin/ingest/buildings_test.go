package ingest_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestMappingNode(t *testing.T) {
	def := ingest.DefaultMapping()
	p := geo.Point3{4.9, 52.3, 0}
	cases := []struct {
		name             string
		m                *ingest.Mapping
		r                ingest.Record
		kind             twin.NodeKind
		z, ground, depth float64
		vertical         twin.VerticalRef
		network          twin.Network
		kindSource       any
	}{
		{"depth", def, rec(ingest.Props{"node_kind": "Manhole", "network": "sewer", "depth": "3,5"}),
			twin.NodeManhole, -3.5, 0, 3.5, twin.VerticalDepth, twin.NetworkSewer, nil},
		{"default depth", def, rec(ingest.Props{"network": "gas", "kind": "valve"}),
			twin.NodeValve, -1.1, 0, 1.1, twin.VerticalDepth, twin.NetworkGas, nil},
		{"elevation", def, rec(ingest.Props{"elevation": 20.0, "depth": 2.0, "network": "water"}),
			twin.NodeJunction, 18, 20, 2, twin.VerticalElevation, twin.NetworkWater, nil},
		{"3D keeps z", def, ingest.Record{File: "f", SourceID: "7", Props: ingest.Props{"depth": 1.0, "network": "water"}, Has3D: true},
			twin.NodeJunction, 0, 1, 1, twin.VerticalElevation, twin.NetworkWater, nil},
		{"constant kind", &ingest.Mapping{NodeKind: "hydrant", Network: "water"}, rec(nil),
			twin.NodeHydrant, -1.8, 0, 1.8, twin.VerticalDepth, twin.NetworkWater, nil},
		{"kind property beats constant", &ingest.Mapping{NodeKind: "hydrant", NodeKindProperty: "t", Network: "water"}, rec(ingest.Props{"T": "house connection"}),
			twin.NodeService, -1.8, 0, 1.8, twin.VerticalDepth, twin.NetworkWater, nil},
		{"unknown kind kept as attribute", def, rec(ingest.Props{"kind": "gazebo"}),
			twin.NodeOther, -1, 0, 1, twin.VerticalDepth, twin.NetworkOther, "gazebo"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, err := tc.m.Node("d", tc.r, p)
			if err != nil {
				t.Fatal(err)
			}
			if n.ID != "d:7" || n.NodeKind != tc.kind || n.Network != tc.network || n.Vertical != tc.vertical || n.Status != twin.StatusExisting {
				t.Errorf("node %+v", n)
			}
			want := geo.Point3{p[0], p[1], tc.z}
			if !near(n.Position[2], tc.z) || n.Position[0] != p[0] || n.Position[1] != p[1] || !near(n.GroundM, tc.ground) || n.DepthM != tc.depth {
				t.Errorf("position %v ground %v depth %v, want %v %v %v", n.Position, n.GroundM, n.DepthM, want, tc.ground, tc.depth)
			}
			if got := n.Attributes["node_kind_source"]; got != tc.kindSource {
				t.Errorf("node_kind_source = %v, want %v", got, tc.kindSource)
			}
		})
	}
}

func TestMappingNodeErrors(t *testing.T) {
	def := ingest.DefaultMapping()
	cases := []struct {
		name  string
		props ingest.Props
		p     geo.Point3
		want  []string
	}{
		{"bad status", ingest.Props{"status": "sleeping"}, geo.Point3{4.9, 52.3, 0}, []string{`unknown status "sleeping"`}},
		{"bad year", ingest.Props{"year": 3000.0}, geo.Point3{4.9, 52.3, 0}, []string{"install year 3000 is not plausible"}},
		{"bad network", ingest.Props{"utility": "lava"}, geo.Point3{4.9, 52.3, 0}, []string{"unknown network"}},
		{"bad depth", ingest.Props{"depth_m": "x"}, geo.Point3{4.9, 52.3, 0}, []string{"depth", "property depth_m"}},
		{"too deep", ingest.Props{"depth": 5000.0}, geo.Point3{4.9, 52.3, 0}, []string{"invalid feature", "depth 5000 m"}},
		{"outside WGS84", nil, geo.Point3{200, 52.3, 0}, []string{"invalid feature", "position", "outside WGS84 range"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, err := def.Node("d", rec(tc.props), tc.p)
			if n != nil {
				t.Error("Node returned a node with its error")
			}
			wantErr(t, err, append([]string{"pipes.geojson: feature 7: "}, tc.want...)...)
			wantFeatureError(t, err, "pipes.geojson", "7")
		})
	}
}

func TestMappingBuilding(t *testing.T) {
	fp := orb.Polygon{{{4.9, 52.3}, {4.901, 52.3}, {4.901, 52.301}, {4.9, 52.3}}}
	def := ingest.DefaultMapping()
	cases := []struct {
		name       string
		m          *ingest.Mapping
		props      ingest.Props
		ground     float64
		base, roof float64
		source     string
	}{
		{"height", def, ingest.Props{"height": 12.0}, 2, 2, 14, "height"},
		{"height with unit", def, ingest.Props{"Height": "12 m"}, 0, 0, 12, "height"},
		{"height in feet", &ingest.Mapping{Height: ingest.Quantity{Property: "h", Unit: "ft"}}, ingest.Props{"h": 100.0}, 0, 0, 30.48, "height"},
		{"levels", def, ingest.Props{"building:levels": 4.0}, 1, 1, 13, "levels"},
		{"levels with level height", &ingest.Mapping{Levels: "floors", LevelHeightM: 3.5}, ingest.Props{"floors": "2"}, 0, 0, 7, "levels"},
		{"default", def, nil, 5, 5, 5 + ingest.DefaultBuildingHeightM, "default"},
		{"min_height", def, ingest.Props{"height": 10.0, "min_height": 3.0}, 0, 3, 10, "height"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.m.Building("d", rec(tc.props), fp, tc.ground)
			if err != nil {
				t.Fatal(err)
			}
			if !near(b.BaseM, tc.base) || !near(b.RoofM, tc.roof) || b.Attributes["height_source"] != tc.source {
				t.Errorf("base %v roof %v source %v, want %v %v %q", b.BaseM, b.RoofM, b.Attributes["height_source"], tc.base, tc.roof, tc.source)
			}
			if b.ID != "d:7" || b.LoD != "1" || len(b.Footprint) != 1 {
				t.Errorf("building %+v", b)
			}
		})
	}
}

func TestMappingBuildingErrors(t *testing.T) {
	fp := orb.Polygon{{{4.9, 52.3}, {4.901, 52.3}, {4.901, 52.301}, {4.9, 52.3}}}
	def := ingest.DefaultMapping()
	cases := []struct {
		name    string
		props   ingest.Props
		fp      orb.Polygon
		ground  float64
		want    []string
		invalid bool
	}{
		{"bad height", ingest.Props{"height": "tall"}, fp, 0, []string{"height: property height", `"tall"`}, false},
		{"bad min_height", ingest.Props{"min_height": true}, fp, 0, []string{"min_height: property min_height"}, false},
		{"bad levels", ingest.Props{"levels": "many"}, fp, 0, []string{"levels: property levels"}, false},
		{"degenerate footprint", nil, orb.Polygon{{{4.9, 52.3}, {4.901, 52.3}, {4.9, 52.3}}}, 0, []string{"invalid feature", "degenerate"}, true},
		{"NaN ground", nil, fp, math.NaN(), []string{"invalid feature", "base"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := def.Building("d", rec(tc.props), tc.fp, tc.ground)
			if b != nil {
				t.Error("Building returned a building with its error")
			}
			wantErr(t, err, append([]string{"pipes.geojson: feature 7: "}, tc.want...)...)
			wantFeatureError(t, err, "pipes.geojson", "7")
			if got := errors.Is(err, twin.ErrInvalidFeature); got != tc.invalid {
				t.Errorf("errors.Is(err, twin.ErrInvalidFeature) = %v, want %v", got, tc.invalid)
			}
		})
	}
}

func TestBuildingHeightsResolve(t *testing.T) {
	cases := []struct {
		name       string
		h          ingest.BuildingHeights
		base, roof float64
		source     string
	}{
		{"height", ingest.BuildingHeights{Ground: 10, Height: 20, HasHeight: true}, 10, 30, "height"},
		{"height beats levels", ingest.BuildingHeights{Height: 20, HasHeight: true, Levels: 2, HasLevels: true}, 0, 20, "height"},
		{"zero height falls back to levels", ingest.BuildingHeights{HasHeight: true, Levels: 2, HasLevels: true}, 0, 6, "levels"},
		{"levels", ingest.BuildingHeights{Ground: -1, Levels: 5, HasLevels: true}, -1, 14, "levels"},
		{"levels with level height", ingest.BuildingHeights{Levels: 5, HasLevels: true, LevelHeightM: 2.5}, 0, 12.5, "levels"},
		{"negative level height uses default", ingest.BuildingHeights{Levels: 1, HasLevels: true, LevelHeightM: -2}, 0, 3, "levels"},
		{"default", ingest.BuildingHeights{Ground: 3}, 3, 3 + ingest.DefaultBuildingHeightM, "default"},
		{"negative height is default", ingest.BuildingHeights{Height: -4, HasHeight: true}, 0, ingest.DefaultBuildingHeightM, "default"},
		{"min_height", ingest.BuildingHeights{Ground: 1, Height: 15, HasHeight: true, MinHeight: 6}, 7, 16, "height"},
		{"min_level", ingest.BuildingHeights{Levels: 4, HasLevels: true, MinLevels: 2}, 6, 12, "levels"},
		{"min_height beats min_level", ingest.BuildingHeights{Height: 20, HasHeight: true, MinHeight: 5, MinLevels: 2}, 5, 20, "height"},
		{"height equal to min_height", ingest.BuildingHeights{Height: 6, HasHeight: true, MinHeight: 6}, 6, 9, "height"},
		{"height below min_height", ingest.BuildingHeights{Height: 4, HasHeight: true, MinHeight: 6, LevelHeightM: 4}, 6, 10, "height"},
		{"default below min_level", ingest.BuildingHeights{MinLevels: 5}, 15, 18, "default"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base, roof, source := tc.h.Resolve()
			if base != tc.base || roof != tc.roof || source != tc.source {
				t.Errorf("Resolve() = %v, %v, %q; want %v, %v, %q", base, roof, source, tc.base, tc.roof, tc.source)
			}
			if roof <= base {
				t.Errorf("roof %v not above base %v", roof, base)
			}
		})
	}
}
