package geojson

import (
	"context"
	"errors"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

func FuzzRead(f *testing.F) {
	seeds := []string{
		collection(pipeLine),
		pipeLine + "\n" + pipeLine,
		"\x1e" + pipeLine + "\n",
		collection(polygon(`[[[7.42,43.73],[7.43,43.73],[7.43,43.74],[7.42,43.74],[7.42,43.73]]]`)),
		`{"type":"Feature","id":1,"properties":{"height":"12"},"geometry":{"type":"MultiPolygon","coordinates":[` + square + `]}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[1,2,3],[2,3,4]],[[2,3,4],[5,6,7]]]}}`,
		`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3547"}},"features":[` + point(`[4971350,3905604]`) + `]}`,
		`{"type":"Point","coordinates":[1,2]}`,
		collection(point(`[1]`)),
		"",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &collector{}
		_, err := Read(context.Background(), memSource("in.geojson", data), ingest.Options{Dataset: "f"}, c)
		var fe *ingest.FeatureError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %v (%T) is not a FeatureError", err, err)
		}
	})
}
