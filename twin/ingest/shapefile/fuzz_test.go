package shapefile

import (
	"context"
	"errors"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// FuzzRead fuzzes all three files of a set, read from memory; an empty .shx
// stands for a missing one.
func FuzzRead(f *testing.F) {
	seeds := [][]shape{
		{pipe("1", line1), pipe("2", [][][2]float64{line1[0], {{430800, 5447400}, {430810, 5447410}}})},
		{{typ: typePolygon, parts: square, attrs: []string{"3"}}},
		{{typ: typePoint, parts: [][][2]float64{{{430727, 5447300}}}}, {typ: typeNull}},
		{{typ: typePolyLine, parts: line1, deleted: true}},
	}
	for _, s := range seeds {
		files := build("a", pipeFields, s)
		f.Add(files["a.shp"], files["a.shx"], files["a.dbf"])
	}
	f.Fuzz(func(t *testing.T, shp, shx, dbf []byte) {
		files := map[string][]byte{"a.shp": shp, "a.dbf": dbf}
		if len(shx) > 0 {
			files["a.shx"] = shx
		}
		c := &collector{}
		_, err := Read(context.Background(), memSource("a.shp", files), ingest.Options{Dataset: "f", CRS: "EPSG:26910"}, c)
		var fe *ingest.FeatureError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %v (%T) is not a FeatureError", err, err)
		}
	})
}
