// Package ingest reads city data files into twin features. Each input format
// lives in a subpackage (cityjson, geojson, osm, shapefile) that registers a
// Format here; Files drives a whole multi-file load into a twin.Store in one
// transaction.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// ErrUnknownFormat is returned when no format recognises a file.
var ErrUnknownFormat = errors.New("ingest: unknown file format")

// Options steer one ingest run.
type Options struct {
	// Dataset is the name features are loaded under; ids become "<Dataset>:<source id>".
	Dataset string
	// CRS overrides the CRS the file declares (or supplies one it lacks),
	// e.g. "EPSG:7415".
	CRS string
	// Mapping tells how source attributes map to feature fields.
	Mapping *Mapping
	// LoD picks the CityJSON level of detail ("" picks the highest).
	LoD string
	// Progress, if set, is called with the bytes read so far.
	Progress func(bytesRead int64)
}

// Source is one input file opened for a format.
type Source struct {
	// Name is the file's path as the user gave it; errors name it.
	Name string
	// Open opens the file (or a sibling with another extension, such as
	// the .dbf beside a .shp) for reading.
	Open func(name string) (io.ReadCloser, error)
	// Size is the file's size in bytes (0 if unknown).
	Size int64
}

// Format is an input format.
type Format struct {
	// Name is a short name ("cityjson", "geojson", "osm", "shapefile").
	Name string
	// Detect reports whether the file looks like this format from its name
	// and its first bytes.
	Detect func(name string, head []byte) bool
	// Read parses src and hands each feature to w. It returns the CRS it
	// used (e.g. "EPSG:7415"). Errors name the file and the feature
	// (see FeatureError).
	Read func(ctx context.Context, src Source, opts Options, w twin.FeatureWriter) (crs string, err error)
}

// FeatureError is an error about one feature of one file.
type FeatureError struct {
	File    string
	Feature string // the source id, or "#N" for the Nth feature when it has none
	Err     error
}

func (e *FeatureError) Error() string {
	if e.Feature == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: feature %s: %v", e.File, e.Feature, e.Err)
}

func (e *FeatureError) Unwrap() error { return e.Err }

// Errorf builds a FeatureError.
func Errorf(file, feature string, format string, args ...any) error {
	return &FeatureError{File: file, Feature: feature, Err: fmt.Errorf(format, args...)}
}

// ResolveCRS picks the CRS of a file: the --crs override if given, else the
// one the file declares. It fails, naming the file, when neither is known or
// PROJ does not know it.
func ResolveCRS(file, declared string, opts Options) (string, *geo.Transformer, error) {
	crs := declared
	if opts.CRS != "" {
		crs = opts.CRS
	}
	if crs == "" {
		return "", nil, &FeatureError{File: file, Err: errors.New("no CRS declared in the file; give one with --crs EPSG:N")}
	}
	t, err := geo.NewTransformer(crs)
	if err != nil {
		return "", nil, &FeatureError{File: file, Err: err}
	}
	return t.CRS(), t, nil
}
