package geo

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// rect returns the counter-clockwise, open ring of the axis-aligned
// rectangle [x0, x1] × [y0, y1].
func rect(x0, y0, x1, y1 float64) []Point3 {
	return []Point3{{x0, y0, 0}, {x1, y0, 0}, {x1, y1, 0}, {x0, y1, 0}}
}

func closed(r []Point3) []Point3 { return append(slices.Clone(r), r[0]) }

func reversed(r []Point3) []Point3 {
	c := slices.Clone(r)
	slices.Reverse(c)
	return c
}

func TestSignedAreaAndOrientation(t *testing.T) {
	sq := rect(0, 0, 10, 10)
	for _, tc := range []struct {
		name   string
		ring   []Point3
		want   float64
		orient orb.Orientation
	}{
		{"CCW square", sq, 100, orb.CCW},
		{"CCW square, closed", closed(sq), 100, orb.CCW},
		{"CW square", reversed(sq), -100, orb.CW},
		{"triangle", []Point3{{0, 0, 5}, {4, 0, 6}, {0, 3, 7}}, 6, orb.CCW},
		{"far from the origin (RD coordinates)", rect(155000, 463000, 155000.5, 463000.25), 0.125, orb.CCW},
		{"collinear", []Point3{{0, 0, 0}, {1, 1, 0}, {2, 2, 0}}, 0, 0},
		{"two points", []Point3{{0, 0, 0}, {1, 1, 0}}, 0, 0},
		{"empty", nil, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a := SignedArea(tc.ring); math.Abs(a-tc.want) > 1e-9 {
				t.Errorf("SignedArea = %v, want %v", a, tc.want)
			}
			if o := Orientation(tc.ring); o != tc.orient {
				t.Errorf("Orientation = %v, want %v", o, tc.orient)
			}
		})
	}
}

func TestPolygonArea(t *testing.T) {
	outer, hole := rect(0, 0, 10, 10), rect(2, 2, 4, 4)
	for _, tc := range []struct {
		name  string
		rings [][]Point3
		want  float64
	}{
		{"square", [][]Point3{outer}, 100},
		{"CW outer", [][]Point3{reversed(outer)}, 100},
		{"with CW hole", [][]Point3{outer, reversed(hole)}, 96},
		{"with CCW hole", [][]Point3{outer, hole}, 96},
		{"two holes, closed rings", [][]Point3{closed(outer), closed(hole), closed(rect(6, 6, 9, 7))}, 93},
		{"L shape", [][]Point3{{{0, 0, 0}, {3, 0, 0}, {3, 1, 0}, {1, 1, 0}, {1, 3, 0}, {0, 3, 0}}}, 5},
		{"empty", nil, 0},
		{"degenerate outer", [][]Point3{{{0, 0, 0}, {1, 0, 0}}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a := PolygonArea(tc.rings); math.Abs(a-tc.want) > 1e-9 {
				t.Errorf("PolygonArea = %v, want %v", a, tc.want)
			}
		})
	}
}

func TestPointInPolygon(t *testing.T) {
	withHole := [][]Point3{rect(0, 0, 10, 10), reversed(rect(2, 2, 4, 4))}
	u := [][]Point3{{{0, 0, 0}, {6, 0, 0}, {6, 6, 0}, {4, 6, 0}, {4, 2, 0}, {2, 2, 0}, {2, 6, 0}, {0, 6, 0}}}
	for _, tc := range []struct {
		name  string
		rings [][]Point3
		p     Point3
		want  bool
	}{
		{"inside", withHole, Point3{5, 5, 99}, true},
		{"outside", withHole, Point3{11, 5, 0}, false},
		{"in the hole", withHole, Point3{3, 3, 0}, false},
		{"on the outer edge", withHole, Point3{10, 5, 0}, true},
		{"on an outer vertex", withHole, Point3{0, 0, 0}, true},
		{"on the hole edge", withHole, Point3{3, 2, 0}, true},
		{"on a hole vertex", withHole, Point3{4, 4, 0}, true},
		{"in the notch of a U", u, Point3{3, 4, 0}, false},
		{"in an arm of a U", u, Point3{1, 5, 0}, true},
		{"closed rings", [][]Point3{closed(rect(0, 0, 1, 1))}, Point3{0.5, 0.5, 0}, true},
		{"empty polygon", nil, Point3{0, 0, 0}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PointInPolygon(tc.rings, tc.p); got != tc.want {
				t.Errorf("PointInPolygon(%v) = %v", tc.p, got)
			}
		})
	}
}

func TestGeoPolygonAreaM2(t *testing.T) {
	for _, tc := range []struct {
		name   string
		origin Point3
		local  [][]Point3
		want   float64
	}{
		{"100 × 50 m in Amersfoort", Point3{5.387, 52.155, 0}, [][]Point3{rect(-50, -25, 50, 25)}, 5000},
		{"with a 10 × 10 m courtyard", Point3{5.387, 52.155, 0}, [][]Point3{rect(-50, -25, 50, 25), rect(0, 0, 10, 10)}, 4900},
		{"2 × 2 km near the Arctic circle", Point3{25.7, 66.5, 100}, [][]Point3{rect(-1000, -1000, 1000, 1000)}, 4e6},
		{"footprint in Nairobi", Point3{36.82, -1.29, 1700}, [][]Point3{{{0, 0, 0}, {12, 0, 0}, {12, 9, 0}}}, 54},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewENU(tc.origin)
			rings := make([][]Point3, len(tc.local))
			for i, r := range tc.local {
				for _, p := range r {
					rings[i] = append(rings[i], f.ToLLH(p))
				}
			}
			if a := GeoPolygonAreaM2(rings); math.Abs(a-tc.want) > 1e-6*tc.want {
				t.Errorf("GeoPolygonAreaM2 = %.6f m², want %v", a, tc.want)
			}
		})
	}
}
