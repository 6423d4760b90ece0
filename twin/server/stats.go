package server

import (
	"context"
	"slices"
	"sync"

	"github.com/citytwin/citytwin/twin"
)

// layerCounts are a layer's features by kind.
type layerCounts struct {
	Buildings int `json:"buildings"`
	Segments  int `json:"segments"`
	Nodes     int `json:"nodes"`
	Meshes    int `json:"meshes"`
	Total     int `json:"total"`
}

func (c *layerCounts) add(k twin.Kind) {
	switch k {
	case twin.KindBuilding:
		c.Buildings++
	case twin.KindSegment:
		c.Segments++
	case twin.KindNode:
		c.Nodes++
	case twin.KindMesh:
		c.Meshes++
	}
	c.Total++
}

// featureStats summarise every stored feature at one change-log sequence:
// the counts per layer and the ground height the scene starts from.
type featureStats struct {
	seq    int64
	layers map[string]*layerCounts
	// groundM is the median building base (BaseM) or, without buildings,
	// the median utility ground (GroundM); 0 without either.
	groundM float64
}

// statsCache keeps the stats of the newest sequence; they are worked out
// again when the store changes.
type statsCache struct {
	mu    sync.Mutex
	stats *featureStats
}

// featureStats returns the stats for the store's current sequence. The
// first call after a change scans every feature once.
func (s *Server) featureStats(ctx context.Context, lastSeq int64) (*featureStats, error) {
	c := &s.stats
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stats != nil && c.stats.seq == lastSeq {
		return c.stats, nil
	}
	st := &featureStats{seq: lastSeq, layers: map[string]*layerCounts{}}
	var buildings, utilities []float64
	err := s.store.Search(ctx, worldBounds(), twin.Filter{}, func(f twin.Feature) bool {
		l := st.layers[f.Layer()]
		if l == nil {
			l = &layerCounts{}
			st.layers[f.Layer()] = l
		}
		l.add(f.Kind())
		switch v := f.(type) {
		case *twin.Building:
			buildings = append(buildings, v.BaseM)
		case *twin.UtilitySegment:
			utilities = append(utilities, v.GroundM)
		case *twin.UtilityNode:
			utilities = append(utilities, v.GroundM)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	switch {
	case len(buildings) > 0:
		st.groundM = median(buildings)
	case len(utilities) > 0:
		st.groundM = median(utilities)
	}
	c.stats = st
	return st, nil
}

// median sorts v and returns its median.
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
