package querytest

import (
	"context"
	"slices"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/local"
)

// MemStore is a store of a few features in memory. Search scans them
// all, keeping those whose bounds meet the search bounds and that pass
// the filter's kinds, layers and datasets; its other methods are not
// implemented (they panic on the nil embedded Store).
type MemStore struct {
	twin.Store
	Feats []twin.Feature
}

// Search calls fn with each feature in b that passes f, in order, until fn
// returns false or ctx ends.
func (m *MemStore) Search(ctx context.Context, b geo.Bounds3, f twin.Filter, fn func(twin.Feature) bool) error {
	for _, ft := range m.Feats {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !b.Intersects(ft.Bounds()) ||
			(len(f.Kinds) > 0 && !slices.Contains(f.Kinds, ft.Kind())) ||
			(len(f.Layers) > 0 && !slices.Contains(f.Layers, ft.Layer())) ||
			(len(f.Datasets) > 0 && !slices.Contains(f.Datasets, ft.Head().Dataset)) {
			continue
		}
		if !fn(ft) {
			return nil
		}
	}
	return nil
}

// World returns bounds that hold every feature.
func World() geo.Bounds3 {
	return geo.Bounds3{Min: geo.Point3{-180, -90, -1e5}, Max: geo.Point3{180, 90, 1e5}}
}

// Scene returns the frame synthetic test scenes are drawn in: plan metres
// east and north of 10° E, 50° N, heights as is.
func Scene() local.Frame { return local.New(10, 50) }

// At converts scene metres (x east, y north, z height) to lon°, lat°, h m.
func At(x, y, z float64) geo.Point3 { return Scene().LLH(geo.Point3{x, y, z}) }

// Rect returns the footprint (lon°, lat°) of the scene rectangle from x0,
// y0 to x1, y1 metres, counter-clockwise from x0, y0 when x0 < x1 and
// y0 < y1.
func Rect(x0, y0, x1, y1 float64) orb.Polygon {
	var ring orb.Ring
	for _, c := range [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}} {
		p := At(c[0], c[1], 0)
		ring = append(ring, orb.Point{p[0], p[1]})
	}
	return orb.Polygon{ring}
}
