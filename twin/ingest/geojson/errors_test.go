package geojson

import (
	"errors"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

func point(coords string) string {
	return `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":` + coords + `}}`
}

func polygon(rings string) string {
	return `{"type":"Feature","id":"b","properties":{},"geometry":{"type":"Polygon","coordinates":` + rings + `}}`
}

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, text string
		opts       ingest.Options
		feature    string // the feature the error must name ("" = the file)
		want       string
	}{
		{"empty file", "", ingest.Options{}, "", "file is empty"},
		{"blank file", " \n\t", ingest.Options{}, "", "file is empty"},
		{"truncated collection", collection(pipeLine)[:60], ingest.Options{}, "#1", "truncated JSON"},
		{"truncated after a feature", collection(pipeLine, pipeLine)[:len(collection(pipeLine))+5], ingest.Options{}, "#2", "truncated JSON"},
		{"invalid json", `{"type":"FeatureCollection","features":[{"type":"Feature",}]}`, ingest.Options{}, "#1", "invalid JSON at byte"},
		{"nan literal", collection(point(`[NaN,1]`)), ingest.Options{}, "#1", "invalid JSON"},
		{"top-level array", `[1,2]`, ingest.Options{}, "", "not a GeoJSON object"},
		{"bare geometry", `{"type":"Point","coordinates":[1,2]}`, ingest.Options{}, "", "bare Point geometry"},
		{"unknown type", `{"type":"Topology"}`, ingest.Options{}, "", `unknown GeoJSON type "Topology"`},
		{"collection without features", `{"type":"FeatureCollection"}`, ingest.Options{}, "", "no features member"},
		{"features not an array", `{"type":"FeatureCollection","features":{}}`, ingest.Options{}, "", "want an array"},
		{"feature of wrong type", collection(`{"type":"Featur","properties":{},"geometry":null}`), ingest.Options{}, "#1", `type is "Featur"`},
		{"geometry collection", collection(`{"type":"Feature","id":"g","geometry":{"type":"GeometryCollection","geometries":[]}}`), ingest.Options{}, "g", "GeometryCollection is not supported"},
		{"unknown geometry type", collection(`{"type":"Feature","geometry":{"type":"Circle","coordinates":[1,2]}}`), ingest.Options{}, "#1", `unknown geometry type "Circle"`},
		{"unclosed ring", collection(polygon(`[[[7.42,43.73],[7.43,43.73],[7.43,43.74],[7.42,43.74]]]`)), ingest.Options{}, "b", "ring 0 is not closed"},
		{"ring of three positions", collection(polygon(`[[[7.42,43.73],[7.43,43.73],[7.42,43.73]]]`)), ingest.Options{}, "b", "ring 0 has 3 positions"},
		{"degenerate ring", collection(polygon(`[[[7.42,43.73],[7.42,43.73],[7.43,43.73],[7.43,43.73],[7.42,43.73]]]`)), ingest.Options{}, "b", "degenerate"},
		{"one-number position", collection(point(`[1]`)), ingest.Options{}, "#1", "has 1 numbers"},
		{"null in coordinates", collection(point(`[null,1]`)), ingest.Options{}, "#1", "contain null"},
		{"string coordinates", collection(point(`["7","43"]`)), ingest.Options{}, "#1", "cannot unmarshal string"},
		{"number out of range", collection(point(`[1e999,43]`)), ingest.Options{}, "#1", "Point"},
		{"absurd longitude", collection(point(`[500,43]`)), ingest.Options{}, "#1", "outside"},
		{"absurd projected", collection(point(`[1e300,1e300]`)), ingest.Options{CRS: "EPSG:26910"}, "#1", ""},
		{"single-position line", collection(`{"type":"Feature","id":"l","geometry":{"type":"LineString","coordinates":[[1,2]]}}`), ingest.Options{}, "l", "at least 2"},
		{"mixed 2d and 3d", collection(`{"type":"Feature","id":"l","geometry":{"type":"LineString","coordinates":[[1,2],[1,3,4]]}}`), ingest.Options{}, "l", "mixes 1 2D and 1 3D"},
		{"id an object", collection(`{"type":"Feature","id":{},"geometry":null}`), ingest.Options{}, "#1", "neither a string nor a number"},
		{"properties not an object", collection(`{"type":"Feature","properties":5,"geometry":null}`), ingest.Options{}, "#1", "cannot unmarshal number"},
		{"unknown crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:999999"}},"features":[` + point(`[1,2]`) + `]}`, ingest.Options{}, "", "unknown CRS"},
		{"linked crs", `{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"x"}},"features":[]}`, ingest.Options{}, "", "only {"},
		{"crs after features", `{"type":"FeatureCollection","features":[` + point(`[1,2]`) + `],"crs":{"type":"name","properties":{"name":"EPSG:3547"}}}`, ingest.Options{}, "", "comes after features"},
		{"mapping kind mismatch", collection(pipeLine), ingest.Options{Mapping: &ingest.Mapping{Kind: "node"}}, "p1", "wants a node, but the geometry is a line"},
		{"bad diameter", collection(strings.Replace(pipeLine, "150", `"wide"`, 1)), ingest.Options{}, "p1", "not a number"},
		{"no dataset", pipeLine, ingest.Options{Dataset: "-"}, "", "no dataset name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opts.Dataset == "-" {
				tc.opts.Dataset = ""
				_, err := Read(t.Context(), memSource("in.geojson", []byte(tc.text)), tc.opts, &collector{})
				checkErr(t, err, tc.feature, tc.want)
				return
			}
			_, _, err := readMem(t, tc.text, tc.opts)
			checkErr(t, err, tc.feature, tc.want)
		})
	}
}

// checkErr checks that err is a FeatureError naming the file and feature.
func checkErr(t *testing.T, err error, feature, want string) {
	t.Helper()
	var fe *ingest.FeatureError
	if !errors.As(err, &fe) {
		t.Fatalf("err %v (%T), want an *ingest.FeatureError", err, err)
	}
	if fe.File != "in.geojson" || fe.Feature != feature {
		t.Errorf("error names file %q feature %q, want in.geojson and %q: %v", fe.File, fe.Feature, feature, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("err %q does not contain %q", err, want)
	}
}
