package query

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// testShape is a named query area: polygons in lon°, lat° and their
// GeoJSON.
type testShape struct {
	name  string
	polys []oraclePoly
}

// geoJSON returns the shape as a GeoJSON Polygon or MultiPolygon.
func (s testShape) geoJSON() json.RawMessage {
	coords := func(p oraclePoly) [][][2]float64 {
		out := make([][][2]float64, len(p))
		for i, r := range p {
			for _, q := range r {
				out[i] = append(out[i], [2]float64{q[0], q[1]})
			}
		}
		return out
	}
	var g map[string]any
	if len(s.polys) == 1 {
		g = map[string]any{"type": "Polygon", "coordinates": coords(s.polys[0])}
	} else {
		var mp [][][][2]float64
		for _, p := range s.polys {
			mp = append(mp, coords(p))
		}
		g = map[string]any{"type": "MultiPolygon", "coordinates": mp}
	}
	b, _ := json.Marshal(g)
	return b
}

// shapeMaker draws random shapes inside an extent, sizes in metres.
type shapeMaker struct {
	rng    *rand.Rand
	ext    geo.Bounds3
	mLon   float64 // degrees per metre east
	mLat   float64 // degrees per metre north
	sizeLo float64
	sizeHi float64
	// anchors, when set, are where shapes are centred (near data).
	anchors []geo.Point3
}

// newShapeMaker returns a maker of shapes centred on features of all.
func newShapeMaker(seed uint64, all []twin.Feature, sizeLo, sizeHi float64) *shapeMaker {
	ext := extent(all)
	lat := (ext.Min[1] + ext.Max[1]) / 2
	m := &shapeMaker{rng: rand.New(rand.NewPCG(seed, seed+1)), ext: ext,
		mLat: 1 / 111_320.0, mLon: 1 / (111_320 * math.Cos(lat*math.Pi/180)), sizeLo: sizeLo, sizeHi: sizeHi}
	for _, f := range all {
		m.anchors = append(m.anchors, f.Bounds().Center())
	}
	return m
}

// centre picks an anchor, or a point in the extent.
func (m *shapeMaker) centre() (float64, float64) {
	if len(m.anchors) > 0 {
		p := m.anchors[m.rng.IntN(len(m.anchors))]
		return p[0], p[1]
	}
	return m.ext.Min[0] + m.rng.Float64()*(m.ext.Max[0]-m.ext.Min[0]),
		m.ext.Min[1] + m.rng.Float64()*(m.ext.Max[1]-m.ext.Min[1])
}

// star is a closed simple polygon of n vertices around (cx, cy) whose
// radius alternates between r and r·inner (a concave star for inner < 1).
func (m *shapeMaker) star(cx, cy, r, inner float64, n int) []geo.Point3 {
	ring := make([]geo.Point3, 0, n+1)
	rot := m.rng.Float64() * math.Pi
	for i := range n {
		a := rot + 2*math.Pi*float64(i)/float64(n)
		rr := r
		if i%2 == 1 {
			rr *= inner
		}
		ring = append(ring, geo.Point3{cx + rr*math.Cos(a)*m.mLon, cy + rr*math.Sin(a)*m.mLat})
	}
	return append(ring, ring[0])
}

func (m *shapeMaker) size() float64 { return m.sizeLo + m.rng.Float64()*(m.sizeHi-m.sizeLo) }

// shapes returns n shapes of every sort in turn: box, triangle, concave
// star, polygon with a hole, MultiPolygon of two stars.
func (m *shapeMaker) shapes(n int) []testShape {
	var out []testShape
	for i := range n {
		cx, cy := m.centre()
		r := m.size()
		var s testShape
		switch i % 5 {
		case 0:
			s = testShape{"box", []oraclePoly{{m.star(cx, cy, r, 1, 4)}}}
		case 1:
			s = testShape{"triangle", []oraclePoly{{m.star(cx, cy, r, 1, 3)}}}
		case 2:
			s = testShape{"star", []oraclePoly{{m.star(cx, cy, r, 0.4, 14)}}}
		case 3:
			s = testShape{"holed", []oraclePoly{{m.star(cx, cy, r, 1, 6), m.star(cx, cy, r*0.5, 1, 5)}}}
		case 4:
			cx2, cy2 := cx+r*1.2*m.mLon, cy+r*0.3*m.mLat
			s = testShape{"multi", []oraclePoly{{m.star(cx, cy, r*0.7, 0.6, 8)}, {m.star(cx2, cy2, r*0.6, 0.6, 10)}}}
		}
		s.name = fmt.Sprintf("%s-%d", s.name, i)
		out = append(out, s)
	}
	return out
}
