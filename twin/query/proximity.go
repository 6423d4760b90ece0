package query

import (
	"cmp"
	"context"
	"encoding/json"
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// ProximityRequest asks for the utilities and buildings within a 3D
// distance of a probe: a point, a line (a planned trench) or a polygon (a
// flat area such as the floor of a pit).
type ProximityRequest struct {
	// CRS of the probe's coordinates (default EPSG:4326).
	CRS string `json:"crs,omitempty"`
	// Geometry is a GeoJSON Point, LineString or Polygon. With heights
	// ([lon, lat, h]) they are absolute, in the store's vertical datum;
	// without, the probe lies ProbeDepthM below the ground, the ground
	// being the median ground elevation of the features found around it.
	// A polygon is flat, at the mean height of its positions.
	Geometry json.RawMessage `json:"geometry"`
	// DistanceM is the search distance, metres (required, up to the
	// limit); a utility is found when its surface (centreline distance
	// minus radius) is within it.
	DistanceM float64 `json:"distance_m"`
	// ProbeDepthM is the probe's depth below the ground when its
	// positions have no height (default 0: on the ground).
	ProbeDepthM *float64 `json:"probe_depth_m,omitempty"`
	Filters
	// Limit caps the results (the nearest first).
	Limit           int  `json:"limit,omitempty"`
	IncludeGeometry bool `json:"include_geometry,omitempty"`
}

// ProximityResponse is the answer to a ProximityRequest.
type ProximityResponse struct {
	CRS string `json:"crs"`
	// Probe says where the probe was put.
	Probe     ProbeInfo `json:"probe"`
	DistanceM float64   `json:"distance_m"`
	// Total counts every feature within the distance; Truncated is true
	// when Limit cut the list.
	Total     int           `json:"total"`
	Limit     int           `json:"limit"`
	Truncated bool          `json:"truncated"`
	Results   []NearFeature `json:"results"`
}

// ProbeInfo tells how the probe's heights were set.
type ProbeInfo struct {
	Type string `json:"type"`
	// HeightSource is "request" (positions gave heights), "ground" (the
	// ground estimated from nearby features, minus probe_depth_m) or
	// "none" (no height given and nothing nearby to estimate the ground).
	HeightSource string   `json:"height_source"`
	GroundM      *float64 `json:"ground_m,omitempty"`
	DepthM       float64  `json:"depth_m,omitempty"`
	// Bounds are the probe's 3D bounds (lon°, lat°, h m) as measured.
	Bounds geo.Bounds3 `json:"bounds"`
}

// NearFeature is a feature found near the probe.
type NearFeature struct {
	Item
	// DistanceM is the 3D distance from the probe to the feature's
	// centreline (segment), position (node) or solid (building: the
	// footprint extruded from base to roof), metres.
	DistanceM float64 `json:"distance_m"`
	// SurfaceDistanceM is DistanceM minus the pipe radius (0 when the
	// probe touches the pipe); DistanceM for other features.
	SurfaceDistanceM float64 `json:"surface_distance_m"`
	RadiusM          float64 `json:"radius_m,omitempty"`
	// HorizontalM and VerticalM split DistanceM; VerticalM is the
	// feature's closest point's height minus the probe's (negative below).
	HorizontalM float64 `json:"horizontal_m"`
	VerticalM   float64 `json:"vertical_m"`
	// Closest is the feature's point nearest to the probe and ProbePoint
	// the probe's point nearest to the feature (lon°, lat°, h m).
	Closest    geo.Point3 `json:"closest"`
	ProbePoint geo.Point3 `json:"probe_point"`
}

// searchMarginM widens the candidate search by the largest pipe radius a
// store accepts, since stored bounds leave the section out.
const searchMarginM = twin.MaxDiameterMM / 2000

// Proximity returns the segments, nodes and buildings whose surface lies
// within DistanceM of the probe in 3D, nearest first (ties by id).
func (e *Engine) Proximity(ctx context.Context, req ProximityRequest) (*ProximityResponse, error) {
	return WithDeadline(ctx, e.limits.Deadline, func(ctx context.Context) (*ProximityResponse, error) {
		return e.proximity(ctx, req)
	})
}

func (e *Engine) proximity(ctx context.Context, req ProximityRequest) (*ProximityResponse, error) {
	s, limit, m, err := e.checkProximity(ctx, req)
	if err != nil {
		return nil, err
	}
	cands, err := e.candidates(ctx, s, req.DistanceM+searchMarginM, m)
	if err != nil {
		return nil, err
	}
	info := ProbeInfo{Type: s.Type, HeightSource: "request"}
	if !s.HasZ {
		setProbeHeight(&s, &info, cands, req.ProbeDepthM)
	}
	info.Bounds = s.Bounds()
	pf := newProbeFrame(s)
	var near []NearFeature
	for i, f := range cands {
		if i%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if n, ok := pf.near(f, req.DistanceM, req.IncludeGeometry); ok {
			near = append(near, n)
		}
	}
	slices.SortFunc(near, func(a, b NearFeature) int {
		return cmp.Or(cmp.Compare(a.SurfaceDistanceM, b.SurfaceDistanceM), cmp.Compare(a.ID, b.ID))
	})
	resp := &ProximityResponse{CRS: OutputCRS, Probe: info, DistanceM: req.DistanceM, Total: len(near), Limit: limit}
	if len(near) > limit {
		near, resp.Truncated = near[:limit], true
	}
	if near == nil {
		near = []NearFeature{}
	}
	resp.Results = near
	return resp, nil
}

// near measures f and describes it if its surface is within maxM.
func (pf *probeFrame) near(f twin.Feature, maxM float64, withGeometry bool) (NearFeature, bool) {
	h, ok := pf.distance(f)
	r := radiusM(f)
	if !ok || h.d-r > maxM {
		return NearFeature{}, false
	}
	dh := math.Hypot(h.feat[0]-h.prb[0], h.feat[1]-h.prb[1])
	return NearFeature{
		Item:             newItem(f, withGeometry),
		DistanceM:        round3(h.d),
		SurfaceDistanceM: round3(math.Max(0, h.d-r)),
		RadiusM:          r,
		HorizontalM:      round3(dh),
		VerticalM:        round3(h.feat[2] - h.prb[2]),
		Closest:          roundPoint(pf.toLLH(h.feat)),
		ProbePoint:       roundPoint(pf.toLLH(h.prb)),
	}, true
}

// round3 rounds metres to millimetres for the answer.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// roundPoint rounds lon°, lat° to 1e-9° (0.1 mm) and h to millimetres.
func roundPoint(p geo.Point3) geo.Point3 {
	return geo.Point3{math.Round(p[0]*1e9) / 1e9, math.Round(p[1]*1e9) / 1e9, round3(p[2])}
}
