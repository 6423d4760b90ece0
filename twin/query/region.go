package query

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// region is the area of an Area or Stats query in lon°, lat°: one polyArea
// per polygon, so that overlapping polygons of a MultiPolygon add up.
type region struct {
	parts  []*polyArea
	bounds geo.Bounds3 // 2D bounds, heights unbounded (for Store.Search)
}

func newRegion(s Shape) *region {
	r := &region{bounds: s.Bounds()}
	r.bounds.Min[2], r.bounds.Max[2] = math.Inf(-1), math.Inf(1)
	for _, poly := range s.Polygons {
		rings := make([]orb.Ring, len(poly))
		for i, ring := range poly {
			rings[i] = toOrbRing(ring)
		}
		r.parts = append(r.parts, newPolyArea(rings))
	}
	return r
}

// containsPoint reports whether p (lon°, lat°) lies in the region.
func (r *region) containsPoint(p orb.Point) bool {
	for _, a := range r.parts {
		if a.contains(p) {
			return true
		}
	}
	return false
}

// intersectsLine reports whether any part of the 2D polyline touches the
// region.
func (r *region) intersectsLine(pts []geo.Point3) bool {
	if len(pts) == 1 {
		return r.containsPoint(orb.Point{pts[0][0], pts[0][1]})
	}
	for i := 0; i+1 < len(pts); i++ {
		p, q := orb.Point{pts[i][0], pts[i][1]}, orb.Point{pts[i+1][0], pts[i+1][1]}
		for _, a := range r.parts {
			if a.intersectsSegment(p, q) {
				return true
			}
		}
	}
	return false
}

// intersectsPolygon reports whether the polygon (closed rings, outer
// first, then holes) and the region share a point.
func (r *region) intersectsPolygon(poly orb.Polygon) bool {
	if len(poly) == 0 || len(poly[0]) == 0 {
		return false
	}
	for _, ring := range poly {
		for i := 0; i+1 < len(ring); i++ {
			for _, a := range r.parts {
				if a.intersectsSegment(ring[i], ring[i+1]) {
					return true
				}
			}
		}
	}
	// no edge touches the region: either the region lies inside the
	// polygon (test one of its vertices) or they are apart
	fp := newPolyArea(poly)
	for _, a := range r.parts {
		if fp.contains(a.rings[0][0]) {
			return true
		}
	}
	return false
}

// intersectsBounds reports whether a 2D box touches the region.
func (r *region) intersectsBounds(b geo.Bounds3) bool {
	x0, y0, x1, y1 := b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	box := orb.Polygon{orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	return r.intersectsPolygon(box)
}

// insideIntervals returns the parts of the segment pq (lon°, lat°) in the
// region as sorted, disjoint parameter intervals.
func (r *region) insideIntervals(p, q orb.Point) []interval {
	if len(r.parts) == 1 {
		return r.parts[0].insideIntervals(p, q)
	}
	var all []interval
	for _, a := range r.parts {
		all = append(all, a.insideIntervals(p, q)...)
	}
	return mergeIntervals(all)
}

// mergeIntervals sorts intervals and joins those that overlap.
func mergeIntervals(iv []interval) []interval {
	if len(iv) < 2 {
		return iv
	}
	slices.SortFunc(iv, func(a, b interval) int { return cmp.Compare(a.Lo, b.Lo) })
	out := iv[:1]
	for _, x := range iv[1:] {
		last := &out[len(out)-1]
		if x.Lo <= last.Hi {
			last.Hi = math.Max(last.Hi, x.Hi)
		} else {
			out = append(out, x)
		}
	}
	return out
}

// featureInRegion is the exact test of the Area query: a segment whose 2D
// centreline touches the region, a building whose footprint does, a node
// inside it; other features by their 2D bounds.
func (r *region) featureInRegion(f twin.Feature) bool {
	switch f := f.(type) {
	case *twin.UtilitySegment:
		return r.intersectsLine(f.Centreline)
	case *twin.Building:
		if len(f.Footprint) == 0 {
			return r.intersectsBounds(f.Bounds())
		}
		return r.intersectsPolygon(f.Footprint)
	case *twin.UtilityNode:
		return r.containsPoint(orb.Point{f.Position[0], f.Position[1]})
	}
	return r.intersectsBounds(f.Bounds())
}
