package geo

import (
	"fmt"
	"math"
	"testing"
)

func TestENUAxes(t *testing.T) {
	origin := Point3{5.387, 52.155, 10}
	f := NewENU(origin)
	for _, tc := range []struct {
		name  string
		llh   Point3
		want  Point3
		tolM  float64
		check func(Point3) bool
	}{
		{"origin", origin, Point3{0, 0, 0}, 1e-6, nil},
		{"100 m up", Point3{5.387, 52.155, 110}, Point3{0, 0, 100}, 1e-6, nil},
		// One arc-second of latitude here is 30.9 m along the meridian
		// (M = a(1−e²)/(1−e²sin²φ)^1.5); the curvature drops it 7.5e-5 m.
		{"one arc-second north", Point3{5.387, 52.155 + 1.0/3600, 10}, Point3{0, 30.90, -7.5e-5}, 0.01, nil},
		{"east is +x", Point3{5.397, 52.155, 10}, Point3{}, 0, func(p Point3) bool { return p[0] > 680 && math.Abs(p[1]) < 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := f.FromLLH(tc.llh)
			if tc.check != nil {
				if !tc.check(got) {
					t.Errorf("FromLLH(%v) = %v", tc.llh, got)
				}
				return
			}
			if d := got.Dist(tc.want); d > tc.tolM {
				t.Errorf("FromLLH(%v) = %.6f, want %.6f", tc.llh, got, tc.want)
			}
		})
	}
}

func TestENURoundTrip(t *testing.T) {
	origins := []Point3{{5.387, 52.155, 0}, {-122.4, 37.8, 50}, {179.99, -16, 0}, {0, 89.9, 2000}, {30, -89.999, 0}}
	offsets := []Point3{{0, 0, 0}, {1, 2, 3}, {-500, 800, -20}, {20000, -30000, 150}, {-49000, 50000, 1000}}
	for _, o := range origins {
		f := NewENU(o)
		for _, d := range offsets {
			t.Run(fmt.Sprintf("%v+%v", o, d), func(t *testing.T) {
				back := f.FromLLH(f.ToLLH(d))
				if e := back.Dist(d); e > 1e-6 {
					t.Errorf("local %v → llh → %v (error %.2g m)", d, back, e)
				}
				viaMatrix := applyMatrix(f.Matrix(), d)
				if e := viaMatrix.Dist(f.ToECEF(d)); e > 1e-6 {
					t.Errorf("Matrix·%v = %v, ToECEF %v", d, viaMatrix, f.ToECEF(d))
				}
			})
		}
	}
}

func applyMatrix(m [16]float64, p Point3) Point3 {
	var q Point3
	for r := range 3 {
		q[r] = m[r]*p[0] + m[4+r]*p[1] + m[8+r]*p[2] + m[12+r]
	}
	return q
}

func TestToLocal(t *testing.T) {
	for _, tc := range []struct {
		name string
		llh  []Point3
	}{
		{"empty", nil},
		{"one point", []Point3{{5, 52, 3}}},
		{"block in Amersfoort", []Point3{{5.386, 52.154, 0}, {5.388, 52.154, 0}, {5.388, 52.156, 20}, {5.386, 52.156, 20}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, local := ToLocal(tc.llh)
			if len(local) != len(tc.llh) {
				t.Fatalf("%d local points for %d", len(local), len(tc.llh))
			}
			for i, p := range tc.llh {
				if d := groundM(f.ToLLH(local[i]), p); d > 1e-6 {
					t.Errorf("point %d does not map back (%.2g m)", i, d)
				}
				if n := math.Hypot(local[i][0], local[i][1]); n > 200 {
					t.Errorf("point %d is %.0f m from the frame origin", i, n)
				}
			}
		})
	}
}
