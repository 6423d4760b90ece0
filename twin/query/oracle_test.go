package query

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/featurejson"
)

// The brute-force oracles: every feature is tested with predicates written
// here independently of the engine, simply (and slowly).

// oracleFilter is the filter part of a test case.
type oracleFilter struct {
	layers, kinds, networks, statuses []string
	where                             []Condition
	depthLo, depthHi                  *float64
}

func (o oracleFilter) filters() Filters {
	f := Filters{Layers: o.layers, Kinds: o.kinds, Networks: o.networks, Statuses: o.statuses, Where: o.where}
	if o.depthLo != nil || o.depthHi != nil {
		f.DepthM = &Range{Min: o.depthLo, Max: o.depthHi}
	}
	return f
}

func in(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }

// pass applies the filters through the feature's GeoJSON properties.
func (o oracleFilter) pass(f twin.Feature) bool {
	p := featurejson.Properties(f)
	if !in(o.layers, f.Layer()) || !in(o.kinds, string(f.Kind())) {
		return false
	}
	isUtility := f.Kind() == twin.KindSegment || f.Kind() == twin.KindNode
	if len(o.networks) > 0 && (!isUtility || !slices.Contains(o.networks, p["network"].(string))) {
		return false
	}
	if len(o.statuses) > 0 && (!isUtility || !slices.Contains(o.statuses, fmt.Sprint(p["status"]))) {
		return false
	}
	if o.depthLo != nil || o.depthHi != nil {
		d, ok := p["depth_m"].(float64)
		if !isUtility || !ok || (o.depthLo != nil && d < *o.depthLo) || (o.depthHi != nil && d > *o.depthHi) {
			return false
		}
	}
	for _, c := range o.where {
		if !oracleCompare(p[c.Attr], c) {
			return false
		}
	}
	return true
}

// oracleCompare handles the comparisons the test cases use.
func oracleCompare(v any, c Condition) bool {
	if v == nil {
		return false
	}
	if want, ok := c.Value.(float64); ok {
		var got float64
		switch x := v.(type) {
		case float64:
			got = x
		case int:
			got = float64(x)
		case int64:
			got = float64(x)
		default:
			return false
		}
		switch c.Op {
		case "<":
			return got < want
		case ">=":
			return got >= want
		case "=":
			return got == want
		}
		panic("oracle: op " + c.Op)
	}
	s, ok := v.(string)
	switch c.Op {
	case "=":
		return ok && strings.EqualFold(s, c.Value.(string))
	case "!=":
		return ok && !strings.EqualFold(s, c.Value.(string))
	case "~":
		return ok && strings.Contains(strings.ToLower(s), strings.ToLower(c.Value.(string)))
	}
	panic("oracle: op " + c.Op)
}

// oraclePoly is a test polygon: rings of lon°, lat° (closed).
type oraclePoly [][]geo.Point3

// inPolys reports whether p lies in any of the polygons.
func inPolys(polys []oraclePoly, p geo.Point3) bool {
	for _, poly := range polys {
		if geo.PointInPolygon(poly, p) {
			return true
		}
	}
	return false
}

// edgesCross reports whether segments ab and cd meet, by orientations.
func edgesCross(a, b, c, d geo.Point3) bool {
	o := func(p, q, r geo.Point3) int {
		v := (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0])
		switch {
		case v > 0:
			return 1
		case v < 0:
			return -1
		}
		return 0
	}
	within := func(p, q, r geo.Point3) bool {
		return math.Min(p[0], q[0]) <= r[0] && r[0] <= math.Max(p[0], q[0]) &&
			math.Min(p[1], q[1]) <= r[1] && r[1] <= math.Max(p[1], q[1])
	}
	o1, o2, o3, o4 := o(a, b, c), o(a, b, d), o(c, d, a), o(c, d, b)
	if o1 != o2 && o3 != o4 {
		return true
	}
	return (o1 == 0 && within(a, b, c)) || (o2 == 0 && within(a, b, d)) ||
		(o3 == 0 && within(c, d, a)) || (o4 == 0 && within(c, d, b))
}

// lineMeetsPolys reports whether the polyline touches any polygon.
func lineMeetsPolys(polys []oraclePoly, line []geo.Point3) bool {
	for _, p := range line {
		if inPolys(polys, p) {
			return true
		}
	}
	for i := 0; i+1 < len(line); i++ {
		for _, poly := range polys {
			for _, ring := range poly {
				for j := 0; j+1 < len(ring); j++ {
					if edgesCross(line[i], line[i+1], ring[j], ring[j+1]) {
						return true
					}
				}
			}
		}
	}
	return false
}

// footprintOf returns a building's footprint as geo rings.
func footprintOf(b *twin.Building) oraclePoly {
	var poly oraclePoly
	for _, r := range b.Footprint {
		ring := make([]geo.Point3, len(r))
		for i, p := range r {
			ring[i] = geo.Point3{p[0], p[1]}
		}
		poly = append(poly, ring)
	}
	return poly
}

// oracleInArea is the Area query's geometric predicate.
func oracleInArea(polys []oraclePoly, f twin.Feature) bool {
	switch f := f.(type) {
	case *twin.UtilitySegment:
		return lineMeetsPolys(polys, f.Centreline)
	case *twin.UtilityNode:
		return inPolys(polys, f.Position)
	case *twin.Building:
		fp := footprintOf(f)
		for _, ring := range fp {
			if lineMeetsPolys(polys, ring) {
				return true
			}
		}
		for _, poly := range polys {
			if geo.PointInPolygon(fp, poly[0][0]) {
				return true
			}
		}
		return false
	}
	panic("oracle: kind " + string(f.Kind()))
}

// oracleArea returns the sorted ids of the features in the area that
// pass the filter.
func oracleArea(all []twin.Feature, polys []oraclePoly, of oracleFilter) []string {
	box := geo.EmptyBounds()
	for _, p := range polys {
		for _, q := range p[0] {
			box = box.Extend(q)
		}
	}
	var ids []string
	for _, f := range all {
		b := f.Bounds() // a full scan, but skip the slow tests far away
		if b.Min[0] > box.Max[0] || b.Max[0] < box.Min[0] || b.Min[1] > box.Max[1] || b.Max[1] < box.Min[1] {
			continue
		}
		if oracleInArea(polys, f) && of.pass(f) {
			ids = append(ids, f.Head().ID)
		}
	}
	slices.Sort(ids)
	return ids
}
