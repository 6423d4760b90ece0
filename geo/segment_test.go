package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func seg(ax, ay, az, bx, by, bz float64) Segment3 {
	return Segment3{Point3{ax, ay, az}, Point3{bx, by, bz}}
}

func TestDistanceToPoint(t *testing.T) {
	s := seg(0, 0, 0, 10, 0, 0)
	for _, tc := range []struct {
		name  string
		s     Segment3
		p     Point3
		want  float64
		wantT float64
	}{
		{"projects inside", s, Point3{4, 3, 4}, 5, 0.4},
		{"before A", s, Point3{-3, 4, 0}, 5, 0},
		{"after B", s, Point3{13, 0, 4}, 5, 1},
		{"on the segment", s, Point3{7, 0, 0}, 0, 0.7},
		{"degenerate segment", seg(1, 1, 1, 1, 1, 1), Point3{1, 4, 5}, 5, 0},
		{"pipe below a building corner", seg(0, 0, -1.5, 0, 100, -1.5), Point3{2, 50, 0}, 2.5, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := tc.s.DistanceToPoint(tc.p); math.Abs(d-tc.want) > 1e-12 {
				t.Errorf("distance %v, want %v", d, tc.want)
			}
			if tt, _ := tc.s.ClosestPoint(tc.p); math.Abs(tt-tc.wantT) > 1e-12 {
				t.Errorf("t = %v, want %v", tt, tc.wantT)
			}
		})
	}
}

func TestSegmentDistance(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s, u   Segment3
		want   float64
		p, q   Point3
		unique bool // the closest pair is unique: check p and q
	}{
		{"skew, crossing in plan", seg(0, 0, 0, 2, 0, 0), seg(1, -1, 1, 1, 1, 1), 1, Point3{1, 0, 0}, Point3{1, 0, 1}, true},
		{"intersecting", seg(0, 0, 0, 2, 2, 0), seg(0, 2, 0, 2, 0, 0), 0, Point3{1, 1, 0}, Point3{1, 1, 0}, true},
		{"T junction", seg(0, 0, 0, 2, 0, 0), seg(1, 1, 0, 1, 5, 0), 1, Point3{1, 0, 0}, Point3{1, 1, 0}, true},
		{"endpoint to endpoint", seg(0, 0, 0, 1, 0, 0), seg(4, 4, 0, 5, 9, 0), 5, Point3{1, 0, 0}, Point3{4, 4, 0}, true},
		{"parallel, disjoint", seg(0, 0, 0, 1, 0, 0), seg(3, 1, 0, 4, 1, 0), math.Sqrt(5), Point3{1, 0, 0}, Point3{3, 1, 0}, true},
		{"parallel, overlapping", seg(0, 0, 0, 4, 0, 0), seg(1, 2, 0, 3, 2, 0), 2, Point3{}, Point3{}, false},
		{"antiparallel, overlapping", seg(0, 0, 0, 4, 0, 0), seg(3, 0, 2, 1, 0, 2), 2, Point3{}, Point3{}, false},
		{"collinear, overlapping", seg(0, 0, 0, 2, 0, 0), seg(1, 0, 0, 3, 0, 0), 0, Point3{}, Point3{}, false},
		{"collinear, disjoint", seg(0, 0, 0, 1, 0, 0), seg(2, 0, 0, 3, 0, 0), 1, Point3{1, 0, 0}, Point3{2, 0, 0}, true},
		{"first is a point", seg(1, 1, 1, 1, 1, 1), seg(0, 0, 0, 2, 0, 0), math.Sqrt2, Point3{1, 1, 1}, Point3{1, 0, 0}, true},
		{"second is a point", seg(0, 0, 0, 2, 0, 0), seg(3, 0, 4, 3, 0, 4), math.Sqrt(17), Point3{2, 0, 0}, Point3{3, 0, 4}, true},
		{"both points", seg(0, 0, 0, 0, 0, 0), seg(3, 4, 0, 3, 4, 0), 5, Point3{}, Point3{3, 4, 0}, true},
		{"gas over water main, 0.8 m clearance", seg(0, 50, -1.2, 100, 50, -1.2), seg(40, 0, -2, 40, 100, -2), 0.8, Point3{40, 50, -1.2}, Point3{40, 50, -2}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, p, q := SegmentDistance(tc.s, tc.u)
			if math.Abs(d-tc.want) > 1e-12 {
				t.Errorf("distance %v, want %v", d, tc.want)
			}
			if math.Abs(p.Dist(q)-d) > 1e-12 || tc.s.DistanceToPoint(p) > 1e-12 || tc.u.DistanceToPoint(q) > 1e-12 {
				t.Errorf("closest points %v, %v are not on the segments at distance %v", p, q, d)
			}
			if tc.unique && (p.Dist(tc.p) > 1e-12 || q.Dist(tc.q) > 1e-12) {
				t.Errorf("closest points %v, %v, want %v, %v", p, q, tc.p, tc.q)
			}
			if d2, _, _ := SegmentDistance(tc.u, tc.s); math.Abs(d2-d) > 1e-12 {
				t.Errorf("not symmetric: %v vs %v", d, d2)
			}
		})
	}
}

// minDistanceBySearch minimises the distance from a point moving along s to
// u by ternary search: the function is convex in the parameter.
func minDistanceBySearch(s, u Segment3) float64 {
	f := func(t float64) float64 { return u.DistanceToPoint(s.At(t)) }
	lo, hi := 0.0, 1.0
	for range 200 {
		m1, m2 := lo+(hi-lo)/3, hi-(hi-lo)/3
		if f(m1) < f(m2) {
			hi = m2
		} else {
			lo = m1
		}
	}
	return math.Min(f((lo+hi)/2), math.Min(f(0), f(1)))
}

func TestSegmentDistanceRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pt := func() Point3 { return Point3{r.NormFloat64() * 10, r.NormFloat64() * 10, r.NormFloat64() * 10} }
	for i := range 500 {
		s := Segment3{pt(), pt()}
		u := Segment3{pt(), pt()}
		if i%5 == 0 { // nearly parallel
			u = Segment3{s.A.Add(Point3{0.1, 0, 1}), s.B.Add(Point3{0, 0.1, 1})}
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			d, _, _ := SegmentDistance(s, u)
			if want := minDistanceBySearch(s, u); math.Abs(d-want) > 1e-9 {
				t.Errorf("SegmentDistance %v, search %v", d, want)
			}
		})
	}
}

func BenchmarkSegmentDistance(b *testing.B) {
	r := rand.New(rand.NewPCG(42, 42))
	segs := make([]Segment3, 1024)
	for i := range segs {
		a := Point3{r.Float64() * 100, r.Float64() * 100, -r.Float64() * 3}
		segs[i] = Segment3{a, a.Add(Point3{r.Float64() * 20, r.Float64() * 20, 0})}
	}
	b.ReportAllocs()
	var sink float64
	for i := 0; b.Loop(); i++ {
		d, _, _ := SegmentDistance(segs[i%1024], segs[(i*7+3)%1024])
		sink += d
	}
	_ = sink
}
