package query

import (
	"encoding/json"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Geometry types a request may give.
const (
	TypePoint        = "Point"
	TypeLineString   = "LineString"
	TypePolygon      = "Polygon"
	TypeMultiPolygon = "MultiPolygon"
)

// Shape is a validated request geometry in WGS84 (lon°, lat°, h m).
type Shape struct {
	// Type is one of the Type* constants.
	Type string
	// Line holds the position of a Point (one) or the positions of a
	// LineString.
	Line []geo.Point3
	// Polygons holds a Polygon (one) or the polygons of a MultiPolygon:
	// closed rings, the outer ring first, then holes.
	Polygons [][][]geo.Point3
	// HasZ is true when every position gave a height (absolute, in the
	// store's vertical datum); otherwise heights are 0.
	HasZ bool
}

// IsArea reports whether s is a Polygon or MultiPolygon.
func (s Shape) IsArea() bool { return len(s.Polygons) > 0 }

// Bounds returns the 3D bounds of s.
func (s Shape) Bounds() geo.Bounds3 {
	b := geo.EmptyBounds()
	s.eachSlice(func(pts []geo.Point3) {
		for _, p := range pts {
			b = b.Extend(p)
		}
	})
	return b
}

// eachSlice calls fn with every slice of positions of s (in place).
func (s Shape) eachSlice(fn func([]geo.Point3)) {
	if len(s.Line) > 0 {
		fn(s.Line)
	}
	for _, poly := range s.Polygons {
		for _, ring := range poly {
			fn(ring)
		}
	}
}

// geoJSONGeometry is a GeoJSON geometry object before its coordinates are
// read. Foreign members (bbox, crs) are ignored, as GeoJSON allows.
type geoJSONGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// ParseGeometry reads a GeoJSON geometry given in crs ("" for EPSG:4326),
// checks it (positions of 2 or 3 finite numbers, at most maxVertices,
// lines of 2 distinct positions or more, closed rings of 4 positions or
// more that enclose an area and do not cross themselves, lon/lat in range)
// and returns it in WGS84. Every error is a BadRequestError about field.
func ParseGeometry(field string, raw json.RawMessage, crs string, maxVertices int) (Shape, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return Shape{}, badRequest(field, "missing: want a GeoJSON geometry")
	}
	var g geoJSONGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return Shape{}, badRequest(field, "not a GeoJSON geometry object: %v", err)
	}
	s, err := readCoordinates(field, g)
	if err != nil {
		return Shape{}, err
	}
	if err := checkPositions(field, s, maxVertices); err != nil {
		return Shape{}, err
	}
	if err := toWGS84(field, crs, s); err != nil {
		return Shape{}, err
	}
	if err := checkShape(field, s); err != nil {
		return Shape{}, err
	}
	return s, nil
}

// BBoxShape turns a bbox [minx, miny, maxx, maxy] (or the 6-number form
// with heights, which are ignored) given in crs into a WGS84 polygon.
func BBoxShape(field string, bbox []float64, crs string) (Shape, error) {
	var x0, y0, x1, y1 float64
	switch len(bbox) {
	case 4:
		x0, y0, x1, y1 = bbox[0], bbox[1], bbox[2], bbox[3]
	case 6:
		x0, y0, x1, y1 = bbox[0], bbox[1], bbox[3], bbox[4]
	default:
		return Shape{}, badRequest(field, "want [minx, miny, maxx, maxy], got %d numbers", len(bbox))
	}
	for _, v := range bbox {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Shape{}, badRequest(field, "%v is not a finite number", v)
		}
	}
	if x0 >= x1 || y0 >= y1 {
		return Shape{}, badRequest(field, "min must be below max on both axes, got %v", bbox)
	}
	// densify the edges so that straight sides stay close to straight
	// after a projection
	n := 8
	if isWGS84(crs) {
		n = 1
	}
	ring := densifyBox(x0, y0, x1, y1, n)
	s := Shape{Type: TypePolygon, Polygons: [][][]geo.Point3{{ring}}}
	if err := toWGS84(field, crs, s); err != nil {
		return Shape{}, err
	}
	return s, checkShape(field, s)
}

// densifyBox returns the closed ring of a box with n points per side.
func densifyBox(x0, y0, x1, y1 float64, n int) []geo.Point3 {
	corners := [5]geo.Point3{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	ring := make([]geo.Point3, 0, 4*n+1)
	for side := range 4 {
		a, b := corners[side], corners[side+1]
		for i := range n {
			ring = append(ring, a.Lerp(b, float64(i)/float64(n)))
		}
	}
	return append(ring, ring[0])
}
