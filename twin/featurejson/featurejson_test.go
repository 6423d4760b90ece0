package featurejson_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/featurejson"
)

func head(src string, attrs twin.Attributes) twin.Header {
	return twin.Header{ID: twin.FeatureID("t", src), Dataset: "t", SourceID: src, Attributes: attrs}
}

func testFeatures() map[string]twin.Feature {
	ring := orb.Ring{{4.36, 52.01}, {4.3601, 52.01}, {4.3601, 52.0101}, {4.36, 52.01}}
	return map[string]twin.Feature{
		"block building": &twin.Building{Header: head("b1", twin.Attributes{"year": 1990.0, "lod": "x"}),
			Footprint: orb.Polygon{ring}, BaseM: 1, RoofM: 12, RoofShape: twin.RoofFlat, LoD: "1"},
		"lod2 building": &twin.Building{Header: head("b2", nil), BaseM: 0, RoofM: 9, EaveM: 6, LoD: "2.2",
			Footprint: orb.Polygon{ring}, Surfaces: []twin.Surface{
				{Type: "GroundSurface", Rings: [][]geo.Point3{{{4.36, 52.01, 0}, {4.3601, 52.01, 0}, {4.3601, 52.0101, 0}}}},
				{Type: "RoofSurface", Rings: [][]geo.Point3{{{4.36, 52.01, 9}, {4.3601, 52.01, 9}, {4.3601, 52.0101, 9}, {4.36, 52.01, 9}}}},
			}},
		"segment": &twin.UtilitySegment{Header: head("s1", twin.Attributes{"material": "PVC", "dn": 300.0}),
			Network: twin.NetworkWater, Centreline: []geo.Point3{{4.36, 52.01, -1.5}, {4.361, 52.01, -1.6}},
			DiameterMM: 315, DepthM: 1.5, GroundM: 0, Vertical: twin.VerticalDepth, Material: "pe",
			InstallYear: 1987, Status: twin.StatusExisting, StartNode: "t:n1", EndNode: "t:n2"},
		"node": &twin.UtilityNode{Header: head("n1", nil), Network: twin.NetworkSewer, NodeKind: twin.NodeManhole,
			Position: geo.Point3{4.36, 52.01, -2}, GroundM: 0.2, DepthM: 2.2, Vertical: twin.VerticalDepth,
			Status: twin.StatusPlanned, Building: "t:b1"},
	}
}

// geometryKeys are the typed fields that become the geometry, not properties.
var geometryKeys = map[string]bool{"footprint": true, "surfaces": true, "centreline": true, "position": true, "attributes": true}

func TestFeature(t *testing.T) {
	wantGeom := map[string]string{"block building": "Polygon", "lod2 building": "MultiPolygon",
		"segment": "LineString", "node": "Point"}
	for name, f := range testFeatures() {
		t.Run(name, func(t *testing.T) {
			obj := featurejson.Feature(f)
			data, err := json.Marshal(obj)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Type       string
				ID         string
				BBox       []float64
				Geometry   struct{ Type string }
				Properties map[string]any
			}
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			if got.Type != "Feature" || got.ID != f.Head().ID || len(got.BBox) != 6 || got.Geometry.Type != wantGeom[name] {
				t.Errorf("got %s", data)
			}
			checkEveryField(t, f, got.Properties)
			for k, v := range f.Head().Attributes {
				key := k
				if _, typed := typedJSON(t, f)[k]; typed || k == "lod" || k == "kind" {
					key = featurejson.SourcePrefix + k
				}
				if fmt.Sprint(got.Properties[key]) != fmt.Sprint(v) {
					t.Errorf("attribute %s: property %s = %v, want %v", k, key, got.Properties[key], v)
				}
			}
		})
	}
}

// typedJSON is the feature's own JSON encoding, as a map.
func typedJSON(t *testing.T, f twin.Feature) map[string]any {
	t.Helper()
	data, err := twin.MarshalFeature(f)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// checkEveryField checks that each typed field of f is a property, and
// that the common ones are there.
func checkEveryField(t *testing.T, f twin.Feature, props map[string]any) {
	t.Helper()
	for k, v := range typedJSON(t, f) {
		if geometryKeys[k] {
			continue
		}
		got, ok := props[k]
		if !ok {
			t.Errorf("typed field %s missing from the properties", k)
		} else if fmt.Sprint(got) != fmt.Sprint(v) {
			t.Errorf("typed field %s = %v, property %v", k, v, got)
		}
	}
	for _, k := range []string{"kind", "layer", "dataset", "source_id"} {
		if props[k] == nil || props[k] == "" {
			t.Errorf("property %s missing", k)
		}
	}
}

func TestGeometryRings(t *testing.T) {
	b := testFeatures()["lod2 building"].(*twin.Building)
	g := featurejson.GeometryOf(b)
	polys := g.Coordinates.([][][]geo.Point3)
	if len(polys) != 2 {
		t.Fatalf("%d polygons, want 2", len(polys))
	}
	for i, p := range polys {
		r := p[0]
		if r[0] != r[len(r)-1] || len(r) != 4 {
			t.Errorf("surface %d: ring %v is not closed once", i, r)
		}
	}
	if len(b.Surfaces[0].Rings[0]) != 3 {
		t.Error("GeometryOf changed the feature's rings")
	}
	block := featurejson.GeometryOf(testFeatures()["block building"]).Coordinates.([][]geo.Point3)
	for _, p := range block[0] {
		if p[2] != 1 {
			t.Errorf("footprint position %v not at the base height 1 m", p)
		}
	}
}

func TestNewCollectionEmpty(t *testing.T) {
	data, err := json.Marshal(featurejson.NewCollection(nil))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != `{"type":"FeatureCollection","features":[]}` {
		t.Errorf("got %s", data)
	}
}

func ExampleFeature() {
	n := &twin.UtilityNode{Header: twin.Header{ID: "d:v1", Dataset: "d", SourceID: "v1"},
		Network: twin.NetworkWater, NodeKind: twin.NodeValve, Position: geo.Point3{4.36, 52.01, -1.2},
		GroundM: 0.3, DepthM: 1.5, Vertical: twin.VerticalDepth, Status: twin.StatusExisting}
	obj := featurejson.Feature(n)
	data, _ := json.Marshal(obj.Geometry)
	fmt.Println(string(data))
	fmt.Println(obj.Properties["node_kind"], obj.Properties["depth_m"], obj.Properties["building"])
	// Output:
	// {"type":"Point","coordinates":[4.36,52.01,-1.2]}
	// valve 1.5 <nil>
}
