package tiles

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

func TestConvexHull(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  []geo.Point3
		want []geo.Point3
	}{
		{"square with inner and edge points", ring(0, 0, 2, 0, 4, 0, 4, 4, 1, 1, 0, 4, 2, 2, 0, 2), ring(0, 0, 4, 0, 4, 4, 0, 4)},
		{"clockwise L", reversed(ring(0, 0, 6, 0, 6, 2, 2, 2, 2, 6, 0, 6)), ring(0, 0, 6, 0, 6, 2, 2, 6, 0, 6)},
		{"collinear", ring(0, 0, 1, 1, 3, 3, 2, 2), ring(0, 0, 3, 3)},
		{"one point twice", ring(1, 1, 1, 1), ring(1, 1)},
		{"empty", nil, []geo.Point3{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ConvexHull(tc.pts); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestConvexHullRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		pts := make([]geo.Point3, 200)
		for i := range pts {
			pts[i] = geo.Point3{rng.NormFloat64() * 10, rng.NormFloat64() * 3, 0}
		}
		hull := ConvexHull(pts)
		for k := range hull {
			a, b := hull[k], hull[(k+1)%len(hull)]
			if triOrient(hull[(k+len(hull)-1)%len(hull)], a, b) <= 0 {
				t.Fatalf("hull not strictly convex counter-clockwise at %v", a)
			}
			for _, p := range pts {
				if triOrient(a, b, p) < 0 {
					t.Fatalf("point %v outside hull edge %v–%v", p, a, b)
				}
			}
		}
	}
}

func TestMinAreaRect(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name   string
		pts    []geo.Point3
		hl, hw float64
		axis   geo.Point3 // up to sign; zero: not checked
	}{
		{"rectangle", rect(0, 0, 20, 10), 10, 5, geo.Point3{1, 0, 0}},
		{"tall rectangle", rect(0, 0, 4, 9), 4.5, 2, geo.Point3{0, 1, 0}},
		{"rotated rectangle", rotated(rect(-10, -5, 10, 5), 33, 7, -3), 10, 5, geo.Point3{math.Cos(33 * math.Pi / 180), math.Sin(33 * math.Pi / 180), 0}},
		{"random cloud", randomCloud(rng, 100), 0, 0, geo.Point3{}},
		{"collinear", ring(0, 0, 1, 1, 3, 3), 3 * math.Sqrt2 / 2, 0, geo.Point3{math.Sqrt2 / 2, math.Sqrt2 / 2, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := MinAreaRect(tc.pts)
			if !ok {
				t.Fatal("not ok")
			}
			if tc.hl > 0 && (math.Abs(r.HalfLength-tc.hl) > 1e-9 || math.Abs(r.HalfWidth-tc.hw) > 1e-9) {
				t.Fatalf("half sides %g × %g, want %g × %g", r.HalfLength, r.HalfWidth, tc.hl, tc.hw)
			}
			if tc.axis != (geo.Point3{}) && math.Abs(math.Abs(r.Axis.Dot(tc.axis))-1) > 1e-9 {
				t.Errorf("axis %v, want ±%v", r.Axis, tc.axis)
			}
			for _, p := range tc.pts {
				if s, u := r.Local(p); math.Abs(s) > r.HalfLength+1e-9 || math.Abs(u) > r.HalfWidth+1e-9 {
					t.Fatalf("point %v outside the rectangle", p)
				}
			}
			// No rectangle at a sampled angle is smaller.
			for k := range 720 {
				a := math.Pi * float64(k) / 720
				if c := rectAlong(tc.pts, geo.Point3{math.Cos(a), math.Sin(a), 0}); c.Area() < r.Area()-1e-9 {
					t.Fatalf("rectangle at %g° has area %g < %g", a*180/math.Pi, c.Area(), r.Area())
				}
			}
		})
	}
	if _, ok := MinAreaRect(nil); ok {
		t.Error("empty input ok")
	}
}

func randomCloud(rng *rand.Rand, n int) []geo.Point3 {
	pts := make([]geo.Point3, n)
	for i := range pts {
		pts[i] = geo.Point3{rng.Float64()*30 + rng.Float64()*10, rng.Float64()*10 + rng.Float64()*20, 0}
	}
	return pts
}

func TestSimplifyFootprint(t *testing.T) {
	lshape := [][]geo.Point3{ring(0, 0, 20, 0, 20, 8, 8, 8, 8, 16, 0, 16)}
	court := [][]geo.Point3{rect(0, 0, 30, 30), rect(10, 10, 20, 20)}
	for _, tc := range []struct {
		name     string
		simplify func([][]geo.Point3) ([]geo.Point3, float64, bool)
		fp       [][]geo.Point3
		area     float64
		dev      float64
	}{
		{"L to rectangle", SimplifyToRect, lshape, 320, 8},
		{"L to hull", SimplifyToHull, lshape, 320 - 48, 96 / math.Sqrt(208)},
		{"courtyard to rectangle", SimplifyToRect, court, 900, 10},
		{"rectangle unchanged", SimplifyToRect, [][]geo.Point3{rect(0, 0, 5, 3)}, 15, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, dev, ok := tc.simplify(tc.fp)
			if !ok {
				t.Fatal("not ok")
			}
			if a := geo.SignedArea(r); math.Abs(a-tc.area) > 1e-9 {
				t.Errorf("area %g (signed), want %g counter-clockwise", a, tc.area)
			}
			if dev > tc.dev+1e-9 || dev < tc.dev-DeviationTolM {
				t.Errorf("deviation %g, want %g", dev, tc.dev)
			}
		})
	}
}

func TestSimplifyPolyline(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var noisy []geo.Point3
	for k := range 101 {
		noisy = append(noisy, geo.Point3{float64(k), 0.02 * rng.NormFloat64(), -2 + 0.02*rng.NormFloat64()})
	}
	for _, tc := range []struct {
		name string
		line []geo.Point3
		tol  float64
		n    int // expected vertex count; 0: not checked
	}{
		{"noisy straight line", noisy, 0.2, 2},
		{"noisy line, fine tolerance", noisy, 0.01, 0},
		{"collinear points dropped", []geo.Point3{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {3, 3, 3}}, 0, 2},
		{"corner kept", []geo.Point3{{0, 0, 0}, {5, 0, 0}, {5, 5, 0}, {5, 5, 5}}, 0.5, 4},
		{"two points", []geo.Point3{{0, 0, 0}, {1, 0, 0}}, 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, dev := SimplifyPolyline(tc.line, tc.tol)
			if tc.n > 0 && len(out) != tc.n {
				t.Fatalf("%d points, want %d", len(out), tc.n)
			}
			if out[0] != tc.line[0] || out[len(out)-1] != tc.line[len(tc.line)-1] {
				t.Fatal("ends not kept")
			}
			if dev > tc.tol {
				t.Errorf("deviation %g above tolerance %g", dev, tc.tol)
			}
			if h := directedHausdorff(devSegments(tc.line, false, false), devSegments(out, false, false)); h > dev+1e-12 {
				t.Errorf("original strays %g from the simplified line, reported %g", h, dev)
			}
		})
	}
}

func TestPolylineDeviation(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []geo.Point3
		want float64
	}{
		{"identical", []geo.Point3{{0, 0, 0}, {5, 0, 0}}, []geo.Point3{{0, 0, 0}, {5, 0, 0}}, 0},
		{"parallel", []geo.Point3{{0, 0, 0}, {5, 0, 0}}, []geo.Point3{{0, 0, 1}, {5, 0, 1}}, 1},
		{"point and line", []geo.Point3{{2, 3, 0}}, []geo.Point3{{0, 0, 0}, {5, 0, 0}}, math.Hypot(3, 3)},
		{"bump", []geo.Point3{{0, 0, 0}, {10, 0, 0}}, []geo.Point3{{0, 0, 0}, {4, 0, 0}, {5, 2, 0}, {6, 0, 0}, {10, 0, 0}}, 2},
		{"empty and empty", nil, nil, 0},
		{"empty and line", nil, []geo.Point3{{0, 0, 0}}, math.Inf(1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PolylineDeviation(tc.a, tc.b); !(math.Abs(got-tc.want) <= DeviationTolM) && got != tc.want {
				t.Fatalf("got %g, want %g", got, tc.want)
			}
		})
	}
	if got := PolylineDeviation([]geo.Point3{{math.NaN(), 0, 0}}, []geo.Point3{{0, 0, 0}}); !math.IsNaN(got) {
		t.Errorf("NaN input: got %g", got)
	}
}

func TestDirectedHausdorffInterior(t *testing.T) {
	// The farthest point of a from b is inside a's segment, not at a vertex.
	a := devSegments([]geo.Point3{{0, 0, 0}, {10, 0, 0}}, false, false)
	b := devSegments([]geo.Point3{{0, 0, 0}, {4, 0, 0}, {5, 5, 0}, {6, 0, 0}, {10, 0, 0}}, false, false)
	want := 5 / math.Sqrt(26)
	if got := directedHausdorff(a, b); got > want+1e-12 || got < want-DeviationTolM {
		t.Fatalf("got %g, want %g", got, want)
	}
}
