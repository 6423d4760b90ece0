package cityjson

import (
	"context"
	"errors"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// FuzzRead feeds arbitrary bytes to Read: it must not panic, a failure must
// be a FeatureError naming the file, and what it accepts must be valid.
func FuzzRead(f *testing.F) {
	valid := doc(f, nil)
	seeds := [][]byte{
		valid,
		doc(f, withParts),
		doc(f, gabledHouse),
		doc(f, func(d map[string]any) { d["version"] = "1.0"; delete(d, "transform"); geom(d, "b1")["lod"] = 2 }),
		doc(f, func(d map[string]any) { object(d, "b1")["type"] = "BuildingPart" }),
		seq(f, newDoc(), []string{"b1"}, []string{"r1"}),
		valid[:len(valid)/2],
		[]byte(`{"type":"CityJSON","version":"2.0","CityObjects":{"a":{"type":"Building","geometry":[{"type":"MultiSurface","lod":"1","boundaries":[[[0,1,2]]]}]}},"vertices":[[0,0,0],[1,0,0],[0,1,1]]}`),
		[]byte(`{"type":"CityJSON","version":"1.1","CityObjects":{"a":{"type":"Building","geometry":[{"type":"Solid","lod":"1","boundaries":[[[[0,1,7]]]]}]}},"vertices":[[0,0,0]]}`),
		[]byte(`{"type":"CityJSON","version":"2.0","CityObjects":{"a":null},"vertices":[]}`),
		[]byte(`{"type":"CityJSONFeature","id":"a","CityObjects":{},"vertices":[]}`),
		[]byte(`{"type":"FeatureCollection","features":[]}`),
		[]byte(""),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	// One transformer for all runs: creating one costs PROJ ~15 ms, which
	// would make the fuzzer (and its minimiser) crawl.
	tr, err := geo.NewTransformer("EPSG:7415")
	if err != nil {
		f.Fatal(err)
	}
	defer tr.Close()
	shared := func(string, string, ingest.Options) (string, *geo.Transformer, func(), error) {
		return tr.CRS(), tr, func() {}, nil
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "fuzz.city.json"
		var c ingest.Collector
		opts := ingest.Options{Dataset: "f"}
		_, err := readWith(context.Background(), memSource(file, data), opts, &c, shared)
		if err != nil {
			var fe *ingest.FeatureError
			if !errors.As(err, &fe) || fe.File != file {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, b := range c.Buildings {
			if err := twin.Validate(b); err != nil {
				t.Fatalf("accepted an invalid building: %v", err)
			}
		}
	})
}
