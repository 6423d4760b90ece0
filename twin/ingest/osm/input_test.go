package osm

import (
	"context"
	"errors"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestDetect(t *testing.T) {
	n, w, r := sceneData()
	pbf, xml := pbfFile(true, n, w, r), xmlFile(n, w, r)
	tests := []struct {
		name string
		file string
		head []byte
		want bool
	}{
		{"pbf by name", "city.osm.pbf", nil, true},
		{"xml by name", "city.OSM", nil, true},
		{"bzip2 by name", "city.osm.bz2", []byte("BZh9"), true},
		{"gzip by name", "city.osm.gz", nil, true},
		{"pbf by content", "download", pbf[:64], true},
		{"xml by content", "export.xml", xml[:120], true},
		{"gzip xml by content", "export.gz", gzipBytes(xml)[:200], true},
		{"vector tile .pbf", "12.pbf", []byte{0x1a, 0x05, 'w', 'a', 't', 'e', 'r'}, false},
		{"other xml", "doc.xml", []byte(`<?xml version="1.0"?><CityModel/>`), false},
		{"geojson", "b.geojson", []byte(`{"type":"FeatureCollection"}`), false},
		{"empty", "x", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format.Detect(tt.file, tt.head); got != tt.want {
				t.Errorf("Detect(%q) = %v, want %v", tt.file, got, tt.want)
			}
		})
	}
}

func TestCRSOption(t *testing.T) {
	data := sceneFiles()["scene.osm"]
	tests := []struct {
		crs string
		ok  bool
	}{
		{"", true},
		{"EPSG:4326", true},
		{"epsg:4326", true},
		{"urn:ogc:def:crs:EPSG::4326", true},
		{"OGC:CRS84", true},
		{"EPSG:3857", false},
		{"EPSG:7415", false},
	}
	for _, tt := range tests {
		t.Run(tt.crs, func(t *testing.T) {
			c := &ingest.Collector{}
			crs, err := Format.Read(context.Background(), memSource("scene.osm", data), ingest.Options{Dataset: "d", CRS: tt.crs}, c)
			if tt.ok {
				if err != nil || crs != geo.WGS84CRS || c.Len() != len(sceneWant.ids) {
					t.Errorf("crs %q, err %v, %d features", crs, err, c.Len())
				}
				return
			}
			checkFileError(t, err, "scene.osm", "EPSG:4326")
		})
	}
}

func TestProgress(t *testing.T) {
	path := dataFile(t, "osm/monaco-2021-04-19.osm.pbf")
	src := fileSource(t, path)
	var calls []int64
	opts := ingest.Options{Dataset: "d", Progress: func(n int64) { calls = append(calls, n) }}
	if _, err := readFile(context.Background(), src, opts, &ingest.Collector{}, quiet); err != nil {
		t.Fatal(err)
	}
	if len(calls) < 2 {
		t.Fatalf("progress called %d times, want several", len(calls))
	}
	for i := 1; i < len(calls); i++ {
		if calls[i] < calls[i-1] {
			t.Errorf("progress went back: %v", calls)
		}
	}
	if last := calls[len(calls)-1]; last != src.Size {
		t.Errorf("last progress %d, want the file size %d", last, src.Size)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, data := range sceneFiles() {
		t.Run(name, func(t *testing.T) {
			_, err := readFile(ctx, memSource(name, data), ingest.Options{Dataset: "d"}, &ingest.Collector{}, quiet)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err %v, want context.Canceled", err)
			}
			checkFileError(t, err, name, "canceled")
		})
	}
}

func TestNoDataset(t *testing.T) {
	_, err := readFile(context.Background(), memSource("a.osm", sceneFiles()["scene.osm"]), ingest.Options{}, &ingest.Collector{}, quiet)
	checkFileError(t, err, "a.osm", "no dataset")
}
