package tiler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
)

func TestCells(t *testing.T) {
	cases := []struct {
		name     string
		lon, lat float64
		z        uint8
		want     Cell
	}{
		{"world", 37.6, 55.75, 0, Cell{0, 0, 0}},
		{"north-east quadrant", 37.6, 55.75, 1, Cell{1, 1, 1}},
		{"south-west corner", -180, -90, 5, Cell{5, 0, 0}},
		{"north-east corner clamps", 180, 90, 3, Cell{3, 7, 7}},
		{"past the world clamps", 200, -100, 2, Cell{2, 3, 0}},
		{"Moscow, level 12", 37.6, 55.75, 12, Cell{12, 2475, 3316}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mortonOf(tc.lon, tc.lat).cell(tc.z)
			if c != tc.want {
				t.Fatalf("cell %v, want %v", c, tc.want)
			}
			b := c.Bounds()
			lon, lat := math.Max(-180, math.Min(180, tc.lon)), math.Max(-90, math.Min(90, tc.lat))
			if lon < b.Min[0] || lon > b.Max[0] || lat < b.Min[1] || lat > b.Max[1] {
				t.Errorf("%v bounds %v do not hold %g, %g", c, b, lon, lat)
			}
			if c.Z > 0 && (!c.Parent().Contains(c) || c.Contains(c.Parent())) {
				t.Errorf("%v and its parent %v", c, c.Parent())
			}
		})
	}
}

func TestCommonCell(t *testing.T) {
	a := mortonOf(37.60, 55.75)
	cases := []struct {
		name  string
		other morton
		want  uint8
	}{
		{"same point", a, MaxLevel},
		{"a metre away", mortonOf(37.60001, 55.75), 0}, // level checked below
		{"other hemisphere", mortonOf(-37.6, 55.75), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := min(a, tc.other), max(a, tc.other)
			c := commonCell(lo, hi)
			if !c.Contains(lo.cell(MaxLevel)) || !c.Contains(hi.cell(MaxLevel)) {
				t.Fatalf("%v does not hold both", c)
			}
			if c.Z < MaxLevel && lo.cell(c.Z+1) == hi.cell(c.Z+1) {
				t.Errorf("%v is not the deepest: both in %v", c, lo.cell(c.Z+1))
			}
			if tc.want == MaxLevel && c.Z != MaxLevel {
				t.Errorf("level %d, want %d", c.Z, MaxLevel)
			}
		})
	}
}

// randomMembers places n members around Moscow, deterministic for seed.
func randomMembers(seed uint64, n int) []member {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	ms := make([]member, n)
	for i := range ms {
		ms[i] = member{ID: fmt.Sprintf("f%05d", i), C: [3]float64{37.6 + rng.Float64()*0.03, 55.74 + rng.Float64()*0.02, 150},
			SizeM: 5 + rng.Float64()*50, Bytes: 1000 + rng.IntN(3000)}
	}
	sortMembers(ms)
	return ms
}

func TestPlan(t *testing.T) {
	cases := []struct {
		name            string
		n, maxN, maxB   int
		split           bool
		wantLeavesAtTop bool
	}{
		{"one feature", 1, 10, 1 << 20, false, true},
		{"fits one tile", 50, 100, 1 << 20, false, true},
		{"split by count", 2000, 100, 1 << 20, false, false},
		{"split by bytes", 2000, 10000, 50000, false, false},
		{"root marked split", 50, 100, 1 << 20, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ms := randomMembers(7, tc.n)
			split := map[Cell]bool{}
			if tc.split {
				split[commonCell(ms[0].code, ms[len(ms)-1].code)] = true
			}
			root := plan(ms, tc.maxN, tc.maxB, split)
			if root.leaf != tc.wantLeavesAtTop {
				t.Errorf("root leaf = %v", root.leaf)
			}
			checkPlan(t, root, ms, tc.maxN, tc.maxB)
		})
	}
}

// checkPlan checks that the leaves of a plan partition the members, hold
// no more than the limits (unless a single feature) and that every node
// is the deepest cell holding its members, with at least two children.
func checkPlan(t *testing.T, root *planNode, ms []member, maxN, maxB int) {
	t.Helper()
	covered := 0
	root.walk(func(n *planNode) {
		c := commonCell(ms[n.lo].code, ms[n.hi-1].code)
		if c != n.cell {
			t.Errorf("node %v: deepest cell of its members is %v", n.cell, c)
		}
		if n.leaf {
			bytes := 0
			for _, m := range ms[n.lo:n.hi] {
				bytes += m.Bytes
			}
			if n.hi-n.lo > 1 && (n.hi-n.lo > maxN || bytes > maxB) {
				t.Errorf("leaf %v: %d members, %d bytes", n.cell, n.hi-n.lo, bytes)
			}
			covered += n.hi - n.lo
			return
		}
		if len(n.children) < 2 {
			t.Errorf("node %v has %d children", n.cell, len(n.children))
		}
		next := n.lo
		for _, k := range n.children {
			if k.lo != next || !n.cell.Contains(k.cell) || k.cell == n.cell {
				t.Errorf("child %v [%d,%d) of %v [%d,%d)", k.cell, k.lo, k.hi, n.cell, n.lo, n.hi)
			}
			next = k.hi
		}
	})
	if covered != len(ms) {
		t.Errorf("leaves hold %d members of %d", covered, len(ms))
	}
}

// TestPlanStable checks what makes incremental builds cheap: adding a
// feature changes the members of its own leaf and its ancestors only.
func TestPlanStable(t *testing.T) {
	ms := randomMembers(3, 3000)
	before := leafSigs(plan(ms, 100, 1<<20, nil), ms)
	extra := member{ID: "new", C: [3]float64{37.61, 55.75, 150}, SizeM: 10, Bytes: 1000}
	ms2 := append(slices.Clone(ms), extra)
	sortMembers(ms2)
	after := leafSigs(plan(ms2, 100, 1<<20, nil), ms2)
	changed := 0
	for c, sig := range after {
		if before[c] != sig {
			changed++
		}
	}
	if changed != 1 || len(after) != len(before) {
		t.Errorf("%d of %d leaves changed (%d before), want 1", changed, len(after), len(before))
	}
}

func leafSigs(root *planNode, ms []member) map[Cell]string {
	out := map[Cell]string{}
	root.walk(func(n *planNode) {
		if n.leaf {
			out[n.cell] = signature(ms[n.lo:n.hi])
		}
	})
	return out
}

func TestSelectLargest(t *testing.T) {
	ms := []member{{ID: "a", SizeM: 5, Bytes: 10}, {ID: "b", SizeM: 50, Bytes: 10}, {ID: "c", SizeM: 20, Bytes: 30},
		{ID: "d", SizeM: 20, Bytes: 10}, {ID: "e", SizeM: 1, Bytes: 1000}}
	cases := []struct {
		name          string
		count, budget int
		want          []string
		wantDrop      float64
	}{
		{"all fit", 10, 10000, []string{"b", "c", "d", "a", "e"}, 0},
		{"by count", 2, 10000, []string{"b", "c"}, 20},
		{"by bytes", 10, 50, []string{"b", "c", "d"}, 5},
		{"first always in", 10, 1, []string{"b"}, 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sel := selectLargest(ms, tc.count, tc.budget)
			if !slices.Equal(sel.ids, tc.want) || sel.dropM != tc.wantDrop {
				t.Errorf("got %v drop %g, want %v drop %g", sel.ids, sel.dropM, tc.want, tc.wantDrop)
			}
		})
	}
}

func TestFrames(t *testing.T) {
	parent := geo.NewENU(geo.Point3{37.60, 55.75, 150})
	child := geo.NewENU(geo.Point3{37.62, 55.76, 140})
	p := geo.Point3{12, -30, 7}
	cases := []struct {
		name string
		got  geo.Point3
		want geo.Point3
	}{
		{"relative transform", tiles.Matrix4(parent.Matrix()).Mul(*relTransform(parent, child)).Apply(p), child.ToECEF(p)},
		{"rigid inverse", rigidInverse(tiles.Matrix4(child.Matrix())).Apply(child.ToECEF(p)), p},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if d := tc.got.Dist(tc.want); d > 1e-6 {
				t.Errorf("got %v, want %v (%g m off)", tc.got, tc.want, d)
			}
		})
	}
	b := geo.Bounds3{Min: geo.Point3{-100, -50, -5}, Max: geo.Point3{100, 50, 30}}
	in := boundsIn(parent, child, b)
	for _, c := range boxCorners(b) {
		if q := parent.FromECEF(child.ToECEF(c)); !in.Contains(q) {
			t.Errorf("corner %v → %v outside %v", c, q, in)
		}
	}
	region := tiles.RegionFromBounds(regionOf(child, b))
	for i := range 1000 {
		q := geo.Point3{-100 + float64(i%10)*200/9, -50 + float64(i/10%10)*100/9, -5 + float64(i/100)*35/9}
		if !region.Contains(child.ToLLH(q), 0) {
			t.Fatalf("point %v of the box outside its region", q)
		}
	}
}

// FuzzDecodeLayerMeta feeds stored layer records, as a damaged store could
// hold them, to the decoder: errors, never a panic, and what decodes has
// as many members as it says.
func FuzzDecodeLayerMeta(f *testing.F) {
	good, err := encodeLayerMeta(&layerMeta{Members: randomMembers(1, 3),
		Nodes: []nodeMeta{{Cell: Cell{Z: 3, X: 1, Y: 2}, Leaf: true, Box: geo.EmptyBounds()}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("{}\n[]"))
	f.Add([]byte(`{"format":"citytwin-tiler/2","count":2}` + "\n" + "\x01a"))
	f.Add([]byte("\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeLayerMeta(data)
		if err != nil || m == nil {
			return
		}
		if err := m.decodeMembers(); err == nil && len(m.Members) != m.Count {
			t.Errorf("%d members, record says %d", len(m.Members), m.Count)
		}
	})
}

// FuzzResolveURI checks that no content URI resolves outside the tileset.
func FuzzResolveURI(f *testing.F) {
	for _, s := range []string{"t/1/2/3.glb", "../x.json", "a/../../b", "/abs", "c:/x", "a//b", "./a", ""} {
		f.Add("layers/water/tileset.json", s)
	}
	f.Fuzz(func(t *testing.T, from, uri string) {
		p, err := resolveURI(from, uri)
		if err == nil && (!filepath.IsLocal(filepath.FromSlash(p)) || strings.HasPrefix(p, "/")) {
			t.Errorf("resolveURI(%q, %q) = %q, outside the tileset", from, uri, p)
		}
	})
}
