// Package geojson reads GeoJSON (RFC 7946) into twin features: a
// FeatureCollection, a single Feature, GeoJSON text sequences (RFC 8142,
// records separated by RS 0x1E) and newline-delimited GeoJSON (one Feature
// per line). A file may hold several such values one after another.
//
// The file is streamed: features are decoded one by one from a json.Decoder,
// so a large FeatureCollection is never held whole.
//
// CRS: EPSG:4326 (RFC 7946), unless the file has the legacy "crs" member
// ({"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3547"}}) or
// Options.CRS overrides it. The crs member must come before the features
// (where every exporter puts it); one CRS holds for the whole file.
//
// Geometries: Polygon and MultiPolygon become buildings (one per polygon;
// part n > 0 gets the id "<id>#<n>"), LineString and MultiLineString utility
// segments (parts that continue one another are joined first, the others
// get "<id>#<n>"), Point and MultiPoint utility nodes, all through
// Options.Mapping (or the default mapping). A feature with a null geometry
// or empty coordinates, and a line of zero length, is skipped with a
// warning (ingest.Warn); a source id used twice is stored as "<id>#<n>" with
// a warning. The rules are shared with the shapefile reader. Bare
// geometries, GeometryCollections, broken rings, positions with fewer than
// two numbers, a mix of 2D and 3D positions, null or non-numeric
// coordinates, truncated or invalid JSON and empty files are errors that
// name the file and the feature ("#<n>" before its id is known).
package geojson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// Format is the GeoJSON input format.
var Format = ingest.Format{Name: "geojson", Detect: Detect, Read: Read}

var featureType = regexp.MustCompile(`"type"\s*:\s*"Feature(Collection)?"`)

// Detect reports whether a file is GeoJSON: by its extension (.geojson,
// .geojsons, .geojsonl, .geojsonseq), or by a head that starts a JSON object
// (or an RFC 8142 record) with "type": "Feature" or "FeatureCollection"
// (.json, .ndjson, .jsonl, ...). CityJSON files (.city.json) are not GeoJSON.
func Detect(name string, head []byte) bool {
	lower := strings.ToLower(name)
	switch filepath.Ext(lower) {
	case ".geojson", ".geojsons", ".geojsonl", ".geojsonseq":
		return true
	}
	if strings.HasSuffix(lower, ".city.json") || strings.HasSuffix(lower, ".city.jsonl") {
		return false
	}
	head = bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n\x1e")
	return len(head) > 0 && head[0] == '{' && featureType.Match(head)
}

// Read streams src into w and returns the CRS it used.
func Read(ctx context.Context, src ingest.Source, opts ingest.Options, w twin.FeatureWriter) (string, error) {
	if opts.Dataset == "" {
		return "", &ingest.FeatureError{File: src.Name, Err: errors.New("geojson: no dataset name")}
	}
	rc, err := src.Open(src.Name)
	if err != nil {
		return "", &ingest.FeatureError{File: src.Name, Err: fmt.Errorf("geojson: %w", err)}
	}
	defer rc.Close()
	in := newInput(rc, opts.Progress)
	r := newReader(ctx, src.Name, opts, w)
	defer r.close()
	if err := r.values(json.NewDecoder(in)); err != nil {
		return "", err
	}
	in.finish()
	return r.finish()
}
