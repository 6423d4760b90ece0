package query

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/citytwin/citytwin/twin"
)

// StatsRequest asks for statistics of an area.
type StatsRequest struct {
	AreaSpec
	Filters
	// HeightBinsM are the edges of the building height histogram, metres,
	// ascending (default 0 3 6 10 15 20 30 50 100); heights below the
	// first edge and from the last up get bins of their own.
	HeightBinsM []float64 `json:"height_bins_m,omitempty"`
}

// DefaultHeightBinsM are the default histogram edges, metres.
var DefaultHeightBinsM = []float64{0, 3, 6, 10, 15, 20, 30, 50, 100}

// StatsResponse is the answer to a StatsRequest.
type StatsResponse struct {
	CRS       string         `json:"crs"`
	AreaM2    float64        `json:"area_m2"`
	Buildings BuildingStats  `json:"buildings"`
	Utilities UtilityStats   `json:"utilities"`
	ByLayer   map[string]int `json:"features_by_layer"`
}

// BuildingStats sums the buildings whose footprint centroid lies in the
// area (each building counts in one area of a partition only).
type BuildingStats struct {
	Count           int     `json:"count"`
	FootprintAreaM2 float64 `json:"footprint_area_m2"`
	// GrossVolumeM3 is Σ footprint area × height (roof − base).
	GrossVolumeM3   float64     `json:"gross_volume_m3"`
	HeightHistogram []HeightBin `json:"height_histogram"`
}

// HeightBin counts buildings with MinM ≤ height < MaxM; a nil end is open.
type HeightBin struct {
	MinM  *float64 `json:"min_m"`
	MaxM  *float64 `json:"max_m"`
	Count int      `json:"count"`
}

// UtilityStats sums utility segments clipped to the area (3D length of the
// part of each centreline whose 2D trace lies inside) and counts the nodes
// inside.
type UtilityStats struct {
	// Segments counts the segments with some length inside the area.
	Segments  int                `json:"segments"`
	LengthM   float64            `json:"length_m"`
	ByNetwork map[string]float64 `json:"length_by_network_m"`
	// ByMaterial and ByDecade use "unknown" for a missing material or
	// installation year; decades are named "1970s".
	ByMaterial  map[string]float64 `json:"length_by_material_m"`
	ByDecade    map[string]float64 `json:"length_by_decade_m"`
	ByStatus    map[string]float64 `json:"length_by_status_m"`
	Nodes       int                `json:"nodes"`
	NodesByKind map[string]int     `json:"nodes_by_kind"`
}

// Stats returns building and utility statistics of an area.
func (e *Engine) Stats(ctx context.Context, req StatsRequest) (*StatsResponse, error) {
	return WithDeadline(ctx, e.limits.Deadline, func(ctx context.Context) (*StatsResponse, error) {
		return e.stats(ctx, req)
	})
}

func (e *Engine) stats(ctx context.Context, req StatsRequest) (*StatsResponse, error) {
	reg, areaM2, err := e.parseArea(req.AreaSpec)
	if err != nil {
		return nil, err
	}
	bins, err := checkBins(req.HeightBinsM)
	if err != nil {
		return nil, err
	}
	m, err := e.compileFilters(ctx, req.Filters)
	if err != nil {
		return nil, err
	}
	acc := newStatsAcc(reg, bins)
	acc.resp.AreaM2 = areaM2
	err = e.store.Search(ctx, reg.bounds, m.store, func(f twin.Feature) bool {
		if m.match(f) {
			acc.add(f)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("query: stats: %w", err)
	}
	return acc.finish(), nil
}

// checkBins checks histogram edges and returns the ones to use.
func checkBins(bins []float64) ([]float64, error) {
	if len(bins) == 0 {
		return DefaultHeightBinsM, nil
	}
	if len(bins) > 100 {
		return nil, badRequest("height_bins_m", "%d edges, over the cap of 100", len(bins))
	}
	for i, v := range bins {
		if math.IsNaN(v) || math.IsInf(v, 0) || (i > 0 && v <= bins[i-1]) {
			return nil, badRequest("height_bins_m", "edges must be finite and strictly ascending, got %v", bins)
		}
	}
	return slices.Clone(bins), nil
}
