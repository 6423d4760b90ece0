package tiles

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// ring builds a ring from x, y pairs.
func ring(xy ...float64) []geo.Point3 {
	r := make([]geo.Point3, 0, len(xy)/2)
	for i := 0; i+1 < len(xy); i += 2 {
		r = append(r, geo.Point3{xy[i], xy[i+1], 0})
	}
	return r
}

// reversed returns r in the other winding.
func reversed(r []geo.Point3) []geo.Point3 {
	out := slices.Clone(r)
	slices.Reverse(out)
	return out
}

// closed returns r with its first point repeated at the end.
func closed(r []geo.Point3) []geo.Point3 { return append(slices.Clone(r), r[0]) }

// rect returns the counter-clockwise rectangle x0..x1 × y0..y1.
func rect(x0, y0, x1, y1 float64) []geo.Point3 { return ring(x0, y0, x1, y0, x1, y1, x0, y1) }

// star returns a star polygon of n vertices with radii in [r0, r1] (seeded).
func star(n int, r0, r1 float64, seed uint64) []geo.Point3 {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]geo.Point3, n)
	for i := range out {
		a := 2 * math.Pi * float64(i) / float64(n)
		r := r0 + (r1-r0)*rng.Float64()
		out[i] = geo.Point3{r * math.Cos(a), r * math.Sin(a), 0}
	}
	return out
}

// checkTriangulation asserts valid indices, counter-clockwise triangles
// inside the polygon and the polygon's area conserved within relTol.
func checkTriangulation(t *testing.T, rings [][]geo.Point3, tris []uint32, relTol float64) {
	t.Helper()
	flat := FlattenRings(rings)
	if len(tris)%3 != 0 {
		t.Fatalf("%d indices is not a multiple of 3", len(tris))
	}
	sum := 0.0
	for k := 0; k < len(tris); k += 3 {
		for _, i := range tris[k : k+3] {
			if int(i) >= len(flat) {
				t.Fatalf("index %d out of range (%d points)", i, len(flat))
			}
		}
		a, b, c := flat[tris[k]], flat[tris[k+1]], flat[tris[k+2]]
		ar := triOrient(a, b, c) / 2
		if ar <= 0 {
			t.Fatalf("triangle %d (%v %v %v) has area %g: wrong winding", k/3, a, b, c, ar)
		}
		sum += ar
		if g := a.Add(b).Add(c).Scale(1.0 / 3); !geo.PointInPolygon(rings, g) {
			t.Fatalf("triangle %d (%v %v %v) centroid %v lies outside the polygon", k/3, a, b, c, g)
		}
	}
	want := geo.PolygonArea(rings)
	if math.Abs(sum-want) > relTol*want {
		t.Fatalf("triangles cover %.12g, polygon area %.12g", sum, want)
	}
}

func TestTriangulate(t *testing.T) {
	sq := rect(0, 0, 10, 10)
	for _, tc := range []struct {
		name  string
		rings [][]geo.Point3
		tris  int // expected triangle count; 0: do not check
	}{
		{"square ccw", [][]geo.Point3{sq}, 2},
		{"square cw", [][]geo.Point3{reversed(sq)}, 2},
		{"square closed", [][]geo.Point3{closed(sq)}, 2},
		{"triangle", [][]geo.Point3{ring(0, 0, 4, 0, 0, 3)}, 1},
		{"L shape", [][]geo.Point3{ring(0, 0, 6, 0, 6, 2, 2, 2, 2, 6, 0, 6)}, 4},
		{"U shape", [][]geo.Point3{ring(0, 0, 9, 0, 9, 9, 6, 9, 6, 3, 3, 3, 3, 9, 0, 9)}, 6},
		{"U shape cw closed", [][]geo.Point3{closed(reversed(ring(0, 0, 9, 0, 9, 9, 6, 9, 6, 3, 3, 3, 3, 9, 0, 9)))}, 6},
		{"collinear runs", [][]geo.Point3{ring(0, 0, 1, 0, 2, 0, 3, 0, 3, 1, 3, 2, 3, 3, 2, 3, 0, 3, 0, 2, 0, 1)}, 9},
		{"duplicate points", [][]geo.Point3{ring(0, 0, 0, 0, 5, 0, 5, 0, 5, 0, 5, 5, 0, 5, 0, 0)}, 2},
		{"spike", [][]geo.Point3{ring(0, 0, 5, 0, 5, 5, 8, 5, 5, 5, 0, 5)}, 2},
		{"comb", [][]geo.Point3{ring(0, 0, 7, 0, 7, 3, 6, 3, 6, 1, 5, 1, 5, 3, 4, 3, 4, 1, 3, 1, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3)}, 0},
		{"one hole", [][]geo.Point3{sq, rect(3, 3, 7, 7)}, 8},
		{"one hole same winding", [][]geo.Point3{sq, reversed(rect(3, 3, 7, 7))}, 8},
		{"one hole closed rings", [][]geo.Point3{closed(reversed(sq)), closed(rect(2, 3, 4, 8))}, 8},
		{"several holes", [][]geo.Point3{rect(0, 0, 10, 10), rect(1, 1, 3, 3), rect(4, 1, 6, 3), rect(7, 1, 9, 3),
			rect(1, 5, 3, 9), reversed(rect(5, 5, 9, 9))}, 0},
		{"pinched at a vertex", [][]geo.Point3{ring(0, 0, 2, 2, 4, 0, 4, 4, 2, 2, 0, 4)}, 2},
		{"touching its own edge", [][]geo.Point3{ring(0, 0, 4, 0, 4, 4, 2, 0, 0, 4)}, 2},
		{"hole touching outer at a vertex", [][]geo.Point3{sq, ring(0, 5, 3, 3, 3, 7)}, 0},
		{"hole touching another hole", [][]geo.Point3{sq, rect(2, 2, 5, 5), rect(5, 5, 8, 8)}, 0},
		{"degenerate hole skipped", [][]geo.Point3{sq, ring(2, 2, 3, 3, 4, 4)}, 2},
		{"star 200", [][]geo.Point3{star(200, 20, 100, 7)}, 198},
		{"star 200 with hole", [][]geo.Point3{star(200, 20, 100, 8), reversed(star(40, 5, 15, 9))}, 0},
		{"far from origin", [][]geo.Point3{ring(1e5, 4e5, 1e5+12.5, 4e5, 1e5+12.5, 4e5+8, 1e5, 4e5+8),
			rect(1e5+2, 4e5+2, 1e5+4, 4e5+4)}, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tris, err := Triangulate(tc.rings)
			if err != nil {
				t.Fatal(err)
			}
			checkTriangulation(t, tc.rings, tris, 1e-6)
			if tc.tris > 0 && len(tris)/3 != tc.tris {
				t.Errorf("%d triangles, want %d", len(tris)/3, tc.tris)
			}
		})
	}
}

func TestTriangulateErrors(t *testing.T) {
	sq := rect(0, 0, 10, 10)
	for _, tc := range []struct {
		name  string
		rings [][]geo.Point3
		want  error
	}{
		{"no rings", nil, ErrDegeneratePolygon},
		{"two points", [][]geo.Point3{ring(0, 0, 1, 1)}, ErrDegeneratePolygon},
		{"all collinear", [][]geo.Point3{ring(0, 0, 1, 1, 2, 2, 3, 3)}, ErrDegeneratePolygon},
		{"all the same", [][]geo.Point3{ring(1, 1, 1, 1, 1, 1)}, ErrDegeneratePolygon},
		{"NaN", [][]geo.Point3{ring(0, 0, 1, math.NaN(), 0, 1)}, ErrDegeneratePolygon},
		{"infinite", [][]geo.Point3{ring(0, 0, math.Inf(1), 0, 0, 1)}, ErrDegeneratePolygon},
		{"bowtie", [][]geo.Point3{ring(0, 0, 4, 4, 4, 0, 0, 1)}, ErrSelfIntersecting},
		{"symmetric bowtie", [][]geo.Point3{ring(0, 0, 2, 2, 2, 0, 0, 2)}, ErrSelfIntersecting},
		{"bowtie hole", [][]geo.Point3{sq, ring(2, 2, 4, 4, 4, 2, 2, 4)}, ErrSelfIntersecting},
		{"tiny", [][]geo.Point3{ring(0, 0, 1, 0, 1, 1e-13)}, ErrDegeneratePolygon},
		{"crossing at a vertex", [][]geo.Point3{ring(0, 0, 2, 2, 4, 4, 4, 0, 2, 2, 0, 5)}, ErrSelfIntersecting},
		{"hole crossing outer at vertices", [][]geo.Point3{sq, ring(1, 0, 2, -1, 3, 0, 2, 1)}, ErrSelfIntersecting},
		{"overlapping edges", [][]geo.Point3{ring(0, 0, 4, 0, 4, 2, 2, 2, 2, 0, 6, 0, 6, -2, 0, -2)}, ErrSelfIntersecting},
		{"hole outside", [][]geo.Point3{sq, rect(20, 20, 30, 30)}, ErrHoleOutside},
		{"hole crossing outer", [][]geo.Point3{sq, rect(5, 5, 15, 8)}, ErrSelfIntersecting},
		{"hole containing outer", [][]geo.Point3{sq, rect(-5, -5, 15, 15)}, ErrHoleOutside},
		{"nested holes", [][]geo.Point3{sq, rect(1, 1, 9, 9), rect(3, 3, 6, 6)}, ErrHoleOutside},
		{"overlapping holes", [][]geo.Point3{sq, rect(1, 1, 5, 5), rect(3, 3, 8, 8)}, ErrSelfIntersecting},
		{"hole equal to outer", [][]geo.Point3{sq, sq}, ErrSelfIntersecting},
		{"hole sharing an edge", [][]geo.Point3{sq, rect(0, 2, 3, 4)}, ErrSelfIntersecting},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tris, err := Triangulate(tc.rings)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if len(tris) != 0 {
				t.Errorf("got %d indices with the error", len(tris))
			}
		})
	}
}

func TestTriangulateAppendKeepsPrefix(t *testing.T) {
	dst := []uint32{7, 8, 9}
	out, err := TriangulateAppend(dst, [][]geo.Point3{rect(0, 0, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 9 || !slices.Equal(out[:3], []uint32{7, 8, 9}) {
		t.Fatalf("got %v", out)
	}
	out, err = TriangulateAppend(out, [][]geo.Point3{ring(0, 0, 2, 2, 2, 0, 0, 2)})
	if err == nil || len(out) != 9 {
		t.Fatalf("failed call: err %v, len %d, want an error and the input back", err, len(out))
	}
}

func TestTriangulateRandomStars(t *testing.T) {
	for seed := range uint64(50) {
		outer := star(64, 30, 100, seed)
		rings := [][]geo.Point3{outer}
		if seed%2 == 0 {
			rings = append(rings, star(12, 4, 8, seed+1000)) // around the origin
		}
		if seed%3 == 0 {
			rings = append(rings, reversed(closed(rect(12, 12, 20, 18))))
		}
		tris, err := Triangulate(rings)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkTriangulation(t, rings, tris, 1e-9)
	}
}

func TestTriCleanRing(t *testing.T) {
	for _, tc := range []struct {
		name string
		ring []geo.Point3
		want []uint32
	}{
		{"square", rect(0, 0, 1, 1), []uint32{0, 1, 2, 3}},
		{"closed", closed(rect(0, 0, 1, 1)), []uint32{0, 1, 2, 3}},
		{"duplicates", ring(0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0), []uint32{0, 2, 3, 5}},
		{"collinear kept", ring(0, 0, 1, 0, 2, 0, 2, 1, 0, 1), []uint32{0, 1, 2, 3, 4}},
		{"spike", ring(0, 0, 2, 0, 3, 0, 2, 0, 2, 2, 0, 2), []uint32{0, 1, 4, 5}},
		{"spike at the seam", ring(1, 0, 1, 1, 0, 1, 0, 0, -1, 0, 0, 0), []uint32{0, 1, 2, 3}},
		{"spike at the start", ring(-1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0), []uint32{1, 2, 3, 4}},
		{"nested spikes", ring(0, 0, 2, 0, 2, 1, 2, 3, 2, 1, 2, 2, 0, 2), []uint32{0, 1, 2, 5, 6}},
		{"line", ring(0, 0, 1, 1, 2, 2, 1, 1), nil},
		{"point", ring(3, 3, 3, 3, 3, 3), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := triCleanRing(tc.ring, 0, len(tc.ring))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}
