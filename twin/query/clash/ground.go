package clash

import (
	"context"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/local"
)

// groundGroupM is the plan size of the groups of points whose ground is
// estimated from one store search.
const groundGroupM = 200.0

// estimateGround returns the ground elevation at each point (plan
// position, local metres in f): the ground of the nearest stored feature
// within GroundSearchM (a segment's or node's ground_m, a building's
// base_m), nearest by plan distance to its geometry.
func estimateGround(ctx context.Context, s twin.Store, f local.Frame, pts []geo.Point3, datasets []string) ([]GroundEstimate, error) {
	out := make([]GroundEstimate, len(pts))
	for start := 0; start < len(pts); {
		end, b := start+1, segBox(pts[start], pts[start])
		for end < len(pts) {
			nb := b
			nb.minX, nb.minY = min(nb.minX, pts[end][0]), min(nb.minY, pts[end][1])
			nb.maxX, nb.maxY = max(nb.maxX, pts[end][0]), max(nb.maxY, pts[end][1])
			if nb.maxX-nb.minX > groundGroupM || nb.maxY-nb.minY > groundGroupM {
				break
			}
			b, end = nb, end+1
		}
		if err := groundGroup(ctx, s, f, pts[start:end], out[start:end], b, datasets); err != nil {
			return nil, err
		}
		start = end
	}
	return out, nil
}

func groundGroup(ctx context.Context, s twin.Store, f local.Frame, pts []geo.Point3, out []GroundEstimate, b box2, datasets []string) error {
	for i := range out {
		out[i] = GroundEstimate{DistanceM: math.Inf(1)}
	}
	bb := searchBounds(f, b, GroundSearchM, math.Inf(-1), math.Inf(1))
	err := s.Search(ctx, bb, twin.Filter{Datasets: datasets}, func(ft twin.Feature) bool {
		g, lines := groundOf(f, ft)
		for i, p := range pts {
			for _, l := range lines {
				if d := planDistPolyline(p, l); d < out[i].DistanceM && d <= GroundSearchM {
					out[i] = GroundEstimate{GroundM: g, From: ft.Head().ID, DistanceM: d}
				}
			}
		}
		return true
	})
	if err != nil {
		return fmt.Errorf("clash: ground: %w", err)
	}
	for i, e := range out {
		if math.IsInf(e.DistanceM, 1) {
			p := f.LLH(pts[i])
			return invalid("no stored feature within %v m of (%.6f, %.6f) to take the ground from; give ground_m", GroundSearchM, p[0], p[1])
		}
		out[i].DistanceM = math.Round(e.DistanceM*1000) / 1000
	}
	return nil
}

// groundOf returns a feature's ground elevation and its plan geometry as
// local polylines.
func groundOf(f local.Frame, ft twin.Feature) (float64, [][]geo.Point3) {
	switch v := ft.(type) {
	case *twin.UtilitySegment:
		return v.GroundM, [][]geo.Point3{f.LocalAll(v.Centreline)}
	case *twin.UtilityNode:
		return v.GroundM, [][]geo.Point3{{f.Local(v.Position)}}
	case *twin.Building:
		var lines [][]geo.Point3
		for _, r := range v.Footprint {
			l := make([]geo.Point3, len(r))
			for i, p := range r {
				l[i] = f.Local(geo.Point3{p[0], p[1], v.BaseM})
			}
			lines = append(lines, l)
		}
		return v.BaseM, lines
	}
	return 0, nil
}

// planDistPolyline is the plan distance from p to a polyline (a point when
// it has one vertex).
func planDistPolyline(p geo.Point3, l []geo.Point3) float64 {
	if len(l) == 1 {
		return math.Hypot(p[0]-l[0][0], p[1]-l[0][1])
	}
	best := math.Inf(1)
	for i := 1; i < len(l); i++ {
		d, _ := planDist(p, l[i-1], l[i])
		best = min(best, d)
	}
	return best
}
