package geojson

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

const (
	square   = `[[[7.42,43.73],[7.43,43.73],[7.43,43.74],[7.42,43.74],[7.42,43.73]]]`
	pipeLine = `{"type":"Feature","id":"p1","properties":{"diameter":150},"geometry":{"type":"LineString","coordinates":[[7.42,43.73],[7.43,43.74]]}}`
)

func TestReadForms(t *testing.T) {
	tests := []struct {
		name, text string
		opts       ingest.Options
		crs        string
		ids        []string // every feature's source id, buildings, segments, nodes
		warnings   int
	}{
		{"feature collection", `{"type":"FeatureCollection","features":[` + pipeLine + `]}`, ingest.Options{}, "EPSG:4326", []string{"p1"}, 0},
		{"type after features", `{"features":[` + pipeLine + `],"type":"FeatureCollection"}`, ingest.Options{}, "EPSG:4326", []string{"p1"}, 0},
		{"single feature", pipeLine, ingest.Options{}, "EPSG:4326", []string{"p1"}, 0},
		{"feature with members in any order", `{"geometry":{"type":"Point","coordinates":[7.4,43.7]},"properties":null,"type":"Feature","id":7}`, ingest.Options{}, "EPSG:4326", []string{"7"}, 0},
		{"rfc 8142 sequence", "\x1e" + pipeLine + "\n\x1e" + strings.Replace(pipeLine, "p1", "p2", 1) + "\n", ingest.Options{}, "EPSG:4326", []string{"p1", "p2"}, 0},
		{"newline delimited", pipeLine + "\n" + strings.Replace(pipeLine, `"id":"p1",`, "", 1) + "\n", ingest.Options{}, "EPSG:4326", []string{"p1", "#2"}, 0},
		{"byte order mark", "\xef\xbb\xbf" + pipeLine, ingest.Options{}, "EPSG:4326", []string{"p1"}, 0},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, ingest.Options{}, "EPSG:4326", nil, 0},
		{"crs member", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3547"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[4971350,3905604]}}]}`, ingest.Options{}, "EPSG:3547", []string{"#1"}, 0},
		{"crs override", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[430727,5447300]}}`, ingest.Options{CRS: "EPSG:26910"}, "EPSG:26910", []string{"#1"}, 0},
		{"multipolygon one building per part", `{"type":"Feature","id":"b","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[` + square + `,` + square + `]}}`, ingest.Options{}, "EPSG:4326", []string{"b", "b#1"}, 0},
		{"multilinestring joins continuing parts", `{"type":"Feature","id":"l","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[7.1,43.1],[7.2,43.2]],[[7.2,43.2],[7.3,43.3]],[[7.5,43.5],[7.6,43.6]]]}}`, ingest.Options{}, "EPSG:4326", []string{"l", "l#1"}, 0},
		{"multipoint", `{"type":"Feature","id":"v","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[7.1,43.1],[7.2,43.2]]}}`, ingest.Options{}, "EPSG:4326", []string{"v", "v#1"}, 0},
		{"mapping id property wins", `{"type":"Feature","id":"f","properties":{"PIPEID":12},"geometry":{"type":"Point","coordinates":[7.1,43.1]}}`, ingest.Options{Mapping: &ingest.Mapping{ID: "PIPEID"}}, "EPSG:4326", []string{"12"}, 0},
		{"duplicate id renamed with a warning", pipeLine + pipeLine, ingest.Options{}, "EPSG:4326", []string{"p1", "p1#1"}, 1},
		{"null geometry skipped with a warning", `{"type":"Feature","properties":{},"geometry":null}` + pipeLine, ingest.Options{}, "EPSG:4326", []string{"p1"}, 1},
		{"empty coordinates skipped with a warning", `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[]}}`, ingest.Options{}, "EPSG:4326", nil, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, crs, err := readMem(t, tc.text, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if crs != tc.crs {
				t.Errorf("crs %q, want %q", crs, tc.crs)
			}
			if got := sourceIDs(c); strings.Join(got, ",") != strings.Join(tc.ids, ",") {
				t.Errorf("ids %q, want %q", got, tc.ids)
			}
			if len(c.warnings) != tc.warnings {
				t.Errorf("warnings %v, want %d", c.warnings, tc.warnings)
			}
		})
	}
}

func sourceIDs(c *collector) []string {
	var ids []string
	for _, b := range c.Buildings {
		ids = append(ids, b.SourceID)
	}
	for _, s := range c.Segments {
		ids = append(ids, s.SourceID)
	}
	for _, n := range c.Nodes {
		ids = append(ids, n.SourceID)
	}
	return ids
}

func TestReadGeometry(t *testing.T) {
	t.Run("3d line keeps measured heights", func(t *testing.T) {
		c, _, err := readMem(t, `{"type":"Feature","id":"a","properties":{},"geometry":{"type":"LineString","coordinates":[[7.1,43.1,12.5],[7.2,43.2,11.5]]}}`, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s := c.Segments[0]
		if s.Vertical != twin.VerticalElevation || s.Centreline[0][2] != 12.5 || s.Centreline[1][2] != 11.5 {
			t.Errorf("vertical %v centreline %v", s.Vertical, s.Centreline)
		}
	})
	t.Run("3d polygon stands on its lowest outer point", func(t *testing.T) {
		c, _, err := readMem(t, `{"type":"Feature","id":"a","properties":{"height":"20"},"geometry":{"type":"Polygon","coordinates":[[[7.42,43.73,5],[7.43,43.73,4],[7.43,43.74,6],[7.42,43.74,5],[7.42,43.73,5]]]}}`, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if b := c.Buildings[0]; b.BaseM != 4 || b.RoofM != 24 {
			t.Errorf("base %v roof %v, want 4 and 24", b.BaseM, b.RoofM)
		}
	})
	t.Run("projected crs is transformed", func(t *testing.T) {
		c, _, err := readMem(t, `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[430727.37,5447300.69]}}`, ingest.Options{CRS: "EPSG:26910"})
		if err != nil {
			t.Fatal(err)
		}
		if p := c.Nodes[0].Position; !near(p[0], -123.95, 0.05) || !near(p[1], 49.17, 0.05) {
			t.Errorf("position %v, want Nanaimo", p)
		}
	})
}

func TestReadProgressAndCancel(t *testing.T) {
	text := `{"type":"FeatureCollection","features":[` + pipeLine + `]}`
	t.Run("progress ends at the file size", func(t *testing.T) {
		var last int64
		if _, _, err := readMem(t, text, ingest.Options{Progress: func(n int64) { last = n }}); err != nil {
			t.Fatal(err)
		}
		if last != int64(len(text)) {
			t.Errorf("last progress %d, want %d", last, len(text))
		}
	})
	t.Run("cancelled context stops the read", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Read(ctx, memSource("in.geojson", []byte(text)), ingest.Options{Dataset: "t"}, &collector{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err %v, want context.Canceled", err)
		}
	})
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, head string
		want             bool
	}{
		{"geojson extension", "a.GeoJSON", "", true},
		{"text sequence extension", "a.geojsons", "", true},
		{"newline extension", "a.geojsonl", "", true},
		{"json with a collection", "a.json", `{"type": "FeatureCollection", "features": []}`, true},
		{"json with a feature after bbox", "a.json", `{"bbox":[1,2,3,4],"type":"Feature"}`, true},
		{"ndjson feature", "a.ndjson", `{"type":"Feature","properties":{}}` + "\n", true},
		{"record separator first", "a.txt", "\x1e{\"type\":\"Feature\"}", true},
		{"cityjson", "a.json", `{"type":"CityJSON","version":"2.0"}`, false},
		{"cityjson feature", "a.jsonl", `{"type":"CityJSONFeature","id":"x"}`, false},
		{"city.json named", "a.city.json", `{"type":"Feature"}`, false},
		{"plain json", "a.json", `{"a":1}`, false},
		{"shapefile", "a.shp", "\x00\x00\x27\x0a", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.file, []byte(tc.head)); got != tc.want {
				t.Errorf("Detect = %v, want %v", got, tc.want)
			}
		})
	}
}
