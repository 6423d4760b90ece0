package twin_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// fullBuilding sets every field of a Building, attributes of every JSON type included.
func fullBuilding() *twin.Building {
	b := validSurfaceBuilding()
	b.Attributes = twin.Attributes{
		"name": "Town hall", "year": 1911.0, "listed": true, "note": nil,
		"tags": []any{"civic", 3.5}, "address": map[string]any{"street": "Dam", "number": 1.0},
	}
	b.Parent = "d:b0"
	b.Footprint = orb.Polygon{rect(4.9, 52.3, 4.901, 52.301), rect(4.9002, 52.3002, 4.9005, 52.3005)}
	b.EaveM, b.RoofShape = 10, twin.RoofGabled
	return b
}

func fullSegment() *twin.UtilitySegment {
	s := validSegment()
	s.Attributes = twin.Attributes{"owner": "Waternet"}
	s.WidthMM, s.HeightMM = 600, 400
	s.Material, s.InstallYear, s.Status = "PVC", 1987, twin.StatusPlanned
	s.StartNode, s.EndNode = "d:n1", "d:n2"
	return s
}

func fullNode() *twin.UtilityNode {
	n := validNode()
	n.NodeKind, n.Vertical, n.Status = twin.NodeService, twin.VerticalElevation, twin.StatusAbandoned
	n.Building = "d:b1"
	n.Attributes = twin.Attributes{"cover": "cast iron"}
	return n
}

func TestMarshalRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		f    twin.Feature
		keys []string // JSON keys that must be present (units in the names)
	}{
		{"building", fullBuilding(), []string{"id", "dataset", "source_id", "attributes", "parent", "footprint", "base_m", "roof_m", "eave_m", "roof_shape", "lod", "surfaces"}},
		{"minimal building", validBuilding(), []string{"id", "footprint", "base_m", "roof_m", "lod"}},
		{"segment", fullSegment(), []string{"network", "centreline", "diameter_mm", "width_mm", "height_mm", "depth_m", "ground_m", "vertical", "material", "install_year", "status", "start_node", "end_node"}},
		{"minimal segment", validSegment(), []string{"network", "centreline", "diameter_mm", "depth_m", "ground_m"}},
		{"node", fullNode(), []string{"network", "node_kind", "position", "ground_m", "depth_m", "vertical", "status", "building"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, err := twin.MarshalFeature(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(data, &obj); err != nil {
				t.Fatal(err)
			}
			for _, k := range tc.keys {
				if _, ok := obj[k]; !ok {
					t.Errorf("JSON has no key %q: %s", k, data)
				}
			}
			got, err := twin.UnmarshalFeature(tc.f.Kind(), data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.f) {
				t.Errorf("round trip changed the feature:\n got %#v\nwant %#v", got, tc.f)
			}
			again, err := twin.MarshalFeature(got)
			if err != nil || !bytes.Equal(again, data) {
				t.Errorf("second encoding differs (%v):\n%s\n%s", err, again, data)
			}
		})
	}
}

func TestUnmarshalFeatureErrors(t *testing.T) {
	cases := []struct {
		name string
		kind twin.Kind
		data string
		want string
	}{
		{"mesh kind", twin.KindMesh, `{}`, `cannot decode feature of kind "mesh"`},
		{"unknown kind", "tree", `{}`, `kind "tree"`},
		{"empty kind", "", `{}`, `kind ""`},
		{"truncated", twin.KindBuilding, `{"id": "d:1", "footprint": [[`, "twin: decode building"},
		{"wrong type", twin.KindSegment, `{"centreline": "north"}`, "twin: decode segment"},
		{"position not an array", twin.KindNode, `{"position": {"lon": 1}}`, "twin: decode node"},
		{"not json", twin.KindNode, `<node/>`, "twin: decode node"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := twin.UnmarshalFeature(tc.kind, []byte(tc.data))
			if err == nil {
				t.Fatalf("UnmarshalFeature = %#v, nil; want an error", f)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestMarshalNaNFails(t *testing.T) {
	s := validSegment()
	s.GroundM = nan
	if _, err := twin.MarshalFeature(s); err == nil {
		t.Error("MarshalFeature of a NaN value succeeded")
	}
	if err := twin.Validate(s); err == nil {
		t.Error("Validate passes a feature that MarshalFeature cannot encode")
	}
}

func TestBounds(t *testing.T) {
	bounds := func(minX, minY, minZ, maxX, maxY, maxZ float64) geo.Bounds3 {
		return geo.Bounds3{Min: geo.Point3{minX, minY, minZ}, Max: geo.Point3{maxX, maxY, maxZ}}
	}
	cases := []struct {
		name string
		f    twin.Feature
		want geo.Bounds3
	}{
		{"footprint building", validBuilding(), bounds(4.9, 52.3, 1, 4.901, 52.301, 13)},
		{"surface building", validSurfaceBuilding(), bounds(4.9, 52.3, 1, 4.901, 52.301, 13)},
		{"surfaces above the roof height", sb(func(v *twin.Building) { v.RoofM = 5 }), bounds(4.9, 52.3, 1, 4.901, 52.301, 13)},
		{"base below the surfaces", sb(func(v *twin.Building) { v.BaseM = -2 }), bounds(4.9, 52.3, -2, 4.901, 52.301, 13)},
		{"footprint with hole", b(func(v *twin.Building) { v.Footprint = append(v.Footprint, rect(4.8, 52.2, 4.8005, 52.2005)) }), bounds(4.8, 52.2, 1, 4.901, 52.301, 13)},
		{"building without geometry", b(func(v *twin.Building) { v.Footprint = nil }), geo.EmptyBounds()},
		{"segment", validSegment(), bounds(4.9, 52.3, -1, 4.902, 52.301, -0.8)},
		{"segment without centreline", seg(func(v *twin.UtilitySegment) { v.Centreline = nil }), geo.EmptyBounds()},
		{"node below ground", validNode(), bounds(4.9, 52.3, -2, 4.9, 52.3, 1)},
		{"node above ground", nd(func(v *twin.UtilityNode) { v.GroundM = -5 }), bounds(4.9, 52.3, -2, 4.9, 52.3, -2)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.f.Bounds()
			if tc.want.IsEmpty() {
				if !got.IsEmpty() {
					t.Errorf("Bounds = %v, want empty", got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("Bounds = %v, want %v", got, tc.want)
			}
		})
	}
}
