package query

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
)

// checkShape checks the geometry of s once it is in WGS84.
func checkShape(field string, s Shape) error {
	if s.Type == TypeLineString {
		distinct := false
		for _, p := range s.Line[1:] {
			distinct = distinct || p[0] != s.Line[0][0] || p[1] != s.Line[0][1]
		}
		if !distinct {
			return badRequest(field, "a LineString needs at least 2 distinct positions")
		}
	}
	for pi, poly := range s.Polygons {
		for ri, ring := range poly {
			name := ringName(len(s.Polygons) > 1, pi, ri)
			r := dedupe(toOrbRing(ring))
			if len(r) < 4 {
				return badRequest(field, "%s encloses no area", name)
			}
			if p, ok := selfIntersection(r); ok {
				return badRequest(field, "%s crosses or touches itself near (%g, %g)", name, p[0], p[1])
			}
			if signedArea(r) == 0 {
				return badRequest(field, "%s encloses no area", name)
			}
		}
	}
	return nil
}

func ringName(multi bool, poly, ring int) string {
	name := "outer ring"
	if ring > 0 {
		name = fmt.Sprintf("hole %d", ring)
	}
	if multi {
		name = fmt.Sprintf("polygon %d %s", poly, name)
	}
	return name
}

// toOrbRing returns the lon, lat of ring.
func toOrbRing(ring []geo.Point3) orb.Ring {
	r := make(orb.Ring, len(ring))
	for i, p := range ring {
		r[i] = orb.Point{p[0], p[1]}
	}
	return r
}

// dedupe drops consecutive repeated positions of a closed ring.
func dedupe(r orb.Ring) orb.Ring {
	out := r[:0:0]
	for i, p := range r {
		if i == 0 || p != r[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// signedArea is the shoelace area of a closed ring in its own units.
func signedArea(r orb.Ring) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// selfIntersection returns a point where two edges of the closed ring r
// that are not neighbours meet. It compares every pair of edges whose
// boxes overlap: at most MaxVertices²/2 tests.
func selfIntersection(r orb.Ring) (orb.Point, bool) {
	n := len(r) - 1 // edges
	boxes := make([]orb.Bound, n)
	for i := range n {
		boxes[i] = orb.Bound{Min: r[i], Max: r[i]}.Extend(r[i+1])
	}
	for i := range n {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue // the closing vertex joins them
			}
			if boxes[i].Intersects(boxes[j]) && segmentsIntersect(r[i], r[i+1], r[j], r[j+1]) {
				return r[j], true
			}
		}
	}
	return orb.Point{}, false
}

// checkArea checks an area geometry against the area and extent limits and
// returns its area in m².
func (l Limits) checkArea(field string, s Shape) (float64, error) {
	area := 0.0
	for _, poly := range s.Polygons {
		area += geo.GeoPolygonAreaM2(poly)
	}
	if area > l.MaxAreaM2 || math.IsNaN(area) {
		return 0, badRequest(field, "area of %.3g km² is over the limit of %g km²; query a smaller area",
			area/1e6, l.MaxAreaM2/1e6)
	}
	return area, l.checkExtent(field, s.Bounds())
}

// checkExtent checks the width and height of b (lon°, lat°) against
// MaxExtentM.
func (l Limits) checkExtent(field string, b geo.Bounds3) error {
	w, h := extentM(b)
	if math.Max(w, h) > l.MaxExtentM {
		return badRequest(field, "extends %.3g km × %.3g km, over the limit of %g km on a side; query a smaller area",
			w/1e3, h/1e3, l.MaxExtentM/1e3)
	}
	return nil
}

// extentM returns the east-west and north-south size of b in metres (on a
// sphere, at the latitude nearest the equator, so never less than true).
func extentM(b geo.Bounds3) (w, h float64) {
	lat := math.Min(math.Abs(b.Min[1]), math.Abs(b.Max[1]))
	if b.Min[1] < 0 && b.Max[1] > 0 {
		lat = 0
	}
	w = (b.Max[0] - b.Min[0]) * metresPerDegree * math.Cos(lat*math.Pi/180)
	h = (b.Max[1] - b.Min[1]) * metresPerDegree
	return w, h
}

// metresPerDegree is the length of a degree of latitude (mean), metres.
const metresPerDegree = 111_320.0
