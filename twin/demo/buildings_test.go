package demo

import (
	"math"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

type poly struct {
	id     string
	rings  [][][2]float64 // closed rings in local metres
	lo, hi [2]float64
}

func localPolys(f localFrame, bs []*twin.Building) []poly {
	out := make([]poly, 0, len(bs))
	for _, b := range bs {
		p := poly{id: b.ID, lo: [2]float64{math.Inf(1), math.Inf(1)}, hi: [2]float64{math.Inf(-1), math.Inf(-1)}}
		for _, r := range b.Footprint {
			var ring [][2]float64
			for _, q := range r {
				l := f.local([3]float64{q[0], q[1], b.BaseM})
				ring = append(ring, [2]float64{l[0], l[1]})
				for i := range 2 {
					p.lo[i], p.hi[i] = min(p.lo[i], l[i]), max(p.hi[i], l[i])
				}
			}
			p.rings = append(p.rings, ring)
		}
		out = append(out, p)
	}
	return out
}

func signedArea(r [][2]float64) float64 {
	a := 0.0
	for i := 1; i < len(r); i++ {
		a += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return a / 2
}

// segsTouch reports whether plan segments a0-a1 and b0-b1 share a point.
func segsTouch(a0, a1, b0, b1 [2]float64) bool {
	o := func(p, q, r [2]float64) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	on := func(p, q, r [2]float64) bool {
		return min(p[0], q[0])-1e-9 <= r[0] && r[0] <= max(p[0], q[0])+1e-9 &&
			min(p[1], q[1])-1e-9 <= r[1] && r[1] <= max(p[1], q[1])+1e-9
	}
	d1, d2, d3, d4 := o(b0, b1, a0), o(b0, b1, a1), o(a0, a1, b0), o(a0, a1, b1)
	if (d1 > 1e-9 && d2 < -1e-9 || d1 < -1e-9 && d2 > 1e-9) && (d3 > 1e-9 && d4 < -1e-9 || d3 < -1e-9 && d4 > 1e-9) {
		return true
	}
	return math.Abs(d1) <= 1e-9 && on(b0, b1, a0) || math.Abs(d2) <= 1e-9 && on(b0, b1, a1) ||
		math.Abs(d3) <= 1e-9 && on(a0, a1, b0) || math.Abs(d4) <= 1e-9 && on(a0, a1, b1)
}

// simple reports whether a closed ring has no self-intersection.
func simple(r [][2]float64) bool {
	n := len(r) - 1
	for i := range n {
		for j := i + 1; j < n; j++ {
			if j == i+1 || i == 0 && j == n-1 {
				continue
			}
			if segsTouch(r[i], r[i+1], r[j], r[j+1]) {
				return false
			}
		}
	}
	return true
}

func inRing(p [2]float64, r [][2]float64) bool {
	in := false
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			in = !in
		}
	}
	return in
}

func inPoly(p [2]float64, q poly) bool {
	if !inRing(p, q.rings[0]) {
		return false
	}
	for _, h := range q.rings[1:] {
		if inRing(p, h) {
			return false
		}
	}
	return true
}

// overlaps reports whether the interiors of a and b overlap: an edge of one
// properly crosses an edge of the other, or a point just inside an edge of
// one lies inside the other. Shared walls do not count.
func overlaps(a, b poly) bool {
	for _, pair := range [2][2]poly{{a, b}, {b, a}} {
		p, q := pair[0], pair[1]
		for _, r := range p.rings {
			for i := 1; i < len(r); i++ {
				u, v := r[i-1], r[i]
				l := math.Hypot(v[0]-u[0], v[1]-u[1])
				// Outer rings run anticlockwise and holes clockwise: the
				// interior is always on the left.
				mid := [2]float64{(u[0]+v[0])/2 - (v[1]-u[1])/l*0.05, (u[1]+v[1])/2 + (v[0]-u[0])/l*0.05}
				if inPoly(mid, q) || crossesAny(u, v, q) {
					return true
				}
			}
		}
	}
	return false
}

// crossesAny reports whether u-v properly crosses an edge of q: the ends
// of each lie more than 0.1 mm on opposite sides of the other.
func crossesAny(u, v [2]float64, q poly) bool {
	side := func(p, a, b [2]float64) float64 {
		return ((a[0]-p[0])*(b[1]-p[1]) - (a[1]-p[1])*(b[0]-p[0])) / math.Hypot(b[0]-a[0], b[1]-a[1])
	}
	apart := func(x, y float64) bool { return x > 1e-4 && y < -1e-4 || x < -1e-4 && y > 1e-4 }
	for _, r := range q.rings {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if apart(side(u, a, b), side(v, a, b)) && apart(side(a, u, v), side(b, u, v)) {
				return true
			}
		}
	}
	return false
}

func box(x0, y0, x1, y1 float64) [][2]float64 {
	return [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func hole(x0, y0, x1, y1 float64) [][2]float64 {
	return [][2]float64{{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}}
}

func TestOverlaps(t *testing.T) {
	a := poly{id: "a", rings: [][][2]float64{box(0, 0, 10, 10)}}
	ring := poly{id: "ring", rings: [][][2]float64{box(0, 0, 100, 100), hole(15, 15, 85, 85)}}
	for _, tc := range []struct {
		name string
		a, b poly
		want bool
	}{
		{"shared wall", a, poly{rings: [][][2]float64{box(10, 0, 20, 10)}}, false},
		{"apart", a, poly{rings: [][][2]float64{box(30, 0, 40, 10)}}, false},
		{"partial", a, poly{rings: [][][2]float64{box(5, 5, 15, 15)}}, true},
		{"contained", a, poly{rings: [][][2]float64{box(2, 2, 8, 8)}}, true},
		{"plus sign", poly{rings: [][][2]float64{box(0, 4, 10, 6)}}, poly{rings: [][][2]float64{box(4, 0, 6, 10)}}, true},
		{"in courtyard", ring, poly{rings: [][][2]float64{box(30, 30, 70, 50)}}, false},
		{"into wing", ring, poly{rings: [][][2]float64{box(30, 10, 70, 50)}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := overlaps(tc.a, tc.b); got != tc.want {
				t.Errorf("overlaps = %v, want %v", got, tc.want)
			}
			if !simple(tc.b.rings[0]) {
				t.Errorf("box not simple")
			}
		})
	}
}

func TestFootprints(t *testing.T) {
	f := newLocalFrame(t)
	for _, seed := range []int64{1, 2, 3} {
		c, _ := generate(t, Options{Seed: seed})
		ps := localPolys(f, c.Buildings)
		for _, p := range ps {
			for i, r := range p.rings {
				if a := signedArea(r); i == 0 && a <= 0 || i > 0 && a >= 0 {
					t.Errorf("seed %d: %s ring %d has area %.1f (outer must be anticlockwise, holes clockwise)", seed, p.id, i, a)
				}
				if !simple(r) {
					t.Errorf("seed %d: %s ring %d intersects itself", seed, p.id, i)
				}
			}
		}
		for i := range ps {
			for j := i + 1; j < len(ps); j++ {
				a, b := ps[i], ps[j]
				if a.hi[0] < b.lo[0] || b.hi[0] < a.lo[0] || a.hi[1] < b.lo[1] || b.hi[1] < a.lo[1] {
					continue
				}
				if overlaps(a, b) {
					t.Errorf("seed %d: footprints of %s and %s overlap", seed, a.id, b.id)
				}
			}
		}
	}
}
