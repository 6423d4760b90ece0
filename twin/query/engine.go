package query

import (
	"context"
	"encoding/json"

	"github.com/citytwin/citytwin/twin"
)

// Engine answers planning queries over one store within limits. It is
// safe for concurrent use.
type Engine struct {
	store  twin.Store
	limits Limits
}

// New returns an engine over store; zero fields of limits take their
// defaults.
func New(store twin.Store, limits Limits) *Engine {
	return &Engine{store: store, limits: limits.withDefaults()}
}

// Limits returns the limits the engine enforces.
func (e *Engine) Limits() Limits { return e.limits }

// AreaSpec is where an area query looks: a GeoJSON Polygon or
// MultiPolygon, or a bbox, in CRS.
type AreaSpec struct {
	// CRS of the request's coordinates: EPSG:4326 (the default, [lon,
	// lat]) or any CRS PROJ knows ("EPSG:28992", "EPSG:26910", ...).
	// Results are always in EPSG:4326.
	CRS string `json:"crs,omitempty"`
	// Geometry is a GeoJSON Polygon or MultiPolygon.
	Geometry json.RawMessage `json:"geometry,omitempty"`
	// BBox is [minx, miny, maxx, maxy] when no geometry is given.
	BBox []float64 `json:"bbox,omitempty"`
}

// parseArea reads and checks the area of a query and returns its region
// and area in m².
func (e *Engine) parseArea(a AreaSpec) (*region, float64, error) {
	var s Shape
	var err error
	switch {
	case len(a.Geometry) > 0 && len(a.BBox) > 0:
		return nil, 0, badRequest("", "give either \"geometry\" or \"bbox\", not both")
	case len(a.BBox) > 0:
		s, err = BBoxShape("bbox", a.BBox, a.CRS)
	case len(a.Geometry) > 0:
		s, err = ParseGeometry("geometry", a.Geometry, a.CRS, e.limits.MaxVertices)
	default:
		return nil, 0, badRequest("geometry", "missing: give a GeoJSON Polygon or MultiPolygon as \"geometry\", or a \"bbox\"")
	}
	if err != nil {
		return nil, 0, err
	}
	if !s.IsArea() {
		return nil, 0, badRequest("geometry", "this query needs a Polygon or MultiPolygon, got a %s", s.Type)
	}
	field := "geometry"
	if len(a.BBox) > 0 {
		field = "bbox"
	}
	area, err := e.limits.checkArea(field, s)
	if err != nil {
		return nil, 0, err
	}
	return newRegion(s), round3(area), nil
}

// compileFilters checks f against the store's datasets and layers.
func (e *Engine) compileFilters(ctx context.Context, f Filters) (*matcher, error) {
	v, err := loadVocabulary(ctx, e.store)
	if err != nil {
		return nil, err
	}
	return f.compile(v)
}
