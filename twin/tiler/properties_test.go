package tiler

import (
	"testing"

	"github.com/citytwin/citytwin/twin"
)

func TestAttrInt16(t *testing.T) {
	tests := []struct {
		name string
		a    twin.Attributes
		want int16
	}{
		{"int", twin.Attributes{"floors": int64(5)}, 5},
		{"float", twin.Attributes{"storeysAboveGround": 4.0}, 4},
		{"case", twin.Attributes{"STOREYS": "3"}, 3},
		{"date", twin.Attributes{"start_date": "1962-05-01"}, 1962},
		{"first key wins", twin.Attributes{"year": int64(1900), "bouwjaar": int64(2000)}, 1900},
		{"text", twin.Attributes{"year": "old"}, NoDataInt},
		{"too big", twin.Attributes{"year": int64(40000)}, NoDataInt},
		{"negative", twin.Attributes{"floors": int64(-2)}, NoDataInt},
		{"absent", nil, NoDataInt},
		{"nil value", twin.Attributes{"floors": nil}, NoDataInt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys := floorsKeys + "|" + yearKeys
			if got := attrInt16(tc.a, keys); got != tc.want {
				t.Errorf("attrInt16(%v) = %d, want %d", tc.a, got, tc.want)
			}
		})
	}
}

func TestAttrString(t *testing.T) {
	tests := []struct {
		name string
		a    twin.Attributes
		want string
	}{
		{"string", twin.Attributes{"use": "residential"}, "residential"},
		{"case", twin.Attributes{"Function": "office"}, "office"},
		{"number", twin.Attributes{"function": int64(1000)}, "1000"},
		{"float", twin.Attributes{"use": 2.5}, "2.5"},
		{"list", twin.Attributes{"use": []any{"a"}}, ""},
		{"absent", twin.Attributes{"x": "y"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := attrString(tc.a, useKeys); got != tc.want {
				t.Errorf("attrString(%v) = %q, want %q", tc.a, got, tc.want)
			}
		})
	}
}

// TestBuildingAttributes checks the common attributes of demo buildings in
// their rows.
func TestBuildingAttributes(t *testing.T) {
	features := layerFeatures(demoCollector(t), LayerBuildings)[:20]
	c, err := NewMesher(MesherOptions{}).Build(features, frameFor(features), DetailFull)
	if err != nil {
		t.Fatal(err)
	}
	schema := LayerSchema(LayerBuildings)
	for row, id := range c.FeatureIDs {
		b := byID(features)[id].(*twin.Building)
		for name, want := range map[string]any{"use": b.Attributes["use"], "floors": b.Attributes["floors"],
			"year": b.Attributes["year"], "address": b.Attributes["address"]} {
			if got, ok := c.Table.Value(schema, name, row); !ok || got != want {
				t.Errorf("%s: %s = %v (%v), want %v", id, name, got, ok, want)
			}
		}
	}
}
