package local

import (
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// TestRoundTrip checks that Local and LLH invert each other (to 1 mm a
// km: LLH drops the tangent plane's height above the ellipsoid, which
// moves a point by about d³/R² in plan) and keep the height as is.
func TestRoundTrip(t *testing.T) {
	f := New(10, 50)
	for _, tc := range []struct {
		name   string
		x, y   float64
		height float64
	}{
		{"origin", 0, 0, 0},
		{"east, below the datum", 250, 0, -3.5},
		{"north-west, high", -1200, 900, 150},
		{"far", 5000, -5000, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := f.LLH(geo.Point3{tc.x, tc.y, tc.height})
			if p[2] != tc.height {
				t.Errorf("height %v, want %v as is", p[2], tc.height)
			}
			q := f.Local(p)
			if math.Hypot(q[0]-tc.x, q[1]-tc.y) > 1e-9+1e-6*math.Hypot(tc.x, tc.y) || q[2] != tc.height {
				t.Errorf("round trip %v, want %v, %v, %v", q, tc.x, tc.y, tc.height)
			}
			if all := f.LocalAll([]geo.Point3{p, p}); all[0] != q || all[1] != q {
				t.Errorf("LocalAll %v, want %v twice", all, q)
			}
		})
	}
}

// TestAround checks the origin at the centre of the plan bounds and the
// search bounds of a local rectangle.
func TestAround(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  []geo.Point3
	}{
		{"one point", []geo.Point3{{4.35, 52, 3}}},
		{"line", []geo.Point3{{4.35, 52, -1}, {4.36, 52.01, 40}}},
		{"heights ignored", []geo.Point3{{4.35, 52, -1000}, {4.36, 52.01, 1000}, {4.355, 52.002, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Around(tc.pts)
			b := geo.EmptyBounds()
			for _, p := range tc.pts {
				b = b.Extend(p)
			}
			c := b.Center()
			if o := f.Local(geo.Point3{c[0], c[1], 7}); math.Hypot(o[0], o[1]) > 1e-6 || o[2] != 7 {
				t.Errorf("centre at %v, want the origin", o)
			}
			sb := f.SearchBounds(-20, -10, 30, 15, -2, 9)
			if sb.Min[2] != -2 || sb.Max[2] != 9 {
				t.Errorf("heights %v..%v, want -2..9", sb.Min[2], sb.Max[2])
			}
			for _, x := range []float64{-20, 0, 30} {
				for _, y := range []float64{-10, 0, 15} {
					if p := f.LLH(geo.Point3{x, y, 0}); !sb.Contains(p) {
						t.Errorf("%v, %v m (%v) outside %v", x, y, p, sb)
					}
				}
			}
		})
	}
}
