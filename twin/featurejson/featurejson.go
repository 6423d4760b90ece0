// Package featurejson encodes twin features as GeoJSON (RFC 7946) Feature
// objects with 3D positions [lon°, lat°, h m], heights in the source's
// vertical datum as the store keeps them.
//
// The geometry is:
//
//   - building: its LoD surfaces as a MultiPolygon (one polygon per
//     surface, rings closed) when it has surfaces, else its footprint as a
//     Polygon at its base height (BaseM);
//   - utility segment: its centreline as a LineString;
//   - utility node: its position as a Point;
//   - any other kind: null.
//
// The properties hold kind, layer, dataset and source_id, every typed field
// of the feature (a field that is unset, such as an unknown diameter, is
// present as null, so that features of one kind share their keys) and
// every source attribute. A source attribute whose name is taken by a typed
// field is kept as "source:<name>". Values are plain JSON types (string,
// float64, int, bool, nil, []any, map[string]any), so that callers can
// compare them without knowing the twin types.
//
// orb/geojson is 2D; these hand-written structs are what encoding/json
// needs for 3D positions.
package featurejson

import (
	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Object is a GeoJSON Feature object.
type Object struct {
	Type string `json:"type"` // always "Feature"
	ID   string `json:"id"`
	// BBox is [minlon, minlat, minh, maxlon, maxlat, maxh]; absent for a
	// feature without bounds.
	BBox       []float64      `json:"bbox,omitempty"`
	Geometry   *Geometry      `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// Geometry is a GeoJSON geometry with 3D positions. Coordinates is a
// geo.Point3 (Point), []geo.Point3 (LineString), [][]geo.Point3 (Polygon)
// or [][][]geo.Point3 (MultiPolygon).
type Geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// Collection is a GeoJSON FeatureCollection.
type Collection struct {
	Type     string   `json:"type"` // always "FeatureCollection"
	Features []Object `json:"features"`
}

// NewCollection returns a FeatureCollection of objs (an empty list, not
// null, when objs is empty).
func NewCollection(objs []Object) Collection {
	if objs == nil {
		objs = []Object{}
	}
	return Collection{Type: "FeatureCollection", Features: objs}
}

// Feature encodes f as a GeoJSON Feature: id, bbox, geometry and
// properties as the package documentation says.
func Feature(f twin.Feature) Object {
	return Object{
		Type:       "Feature",
		ID:         f.Head().ID,
		BBox:       bbox(f.Bounds()),
		Geometry:   GeometryOf(f),
		Properties: Properties(f),
	}
}

// GeometryOf returns the GeoJSON geometry of f, or nil (JSON null) for a
// kind without one.
func GeometryOf(f twin.Feature) *Geometry {
	switch v := f.(type) {
	case *twin.Building:
		return buildingGeometry(v)
	case *twin.UtilitySegment:
		return &Geometry{Type: "LineString", Coordinates: nonNil(v.Centreline)}
	case *twin.UtilityNode:
		return &Geometry{Type: "Point", Coordinates: v.Position}
	}
	return nil
}

// buildingGeometry is the surfaces of b as a MultiPolygon, or its
// footprint at its base height as a Polygon.
func buildingGeometry(b *twin.Building) *Geometry {
	if len(b.Surfaces) > 0 {
		polys := make([][][]geo.Point3, 0, len(b.Surfaces))
		for _, s := range b.Surfaces {
			rings := make([][]geo.Point3, 0, len(s.Rings))
			for _, r := range s.Rings {
				rings = append(rings, closeRing(r))
			}
			polys = append(polys, rings)
		}
		return &Geometry{Type: "MultiPolygon", Coordinates: polys}
	}
	rings := make([][]geo.Point3, 0, len(b.Footprint))
	for _, r := range b.Footprint {
		ring := make([]geo.Point3, 0, len(r)+1)
		for _, p := range r {
			ring = append(ring, geo.Point3{p[0], p[1], b.BaseM})
		}
		rings = append(rings, closeRing(ring))
	}
	return &Geometry{Type: "Polygon", Coordinates: rings}
}

// closeRing returns r with its first position repeated at the end, as
// GeoJSON wants (CityJSON surface rings are open).
func closeRing(r []geo.Point3) []geo.Point3 {
	if len(r) == 0 || r[0] == r[len(r)-1] {
		return nonNil(r)
	}
	out := make([]geo.Point3, len(r), len(r)+1)
	copy(out, r)
	return append(out, r[0])
}

func nonNil(pts []geo.Point3) []geo.Point3 {
	if pts == nil {
		return []geo.Point3{}
	}
	return pts
}

// bbox is b as a GeoJSON bbox, nil when b is empty or not finite.
func bbox(b geo.Bounds3) []float64 {
	if b.IsEmpty() || !b.Min.Finite() || !b.Max.Finite() {
		return nil
	}
	return []float64{b.Min[0], b.Min[1], b.Min[2], b.Max[0], b.Max[1], b.Max[2]}
}
