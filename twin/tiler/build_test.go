package tiler

import (
	"context"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

// smallTrees are options that make the demo district's layers trees of
// several levels.
func smallTrees() Options { return Options{MaxBuildings: 40, MaxUtility: 150} }

func TestTreeFullBuild(t *testing.T) {
	cases := []struct {
		name    string
		builder func() ContentBuilder
		opts    Options
		marginM float64
	}{
		{"boxes, small trees", func() ContentBuilder { return &boxBuilder{CoarseErrorM: 2} }, smallTrees(), 1},
		{"boxes, default options", func() ContentBuilder { return &boxBuilder{CoarseErrorM: 2} }, Options{}, 1},
		{"mesher, small trees", func() ContentBuilder { return NewMesher(MesherOptions{}) }, smallTrees(), 5},
		{"mesher, float positions", func() ContentBuilder { return NewMesher(MesherOptions{}) },
			Options{MaxBuildings: 100, MaxUtility: 400, NoQuantize: true}, 5},
		{"mesher, meshopt", func() ContentBuilder { return NewMesher(MesherOptions{}) },
			Options{MaxBuildings: 40, MaxUtility: 150, Meshopt: true}, 5},
	}
	s := demoStore(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.Full = true
			rep := mustBuild(t, s, tc.builder(), opts)
			if !rep.Full || rep.UpToDate || len(rep.Layers) == 0 {
				t.Fatalf("report %+v", rep)
			}
			c := checkStoredTree(t, s, DefaultMaxTileBytes, tc.marginM)
			c.checkEveryFeatureOnce(s)
			checkRecords(t, s, rep)
			t.Logf("%s", rep)
		})
	}
}

// checkRecords checks the stored layer records against the report: one
// record per layer, every node of a record either a leaf or a parent of
// nodes of the same record, and every path of a record stored.
func checkRecords(t *testing.T, s twin.Store, rep Report) {
	t.Helper()
	for _, l := range rep.Layers {
		if l.Removed {
			if layerRecord(t, s, l.Layer) != nil {
				t.Errorf("removed layer %s has a record", l.Layer)
			}
			continue
		}
		m := layerRecord(t, s, l.Layer)
		if m == nil {
			t.Fatalf("layer %s: no record", l.Layer)
		}
		cells := map[Cell]bool{}
		for _, n := range m.Nodes {
			cells[n.Cell] = true
		}
		for _, n := range m.Nodes {
			if n.Leaf != (len(n.Children) == 0) {
				t.Errorf("layer %s tile %v: leaf %v with %d children", l.Layer, n.Cell, n.Leaf, len(n.Children))
			}
			for _, k := range n.Children {
				if !cells[k] || !n.Cell.Contains(k) || k == n.Cell {
					t.Errorf("layer %s: child %v of %v", l.Layer, k, n.Cell)
				}
			}
			if n.Path == "" {
				continue
			}
			if _, err := s.Tile(context.Background(), n.Path); err != nil {
				t.Errorf("layer %s: %v", l.Layer, err)
			}
		}
		if len(m.Members) != l.Features || len(m.Nodes) != l.Tiles {
			t.Errorf("layer %s: record of %d members, %d tiles; report %d, %d", l.Layer, len(m.Members),
				len(m.Nodes), l.Features, l.Tiles)
		}
	}
}

// TestTreeSplitsLargeTiles gives a byte limit that the estimates do not
// foresee: leaves that come out too large must be split until they fit.
func TestTreeSplitsLargeTiles(t *testing.T) {
	s := demoStore(t)
	const limit = 64 << 10
	rep := mustBuild(t, s, &boxBuilder{Repeat: 12}, Options{MaxTileBytes: limit, MaxBuildings: 1000, MaxUtility: 5000})
	c := checkStoredTree(t, s, limit, 1)
	c.checkEveryFeatureOnce(s)
	split := 0
	for _, l := range rep.Layers {
		split += len(layerRecord(t, s, l.Layer).Split)
	}
	if split == 0 {
		t.Errorf("no leaf was split after meshing; the test does not test that")
	}
}

func TestTreeEmptyStore(t *testing.T) {
	s := emptyStore(t)
	rep := mustBuild(t, s, &boxBuilder{}, Options{})
	if !rep.Full || len(rep.Layers) != 0 {
		t.Errorf("report %+v", rep)
	}
	if _, err := s.Tile(context.Background(), RootTilesetPath); err == nil {
		t.Errorf("a root tileset without layers")
	}
	if rep = mustBuild(t, s, &boxBuilder{}, Options{}); !rep.UpToDate {
		t.Errorf("second build: %+v", rep)
	}
}

// TestTreeDeterministic builds the same store twice from scratch: the
// same tiles must come out, byte for byte.
func TestTreeDeterministic(t *testing.T) {
	paths := func(s twin.Store) []string {
		var out []string
		for _, l := range []string{"buildings", "water", rootLayer} {
			list, err := s.ListTiles(context.Background(), l)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range list {
				out = append(out, b.Path+" "+b.Hash)
			}
		}
		return out
	}
	a, b := demoStore(t), demoStore(t)
	mustBuild(t, a, NewMesher(MesherOptions{}), smallTrees())
	mustBuild(t, b, NewMesher(MesherOptions{}), smallTrees())
	pa, pb := paths(a), paths(b)
	if len(pa) < 10 || !slices.Equal(pa, pb) {
		t.Errorf("two builds differ:\n%v\n%v", pa, pb)
	}
}
