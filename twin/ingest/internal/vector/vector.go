// Package vector turns the records of the simple-feature formats (GeoJSON,
// Shapefile) into twin features, so that both follow the same rules:
//
//   - a source record's id is the mapping's id property, else the format's
//     own id, else "#<1-based position in the file>" (see SourceID);
//   - every polygon of a record becomes one building, every point one node,
//     every line one segment; part n > 0 of a multi-part record gets the id
//     "<id>#<n>";
//   - consecutive line parts that continue one another (a part starts where
//     the previous one ends) are joined into one line first;
//   - an id already used in the file gets the first free "<id>#<n>" and a
//     warning (ingest.Warn), so that split records of one pipe all load;
//   - a record without geometry, and a line whose positions are all equal,
//     is skipped with a warning.
package vector

import (
	"errors"
	"strconv"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// Geometry is a source geometry in its source CRS. At most one of Points,
// Lines and Polygons is set; none means the record has no geometry.
type Geometry struct {
	Points   []geo.Point3
	Lines    [][]geo.Point3
	Polygons [][][]geo.Point3 // per polygon its rings, outer ring first
	// Has3D says that the positions carry measured heights.
	Has3D bool
}

// Empty reports whether g holds no position.
func (g Geometry) Empty() bool {
	return len(g.Points) == 0 && len(g.Lines) == 0 && len(g.Polygons) == 0
}

// Writer writes the features of one source file.
type Writer struct {
	File    string
	Dataset string
	Mapping *ingest.Mapping
	// T converts source positions to WGS84.
	T    *geo.Transformer
	W    twin.FeatureWriter
	used map[string]bool
}

// SourceID picks a record's source id: the mapping's id property, else the
// format's own id, else fallback ("#<n>").
func SourceID(m *ingest.Mapping, p ingest.Props, own, fallback string) string {
	if v, ok := p.String(m.ID); ok {
		return v
	}
	if own != "" {
		return own
	}
	return fallback
}

// PartID names part n of a multi-part record: the record's id for n == 0,
// "<id>#<n>" after.
func PartID(id string, n int) string {
	if n == 0 {
		return id
	}
	return id + "#" + strconv.Itoa(n)
}

// Write converts one source record and hands its features to w.W.
func (w *Writer) Write(id string, props ingest.Props, g Geometry) error {
	rec := ingest.Record{File: w.File, Props: props, Has3D: g.Has3D}
	switch {
	case len(g.Polygons) > 0:
		return w.buildings(id, rec, g.Polygons)
	case len(g.Lines) > 0:
		return w.segments(id, rec, JoinLines(g.Lines))
	case len(g.Points) > 0:
		return w.nodes(id, rec, g.Points)
	}
	w.Warnf(id, "no geometry: skipped")
	return nil
}

// Warnf reports a warning about a feature of the file.
func (w *Writer) Warnf(feature, format string, args ...any) {
	ingest.Warn(w.W, ingest.Errorf(w.File, feature, format, args...))
}

// put makes id unique in the file, builds the feature under that id and
// writes it.
func (w *Writer) put(id string, build func(sourceID string) (twin.Feature, error)) error {
	uid := w.claim(id)
	if uid != id {
		w.Warnf(uid, "source id %q is already used in the file: stored as %q", id, uid)
	}
	f, err := build(uid)
	if err != nil {
		return err
	}
	h := f.Head()
	h.SourceID, h.ID = uid, twin.FeatureID(w.Dataset, uid)
	if err := w.W.Put(f); err != nil {
		var fe *ingest.FeatureError
		if errors.As(err, &fe) {
			return err
		}
		return &ingest.FeatureError{File: w.File, Feature: uid, Err: err}
	}
	return nil
}

// claim returns id, or the first free "<id>#<n>" when id is taken.
func (w *Writer) claim(id string) string {
	if w.used == nil {
		w.used = map[string]bool{}
	}
	uid := id
	for n := 1; w.used[uid]; n++ {
		uid = PartID(id, n)
	}
	w.used[uid] = true
	return uid
}

// JoinLines joins consecutive parts where a part starts exactly where the
// previous one ends. A joined line is a new slice; parts are not modified.
func JoinLines(parts [][]geo.Point3) [][]geo.Point3 {
	var out [][]geo.Point3
	for _, p := range parts {
		if n := len(out); n > 0 && len(p) > 0 && len(out[n-1]) > 0 && out[n-1][len(out[n-1])-1] == p[0] {
			last := out[n-1]
			out[n-1] = append(last[:len(last):len(last)], p[1:]...)
			continue
		}
		out = append(out, p)
	}
	return out
}
