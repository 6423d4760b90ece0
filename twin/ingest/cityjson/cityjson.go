// Package cityjson reads CityJSON 1.0, 1.1 and 2.0 files, and CityJSONSeq
// streams (.city.jsonl: a CityJSON header line, then one CityJSONFeature per
// line), into twin buildings.
//
// Only city objects of type Building and BuildingPart become features. A
// Building is one twin.Building: the geometry of its BuildingPart
// descendants is folded into its Surfaces and the parts' ids and attributes
// are kept in Attributes["parts"]. A BuildingPart that no Building in the
// file claims becomes a building of its own. Other objects (roads, land
// use, vegetation, ...) are skipped.
//
// Vertices are decoded with the file's "transform"; those the buildings use
// are converted to WGS84 in one call of the CRS transformer, and only then
// assembled into surfaces. BaseM and RoofM are the lowest and highest
// vertex of the chosen geometry; footprint and roofShape document how the
// footprint and the roof shape are derived. Heights stay in the source's
// vertical datum. Surface rings are kept open, as CityJSON writes them; footprint
// rings are closed (orb/GeoJSON).
//
// Levels of detail: Options.LoD "" takes the highest a building has; else
// that level, or for a whole number such as "2" the highest of 2.x, else
// the highest below it (see pickLoD); a building with none is an error.
package cityjson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// Format is the CityJSON input format.
var Format = ingest.Format{Name: "cityjson", Detect: Detect, Read: Read}

// typeCityJSON matches the "type" member of a CityJSON document or feature.
var typeCityJSON = regexp.MustCompile(`"type"\s*:\s*"CityJSON(Feature)?"`)

// Detect reports whether a file is CityJSON: by its extension (.city.json,
// .cityjson, .city.jsonl), else by a JSON object whose first bytes hold
// "type": "CityJSON" (or "CityJSONFeature") or a "CityObjects" member.
func Detect(name string, head []byte) bool {
	lower := strings.ToLower(name)
	for _, ext := range []string{".city.json", ".cityjson", ".city.jsonl"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	head = bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	return typeCityJSON.Match(head) || bytes.Contains(head, []byte(`"CityObjects"`))
}

// Read parses a CityJSON file or CityJSONSeq stream and hands each building
// to w. It returns the CRS used.
func Read(ctx context.Context, src ingest.Source, opts ingest.Options, w twin.FeatureWriter) (string, error) {
	return readWith(ctx, src, opts, w, resolveCRS)
}

// resolver picks the CRS of a file and returns its transformer and a
// function that releases it (tests share one transformer across reads).
type resolver func(file, declared string, opts ingest.Options) (crs string, tr *geo.Transformer, release func(), err error)

func resolveCRS(file, declared string, opts ingest.Options) (string, *geo.Transformer, func(), error) {
	crs, tr, err := ingest.ResolveCRS(file, declared, opts)
	if err != nil {
		return "", nil, nil, err
	}
	return crs, tr, tr.Close, nil
}

func readWith(ctx context.Context, src ingest.Source, opts ingest.Options, w twin.FeatureWriter, resolve resolver) (string, error) {
	if opts.LoD != "" {
		if _, err := parseLoD(opts.LoD); err != nil {
			return "", ingest.Errorf(src.Name, "", "cityjson: --lod: %v", err)
		}
	}
	rc, err := src.Open(src.Name)
	if err != nil {
		return "", &ingest.FeatureError{File: src.Name, Err: fmt.Errorf("cityjson: %w", err)}
	}
	defer rc.Close()
	dec := json.NewDecoder(&countingReader{r: rc, progress: opts.Progress})
	var head document
	if err := dec.Decode(&head); err != nil {
		if errors.Is(err, io.EOF) {
			return "", ingest.Errorf(src.Name, "", "cityjson: file is empty")
		}
		return "", decodeError(src.Name, "", err)
	}
	if err := head.check(src.Name); err != nil {
		return "", err
	}
	crs, tr, release, err := resolve(src.Name, head.referenceSystem(), opts)
	if err != nil {
		return "", err
	}
	defer release()
	r := &reader{file: src.Name, opts: opts, w: w, tr: tr, transform: head.Transform}
	if err := r.chunk(ctx, &head); err != nil {
		return "", err
	}
	return crs, r.features(ctx, dec)
}

// features reads the CityJSONFeature values that follow the header of a
// CityJSONSeq stream; a plain CityJSON file has none.
func (r *reader) features(ctx context.Context, dec *json.Decoder) error {
	for n := 1; ; n++ {
		var f document
		err := dec.Decode(&f)
		if errors.Is(err, io.EOF) {
			return nil
		}
		where := fmt.Sprintf("#%d", n)
		if err != nil {
			return decodeError(r.file, where, err)
		}
		if f.Type != "CityJSONFeature" {
			return ingest.Errorf(r.file, where, "cityjson: value after the CityJSON document has type %q, want CityJSONFeature", f.Type)
		}
		if err := r.chunk(ctx, &f); err != nil {
			return err
		}
	}
}

// decodeError explains a JSON decoding failure, naming the file and, in a
// CityJSONSeq stream, the feature.
func decodeError(file, feature string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		err = fmt.Errorf("cityjson: truncated JSON: %w", err)
	case errors.As(err, &syn):
		err = fmt.Errorf("cityjson: invalid JSON at byte %d: %w", syn.Offset, err)
	case errors.As(err, &typ):
		err = fmt.Errorf("cityjson: %q is a JSON %s, want %s (byte %d): %w", typ.Field, typ.Value, jsonKind(typ.Type), typ.Offset, err)
	default:
		err = fmt.Errorf("cityjson: %w", err)
	}
	return &ingest.FeatureError{File: file, Feature: feature, Err: err}
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "other value"
	}
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "number"
}

// countingReader reports the bytes read so far to progress.
type countingReader struct {
	r        io.Reader
	n        int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && n > 0 {
		c.progress(c.n)
	}
	return n, err
}
