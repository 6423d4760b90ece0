package tiles

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestMortonSpecExamples(t *testing.T) {
	cases := []struct {
		name    string
		s       SubdivisionScheme
		x, y, z uint64
		want    uint64
	}{
		{"quad 11,00", Quadtree, 0b11, 0b00, 0, 0b0101},
		{"quad 1010,0011", Quadtree, 0b1010, 0b0011, 0, 0b01001110},
		{"quad 0110,0101", Quadtree, 0b0110, 0b0101, 0, 0b00110110},
		{"oct 001,010,100", Octree, 0b001, 0b010, 0b100, 0b100010001},
		{"oct 111,000,111", Octree, 0b111, 0b000, 0b111, 0b101101101},
		{"quad max", Quadtree, 1<<32 - 1, 1<<32 - 1, 0, math.MaxUint64},
		{"oct max", Octree, 1<<21 - 1, 1<<21 - 1, 1<<21 - 1, 1<<63 - 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			coord := Coord{Level: c.s.MaxLevel(), X: c.x, Y: c.y, Z: c.z}
			got := coord.Morton(c.s)
			if got != c.want {
				t.Fatalf("Morton = %b, want %b", got, c.want)
			}
			if back := CoordFromMorton(c.s, coord.Level, got); back != coord {
				t.Errorf("CoordFromMorton = %v, want %v", back, coord)
			}
		})
	}
}

// naiveMorton interleaves bit by bit.
func naiveMorton(dims int, v [3]uint64) uint64 {
	var m uint64
	for bit := range 64 / dims {
		for d := range dims {
			m |= (v[d] >> bit & 1) << (bit*dims + d)
		}
	}
	return m
}

func TestMortonRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range []SubdivisionScheme{Quadtree, Octree} {
		t.Run(string(s), func(t *testing.T) {
			bitsPer := uint(s.MaxLevel())
			for range 2000 {
				v := [3]uint64{rng.Uint64() >> (64 - bitsPer), rng.Uint64() >> (64 - bitsPer), rng.Uint64() >> (64 - bitsPer)}
				if s == Quadtree {
					v[2] = 0
				}
				c := Coord{Level: s.MaxLevel(), X: v[0], Y: v[1], Z: v[2]}
				m := c.Morton(s)
				if want := naiveMorton(s.dims(), v); m != want {
					t.Fatalf("%v: Morton = %x, want %x", c, m, want)
				}
				if back := CoordFromMorton(s, c.Level, m); back != c {
					t.Fatalf("CoordFromMorton(%x) = %v, want %v", m, back, c)
				}
			}
		})
	}
}

func TestCoordTree(t *testing.T) {
	cases := []struct {
		name string
		s    SubdivisionScheme
		c    Coord
	}{
		{"quad root", Quadtree, Coord{}},
		{"quad 2/1/3", Quadtree, Coord{Level: 2, X: 1, Y: 3}},
		{"oct 3/5/2/7", Octree, Coord{Level: 3, X: 5, Y: 2, Z: 7}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kids := c.c.Children(c.s)
			if len(kids) != c.s.Branching() {
				t.Fatalf("%d children, want %d", len(kids), c.s.Branching())
			}
			for i, k := range kids {
				if !k.Valid(c.s) || k.Parent() != c.c {
					t.Errorf("child %d = %v (valid %v), parent %v", i, k, k.Valid(c.s), k.Parent())
				}
				if got, want := k.Morton(c.s), c.c.Morton(c.s)*uint64(c.s.Branching())+uint64(i); got != want {
					t.Errorf("child %d Morton = %d, want %d", i, got, want)
				}
			}
		})
	}
	if got := (Coord{Level: 2, X: 1, Y: 3}).Children(Quadtree); got[1] != (Coord{Level: 3, X: 3, Y: 6}) ||
		got[2] != (Coord{Level: 3, X: 2, Y: 7}) {
		t.Errorf("children of 2/1/3 = %v", got)
	}
}

func TestCoordValid(t *testing.T) {
	cases := []struct {
		name string
		s    SubdivisionScheme
		c    Coord
		want bool
	}{
		{"root", Quadtree, Coord{}, true},
		{"x too big", Quadtree, Coord{Level: 2, X: 4}, false},
		{"z on quadtree", Quadtree, Coord{Level: 2, Z: 1}, false},
		{"z on octree", Octree, Coord{Level: 2, Z: 3}, true},
		{"negative level", Octree, Coord{Level: -1}, false},
		{"too deep", Octree, Coord{Level: 22}, false},
		{"deepest quad", Quadtree, Coord{Level: 32, X: 1<<32 - 1}, true},
		{"unknown scheme", "BINTREE", Coord{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.c.Valid(c.s); got != c.want {
				t.Errorf("Valid = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSubtreeIndexing(t *testing.T) {
	cases := []struct {
		name      string
		s         SubdivisionScheme
		levels    int
		c         Coord
		root, rel Coord
		bit       uint64
	}{
		{"quad in root subtree", Quadtree, 3, Coord{Level: 2, X: 3, Y: 1}, Coord{}, Coord{Level: 2, X: 3, Y: 1}, 5 + 7},
		{"quad deeper", Quadtree, 3, Coord{Level: 5, X: 21, Y: 0}, Coord{Level: 3, X: 5}, Coord{Level: 2, X: 1}, 5 + 1},
		{"oct subtree root", Octree, 3, Coord{Level: 3, X: 7, Y: 7, Z: 7}, Coord{Level: 3, X: 7, Y: 7, Z: 7}, Coord{}, 0},
		{"oct level 1", Octree, 2, Coord{Level: 3, X: 5, Y: 4, Z: 5}, Coord{Level: 2, X: 2, Y: 2, Z: 2}, Coord{Level: 1, X: 1, Z: 1}, 1 + 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := c.c.SubtreeRoot(c.levels)
			rel := c.c.Relative(root)
			if root != c.root || rel != c.rel {
				t.Fatalf("root %v rel %v, want %v %v", root, rel, c.root, c.rel)
			}
			if back := rel.Absolute(root); back != c.c {
				t.Errorf("Absolute = %v, want %v", back, c.c)
			}
			if got := AvailabilityIndex(c.s, rel); got != c.bit {
				t.Errorf("AvailabilityIndex = %d, want %d", got, c.bit)
			}
		})
	}
	offsets := []struct {
		n, level int
		want     uint64
	}{{4, 0, 0}, {4, 1, 1}, {4, 2, 5}, {4, 3, 21}, {8, 2, 9}, {8, 3, 73}}
	for _, o := range offsets {
		if got := LevelOffset(o.n, o.level); got != o.want {
			t.Errorf("LevelOffset(%d, %d) = %d, want %d", o.n, o.level, got, o.want)
		}
	}
	if got := GeometricErrorAt(32, 5); got != 1 {
		t.Errorf("GeometricErrorAt(32, 5) = %g, want 1", got)
	}
}

func TestImplicitBox(t *testing.T) {
	quadRoot := Box{0.5, 0.5, 0.00625, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.00625}
	cube := Box{0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0, 8}
	cases := []struct {
		name string
		root Box
		s    SubdivisionScheme
		c    Coord
		want Box
	}{
		{"root", quadRoot, Quadtree, Coord{}, quadRoot},
		{"quad 1/1/0", quadRoot, Quadtree, Coord{Level: 1, X: 1},
			Box{0.75, 0.25, 0.00625, 0.25, 0, 0, 0, 0.25, 0, 0, 0, 0.00625}},
		{"quad 5/21/0", quadRoot, Quadtree, Coord{Level: 5, X: 21},
			Box{21.5 / 32, 0.5 / 32, 0.00625, 1.0 / 64, 0, 0, 0, 1.0 / 64, 0, 0, 0, 0.00625}},
		{"oct 2/3/0/1", cube, Octree, Coord{Level: 2, X: 3, Z: 1},
			Box{6, -6, -2, 2, 0, 0, 0, 2, 0, 0, 0, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ImplicitBox(c.root, c.s, c.c)
			for i := range got {
				if !near(got[i], c.want[i], 1e-15) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestImplicitRegion(t *testing.T) {
	root := Region{-1, 0.5, -0.6, 0.9, 0, 80}
	dateline := Region{3, -0.1, -3, 0.1, 0, 10} // 2π−6 wide
	w := 2*math.Pi - 6
	cases := []struct {
		name string
		root Region
		s    SubdivisionScheme
		c    Coord
		want Region
	}{
		{"quad north-east", root, Quadtree, Coord{Level: 1, X: 1, Y: 1}, Region{-0.8, 0.7, -0.6, 0.9, 0, 80}},
		{"quad level 2", root, Quadtree, Coord{Level: 2, X: 0, Y: 2}, Region{-1, 0.7, -0.9, 0.8, 0, 80}},
		{"oct top", root, Octree, Coord{Level: 1, X: 0, Y: 0, Z: 1}, Region{-1, 0.5, -0.8, 0.7, 40, 80}},
		{"dateline west half", dateline, Quadtree, Coord{Level: 1}, Region{3, -0.1, 3 + w/2, 0, 0, 10}},
		{"dateline east half", dateline, Quadtree, Coord{Level: 1, X: 1}, Region{3 + w/2 - 2*math.Pi, -0.1, -3, 0, 0, 10}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ImplicitRegion(c.root, c.s, c.c)
			for i := range got {
				if !near(got[i], c.want[i], 1e-12) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}
