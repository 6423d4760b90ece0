package cityjson

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// edit returns document bytes: newDoc changed by f.
func edit(f func(d map[string]any)) func(t *testing.T) []byte {
	return func(t *testing.T) []byte { return doc(t, f) }
}

func raw(s string) func(t *testing.T) []byte { return func(*testing.T) []byte { return []byte(s) } }

func setBoundaries(b any) func(d map[string]any) {
	return func(d map[string]any) { geom(d, "b1")["boundaries"] = b }
}

// TestMalformed checks that bad input fails with an error naming the file
// and, where one is at fault, the object.
func TestMalformed(t *testing.T) {
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		opts ingest.Options
		want []string // substrings of the error besides the file name
	}{
		{"empty file", raw(""), ingest.Options{}, []string{"empty"}},
		{"only whitespace", raw(" \n\t"), ingest.Options{}, []string{"empty"}},
		{"truncated", func(t *testing.T) []byte { d := doc(t, nil); return d[:len(d)/2] }, ingest.Options{}, []string{"truncated"}},
		{"syntax error", raw(`{"type": "CityJSON",}`), ingest.Options{}, []string{"invalid JSON"}},
		{"geojson", raw(`{"type":"FeatureCollection","features":[]}`), ingest.Options{}, []string{"not a CityJSON", "FeatureCollection"}},
		{"no type", edit(func(d map[string]any) { delete(d, "type") }), ingest.Options{}, []string{"not a CityJSON"}},
		{"old version", edit(func(d map[string]any) { d["version"] = "0.9" }), ingest.Options{}, []string{"unsupported version", "0.9"}},
		{"no version", edit(func(d map[string]any) { delete(d, "version") }), ingest.Options{}, []string{"unsupported version"}},
		{"city objects not an object", edit(func(d map[string]any) { d["CityObjects"] = []any{} }), ingest.Options{}, []string{"CityObjects", "array, want object"}},
		{"bad transform", edit(func(d map[string]any) { d["transform"].(map[string]any)["scale"] = []any{1, 1} }), ingest.Options{}, []string{"transform"}},
		{"no crs", edit(func(d map[string]any) { delete(d, "metadata") }), ingest.Options{}, []string{"--crs"}},
		{"unknown crs", edit(nil), ingest.Options{CRS: "EPSG:999999"}, []string{"999999"}},
		{"bad lod option", edit(nil), ingest.Options{LoD: "high"}, []string{"--lod"}},
		{"index out of range", edit(setBoundaries([]any{[]any{[]any{[]any{0, 1, 99}}}})), ingest.Options{}, []string{"b1", "out of range"}},
		{"negative index", edit(setBoundaries([]any{[]any{[]any{[]any{0, -1, 2}}}})), ingest.Options{}, []string{"b1", "out of range"}},
		{"fractional index", edit(setBoundaries([]any{[]any{[]any{[]any{0, 1.5, 2}}}})), ingest.Options{}, []string{"b1", "boundaries"}},
		{"two-point ring", edit(setBoundaries([]any{[]any{[]any{[]any{0, 1}}}})), ingest.Options{}, []string{"b1", "at least 3"}},
		{"surface without rings", edit(setBoundaries([]any{[]any{[]any{}}})), ingest.Options{}, []string{"b1", "no rings"}},
		{"wrong nesting", edit(setBoundaries([]any{[]any{0, 1, 2}})), ingest.Options{}, []string{"b1", "boundaries"}},
		{"absurd coordinate", edit(func(d map[string]any) { d["vertices"].([]any)[0] = []any{1e300, 0, 0} }), ingest.Options{}, []string{"b1", "vertex 0", "absurd"}},
		{"two coordinates", edit(func(d map[string]any) { d["vertices"].([]any)[1] = []any{0, 0} }), ingest.Options{}, []string{"b1", "vertex 1", "2 coordinates"}},
		{"outside the crs", edit(func(d map[string]any) { d["vertices"].([]any)[0] = []any{-1e11, 0, 0} }), ingest.Options{}, []string{"b1", "vertex 0"}},
		{"height out of range", edit(func(d map[string]any) { d["vertices"].([]any)[4] = []any{0, 0, 20_000_000} }), ingest.Options{}, []string{"b1", "height"}},
		{"multipoint", edit(func(d map[string]any) { geom(d, "b1")["type"] = "MultiPoint" }), ingest.Options{}, []string{"b1", "MultiPoint", "not supported"}},
		{"geometry instance", edit(func(d map[string]any) { geom(d, "b1")["type"] = "GeometryInstance" }), ingest.Options{}, []string{"b1", "GeometryInstance"}},
		{"null geometry", edit(func(d map[string]any) { object(d, "b1")["geometry"] = []any{nil} }), ingest.Options{}, []string{"b1", "null"}},
		{"lod not a number", edit(func(d map[string]any) { geom(d, "b1")["lod"] = "high" }), ingest.Options{}, []string{"b1", "not a number"}},
		{"lod missing", edit(func(d map[string]any) { delete(geom(d, "b1"), "lod") }), ingest.Options{}, []string{"b1", "no level of detail"}},
		{"lod not available", edit(nil), ingest.Options{LoD: "1"}, []string{"b1", "LoD 1"}},
		{"semantic value out of range", edit(func(d map[string]any) {
			geom(d, "b1")["semantics"].(map[string]any)["values"] = []any{[]any{0, 1, 2, 2, 2, 7}}
		}), ingest.Options{}, []string{"b1", "semantic value 7"}},
		{"semantic surface without type", edit(func(d map[string]any) {
			geom(d, "b1")["semantics"].(map[string]any)["surfaces"] = []any{map[string]any{}}
		}), ingest.Options{}, []string{"b1", "no type"}},
		{"attributes not an object", edit(func(d map[string]any) { object(d, "b1")["attributes"] = "x" }), ingest.Options{}, []string{"b1", "attributes are not a JSON object"}},
		{"null object", edit(func(d map[string]any) { objects(d)["b1"] = nil }), ingest.Options{}, []string{"b1", "null"}},
		{"no geometry", edit(func(d map[string]any) { delete(object(d, "b1"), "geometry") }), ingest.Options{}, []string{"b1", "no geometry"}},
		{"no dataset", edit(nil), ingest.Options{Dataset: "-"}, []string{"b1", "missing id"}},
		{"feature first", func(t *testing.T) []byte {
			s := seq(t, newDoc(), []string{"b1"})
			return s[bytes.IndexByte(s, '\n')+1:]
		}, ingest.Options{}, []string{"header"}},
		{"seq garbage", func(t *testing.T) []byte {
			return append(seq(t, newDoc()), []byte("{\"type\": \"CityJSONFeature\", \"CityObjects\": [\n")...)
		}, ingest.Options{}, []string{"#1"}},
		{"seq wrong type", func(t *testing.T) []byte { return append(seq(t, newDoc()), []byte(`{"type":"CityJSON"}`)...) }, ingest.Options{}, []string{"#1", "want CityJSONFeature"}},
		{"seq duplicate", func(t *testing.T) []byte { return seq(t, newDoc(), []string{"b1"}, []string{"b1"}) }, ingest.Options{}, []string{"b1", "duplicate"}},
		{"document then garbage", func(t *testing.T) []byte { return append(doc(t, nil), "}"...) }, ingest.Options{}, []string{"#1", "invalid JSON"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const file = "bad-input.city.json"
			opts := tc.opts
			switch opts.Dataset {
			case "":
				opts.Dataset = "t"
			case "-":
				opts.Dataset = ""
			}
			_, _, err := read(memSource(file, tc.data(t)), opts)
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			var fe *ingest.FeatureError
			if !errors.As(err, &fe) || fe.File != file {
				t.Errorf("error %T does not name the file: %v", err, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
