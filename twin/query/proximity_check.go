package query

import (
	"context"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// checkProximity checks a proximity request and returns its probe, result
// limit and filters.
func (e *Engine) checkProximity(ctx context.Context, req ProximityRequest) (Shape, int, *matcher, error) {
	s, err := ParseGeometry("geometry", req.Geometry, req.CRS, e.limits.MaxVertices)
	if err != nil {
		return s, 0, nil, err
	}
	if s.Type == TypeMultiPolygon {
		return s, 0, nil, badRequest("geometry", "the probe must be a Point, LineString or Polygon, got a MultiPolygon")
	}
	if err := e.checkDistance(req.DistanceM); err != nil {
		return s, 0, nil, err
	}
	if err := checkProbeDepth(s, req.ProbeDepthM); err != nil {
		return s, 0, nil, err
	}
	if s.IsArea() {
		if _, err := e.limits.checkArea("geometry", s); err != nil {
			return s, 0, nil, err
		}
	} else if err := e.limits.checkExtent("geometry", s.Bounds()); err != nil {
		return s, 0, nil, err
	}
	limit, err := e.limits.resultLimit(req.Limit)
	if err != nil {
		return s, 0, nil, err
	}
	for _, k := range req.Kinds {
		if twin.Kind(k) == twin.KindMesh {
			return s, 0, nil, badRequest("kinds", "proximity measures buildings, segments and nodes, not meshes")
		}
	}
	m, err := e.compileFilters(ctx, req.Filters)
	return s, limit, m, err
}

func (e *Engine) checkDistance(d float64) error {
	switch {
	case math.IsNaN(d) || d <= 0:
		return badRequest("distance_m", "missing or not positive: give the search distance in metres (up to %g)", e.limits.MaxDistanceM)
	case d > e.limits.MaxDistanceM:
		return badRequest("distance_m", "%g m is over the limit of %g m", d, e.limits.MaxDistanceM)
	}
	return nil
}

func checkProbeDepth(s Shape, depth *float64) error {
	if depth == nil {
		return nil
	}
	if s.HasZ {
		return badRequest("probe_depth_m", "applies only to a probe whose positions have no heights")
	}
	if math.IsNaN(*depth) || math.Abs(*depth) > 1000 {
		return badRequest("probe_depth_m", "%v is not a depth in metres", *depth)
	}
	return nil
}

// candidates returns the features of the kinds proximity measures whose
// bounds come within marginM of the probe horizontally (any height) and
// that pass the filters.
func (e *Engine) candidates(ctx context.Context, s Shape, marginM float64, m *matcher) ([]twin.Feature, error) {
	b := s.Bounds()
	lat := math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1]))
	dLat := marginM / metresPerDegree * 1.01
	dLon := dLat / math.Max(math.Cos(math.Min(lat+dLat, 89.9)*math.Pi/180), 1e-6)
	box := geo.Bounds3{
		Min: geo.Point3{b.Min[0] - dLon, b.Min[1] - dLat, math.Inf(-1)},
		Max: geo.Point3{b.Max[0] + dLon, b.Max[1] + dLat, math.Inf(1)},
	}
	filter := m.store
	if len(filter.Kinds) == 0 {
		filter.Kinds = []twin.Kind{twin.KindBuilding, twin.KindSegment, twin.KindNode}
	}
	var out []twin.Feature
	err := e.store.Search(ctx, box, filter, func(f twin.Feature) bool {
		if m.match(f) {
			out = append(out, f)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("query: proximity: %w", err)
	}
	return out, nil
}

// setProbeHeight puts a probe without heights depth below the median
// ground of the candidates.
func setProbeHeight(s *Shape, info *ProbeInfo, cands []twin.Feature, depth *float64) {
	if depth != nil {
		info.DepthM = *depth
	}
	g, ok := medianGround(cands)
	if !ok {
		info.HeightSource = "none"
		return
	}
	info.HeightSource, info.GroundM = "ground", &g
	h := g - info.DepthM
	s.eachSlice(func(pts []geo.Point3) {
		for i := range pts {
			pts[i][2] = h
		}
	})
}
