package geojson

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/internal/vector"
)

// defaultCRS is the CRS of GeoJSON without a crs member (RFC 7946 §4).
const defaultCRS = "EPSG:4326"

// reader is the state of one file's read.
type reader struct {
	ctx  context.Context
	file string
	opts ingest.Options
	out  vector.Writer
	// declared is the CRS the crs member names ("" before one is seen).
	declared string
	crs      string
	t        *geo.Transformer
	// index counts the features met so far.
	index int
}

// topLevel collects the members of a top-level object, which may be a
// FeatureCollection or a single Feature.
type topLevel struct {
	typ         string
	hasFeatures bool
	feature     rawFeature
}

func newReader(ctx context.Context, file string, opts ingest.Options, w twin.FeatureWriter) *reader {
	return &reader{ctx: ctx, file: file, opts: opts, out: vector.Writer{
		File: file, Dataset: opts.Dataset, Mapping: opts.Mapping.OrDefault(), W: w,
	}}
}

// values reads the top-level values: one object, or a sequence of them.
func (r *reader) values(dec *json.Decoder) error {
	for n := 0; ; n++ {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if n == 0 {
				return r.errorf("", "file is empty")
			}
			return nil
		}
		if err != nil {
			return r.syntax("", err)
		}
		if tok != json.Delim('{') {
			return r.errorf("", "top-level value %v is not a GeoJSON object", tok)
		}
		if err := r.object(dec); err != nil {
			return err
		}
	}
}

// object reads the members of a top-level object after its '{'.
func (r *reader) object(dec *json.Decoder) error {
	var top topLevel
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return r.syntax("", err)
		}
		key, _ := tok.(string)
		if err := r.member(dec, key, &top); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return r.syntax("", err)
	}
	return r.endObject(&top)
}

func (r *reader) member(dec *json.Decoder, key string, top *topLevel) error {
	var err error
	switch key {
	case "type":
		err = dec.Decode(&top.typ)
	case "crs":
		var c crsMember
		if err = dec.Decode(&c); err == nil {
			return r.declare(c)
		}
	case "features":
		top.hasFeatures = true
		return r.features(dec)
	case "id":
		err = dec.Decode(&top.feature.ID)
	case "properties":
		err = dec.Decode(&top.feature.Properties)
	case "geometry":
		err = dec.Decode(&top.feature.Geometry)
	default: // bbox and foreign members
		err = dec.Decode(new(json.RawMessage))
	}
	if err != nil {
		return r.syntax("", fmt.Errorf("member %q: %w", key, err))
	}
	return nil
}

// features streams the features array.
func (r *reader) features(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return r.syntax("", err)
	}
	if tok != json.Delim('[') {
		return r.errorf("", "features is %v, want an array", tok)
	}
	for dec.More() {
		var f rawFeature
		if err := dec.Decode(&f); err != nil {
			return r.syntax("#"+strconv.Itoa(r.index+1), err)
		}
		if err := r.feature(f); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return r.syntax("", err)
	}
	return nil
}

// endObject checks a top-level object's type once all its members are read.
func (r *reader) endObject(top *topLevel) error {
	switch top.typ {
	case "FeatureCollection":
		if !top.hasFeatures {
			return r.errorf("", "FeatureCollection has no features member")
		}
		return nil
	case "Feature":
		if top.hasFeatures {
			return r.errorf("", "a Feature has a features member")
		}
		top.feature.Type = top.typ
		return r.feature(top.feature)
	case "":
		if top.hasFeatures { // a FeatureCollection that forgot its type
			return nil
		}
		return r.errorf("", "top-level object has no type")
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		return r.errorf("", "a bare %s geometry is not a Feature: wrap it in a Feature or FeatureCollection", top.typ)
	}
	return r.errorf("", "unknown GeoJSON type %q, want FeatureCollection or Feature", top.typ)
}

// errorf builds an error about the file or one of its features.
func (r *reader) errorf(feature, format string, args ...any) error {
	return ingest.Errorf(r.file, feature, "geojson: "+format, args...)
}

// syntax explains a decoding error.
func (r *reader) syntax(feature string, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return r.errorf(feature, "truncated JSON: the file ends inside a value")
	case errors.As(err, &se):
		return r.errorf(feature, "invalid JSON at byte %d: %v", se.Offset, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return &ingest.FeatureError{File: r.file, Feature: feature, Err: fmt.Errorf("geojson: %w", err)}
}
