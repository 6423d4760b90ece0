package cityjson

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/citytwin/citytwin/twin"
)

// lowToleranceM is how far above the base a vertex of a "lowest" polygon
// may lie (footprint rule 2).
const lowToleranceM = 0.05

// footprint derives the ground outline (lon°, lat°) of a building from its
// chosen geometry, by the first rule that gives one:
//
//  1. the GroundSurface polygons, when the geometry has semantics;
//  2. else the larger outline of: the lowest polygons (every vertex within
//     lowToleranceM of the base: the bottom of a block) and the upward-facing
//     polygons (roofs, in a solid's outward orientation, whose projection
//     covers a 2.5D building's ground). Real LoD1 files lack or truncate
//     bottom faces, hence both;
//  3. else the convex hull of all vertices, projected to lon/lat.
//
// The polygons of rules 1 and 2 are merged along the edges they share in
// projection (see mergeRings); the largest resulting ring, with the rings
// inside it as holes, is the footprint: for ground in pieces that do not
// touch, the largest piece. Should the edges not chain into rings, the
// largest single polygon is used. Rings are closed, the outer one
// counter-clockwise and holes clockwise (RFC 7946).
func footprint(polys []polygon, surfaces []twin.Surface, v *vertices, baseM float64) orb.Polygon {
	var ground, lowest, upward []polygon
	for i, p := range polys {
		if p.semantic == "GroundSurface" {
			ground = append(ground, p)
		}
		if isLow(p, v, baseM) {
			lowest = append(lowest, p)
		}
		if n := newell(surfaces[i].Rings[0]); n[2] > 0.01*math.Sqrt(n[0]*n[0]+n[1]*n[1]+n[2]*n[2]) {
			upward = append(upward, p)
		}
	}
	fp := outline(ground, v)
	if fp == nil {
		fp = outline(lowest, v)
		if up := outline(upward, v); polygonArea(up) > polygonArea(fp) {
			fp = up
		}
	}
	if fp != nil {
		return fp
	}
	var pts []orb.Point
	for _, p := range polys {
		for _, ring := range p.rings {
			pts = append(pts, toRing(ring, v)...)
		}
	}
	return assemble([]orb.Ring{convexHull(pts)})
}

// polygonArea is the planar area of a polygon in square degrees.
func polygonArea(p orb.Polygon) float64 {
	var a float64
	for i, r := range p {
		if i == 0 {
			a += math.Abs(signedArea(r))
		} else {
			a -= math.Abs(signedArea(r))
		}
	}
	return a
}

func isLow(p polygon, v *vertices, baseM float64) bool {
	for _, ring := range p.rings {
		for _, i := range ring {
			if v.pts[i][2] > baseM+lowToleranceM {
				return false
			}
		}
	}
	return true
}

// outline merges polys and keeps the largest ring with its holes.
func outline(polys []polygon, v *vertices) orb.Polygon {
	if len(polys) == 0 {
		return nil
	}
	if fp := assemble(mergeRings(polys, v)); fp != nil {
		return fp
	}
	var rings []orb.Ring
	best := -1.0
	for _, p := range polys {
		rs := make([]orb.Ring, len(p.rings))
		for j, ring := range p.rings {
			rs[j] = toRing(ring, v)
		}
		if a := math.Abs(signedArea(rs[0])); a > best {
			best, rings = a, rs
		}
	}
	return assemble(rings)
}

// assemble closes the rings and makes the largest the outer ring; rings
// inside it (and not inside an earlier hole) become its holes.
func assemble(rings []orb.Ring) orb.Polygon {
	var ok []orb.Ring
	for _, r := range rings {
		if len(r) > 0 && r[0] != r[len(r)-1] {
			r = append(r, r[0])
		}
		if len(r) >= 4 && signedArea(r) != 0 {
			ok = append(ok, r)
		}
	}
	if len(ok) == 0 {
		return nil
	}
	slices.SortStableFunc(ok, func(a, b orb.Ring) int { return cmp.Compare(math.Abs(signedArea(b)), math.Abs(signedArea(a))) })
	fp := orb.Polygon{orient(ok[0], true)}
	for _, r := range ok[1:] {
		if inside(r, fp[0]) && !slices.ContainsFunc(fp[1:], func(h orb.Ring) bool { return inside(r, h) }) {
			fp = append(fp, orient(r, false))
		}
	}
	return fp
}

// inside reports whether every point of r lies in (or on) outer.
func inside(r, outer orb.Ring) bool {
	for _, p := range r {
		if !planar.RingContains(outer, p) {
			return false
		}
	}
	return true
}

func orient(r orb.Ring, ccw bool) orb.Ring {
	if (signedArea(r) > 0) != ccw {
		r.Reverse()
	}
	return r
}

// signedArea is the planar area of a ring in square degrees, positive when
// counter-clockwise.
func signedArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	var a float64
	o := r[0]
	for i := 1; i+1 < len(r); i++ {
		a += (r[i][0]-o[0])*(r[i+1][1]-o[1]) - (r[i+1][0]-o[0])*(r[i][1]-o[1])
	}
	return a / 2
}

func toRing(ring []int, v *vertices) orb.Ring {
	r := make(orb.Ring, len(ring))
	for i, idx := range ring {
		r[i] = orb.Point{v.pts[idx][0], v.pts[idx][1]}
	}
	return r
}

// convexHull returns the convex hull of pts (Andrew's monotone chain),
// counter-clockwise and open; nil for fewer than 3 points.
func convexHull(pts []orb.Point) orb.Ring {
	pts = slices.Clone(pts)
	slices.SortFunc(pts, func(a, b orb.Point) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	pts = slices.Compact(pts)
	if len(pts) < 3 {
		return nil
	}
	cross := func(o, a, b orb.Point) float64 { return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0]) }
	hull := make(orb.Ring, 0, 2*len(pts))
	for pass := range 2 {
		start := len(hull)
		for _, p := range pts {
			for len(hull) >= start+2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
				hull = hull[:len(hull)-1]
			}
			hull = append(hull, p)
		}
		hull = hull[:len(hull)-1]
		if pass == 0 {
			slices.Reverse(pts)
		}
	}
	return hull
}
