package cityjson

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Synthetic documents for the tests: 10 m × 10 m × 6 m boxes in Delft
// (EPSG:7415), vertices in millimetres with a transform.

// box returns the 8 vertices (mm) of a box with its south-west corner at
// x, y mm.
func box(x, y int) []any {
	var v []any
	for _, z := range []int{0, 6000} {
		v = append(v, []any{x, y, z}, []any{x + 10000, y, z}, []any{x + 10000, y + 10000, z}, []any{x, y + 10000, z})
	}
	return v
}

// shell returns the faces of the box whose vertices start at b: ground,
// roof, then four walls, outward-oriented.
func shell(b int) []any {
	face := func(idx ...int) []any {
		ring := make([]any, len(idx))
		for i, k := range idx {
			ring[i] = b + k
		}
		return []any{ring}
	}
	return []any{face(0, 3, 2, 1), face(4, 5, 6, 7), face(0, 1, 5, 4), face(1, 2, 6, 5), face(2, 3, 7, 6), face(3, 0, 4, 7)}
}

func boxSemantics() map[string]any {
	return map[string]any{
		"surfaces": []any{map[string]any{"type": "GroundSurface"}, map[string]any{"type": "RoofSurface"}, map[string]any{"type": "WallSurface"}},
		"values":   []any{[]any{0, 1, 2, 2, 2, 2}},
	}
}

func solidGeometry(b int, lod any) map[string]any {
	return map[string]any{"type": "Solid", "lod": lod, "boundaries": []any{shell(b)}, "semantics": boxSemantics()}
}

// newDoc returns a CityJSON 2.0 document with building "b1" (a box on
// vertices 0–7) and road "r1".
func newDoc() map[string]any {
	return map[string]any{
		"type":    "CityJSON",
		"version": "2.0",
		"transform": map[string]any{
			"scale": []any{0.001, 0.001, 0.001}, "translate": []any{85000.0, 447500.0, 0.0},
		},
		"metadata": map[string]any{"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/7415"},
		"CityObjects": map[string]any{
			"b1": map[string]any{
				"type":       "Building",
				"attributes": map[string]any{"name": "box", "storeys": 2},
				"geometry":   []any{solidGeometry(0, "2")},
			},
			"r1": map[string]any{
				"type":     "Road",
				"geometry": []any{map[string]any{"type": "MultiSurface", "lod": "1", "boundaries": []any{[]any{[]any{8, 9, 10}}}}},
			},
		},
		"vertices": append(box(0, 0), box(20000, 0)...),
	}
}

func objects(d map[string]any) map[string]any { return d["CityObjects"].(map[string]any) }

func object(d map[string]any, id string) map[string]any { return objects(d)[id].(map[string]any) }

func geom(d map[string]any, id string) map[string]any {
	return object(d, id)["geometry"].([]any)[0].(map[string]any)
}

func encode(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seq encodes a CityJSONSeq stream: the header of d, then one feature per
// list of object ids (the first is the feature's id), each with all of d's
// vertices.
func seq(t testing.TB, d map[string]any, features ...[]string) []byte {
	t.Helper()
	head := map[string]any{"type": "CityJSON", "version": d["version"], "transform": d["transform"],
		"metadata": d["metadata"], "CityObjects": map[string]any{}, "vertices": []any{}}
	lines := [][]byte{encode(t, head)}
	for _, ids := range features {
		objs := map[string]any{}
		for _, id := range ids {
			objs[id] = objects(d)[id]
		}
		f := map[string]any{"type": "CityJSONFeature", "id": ids[0], "CityObjects": objs, "vertices": d["vertices"]}
		lines = append(lines, encode(t, f))
	}
	return append(bytes.Join(lines, []byte("\n")), '\n')
}

// doc builds a document from newDoc changed by edit.
func doc(t testing.TB, edit func(d map[string]any)) []byte {
	d := newDoc()
	if edit != nil {
		edit(d)
	}
	return encode(t, d)
}
