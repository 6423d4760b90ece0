package tiler

import (
	"bytes"
	"context"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// pathCells returns, for a layer's record, the cells on the path from the
// root to the leaf holding member id, as "z/x/y", the leaf last.
func pathCells(t *testing.T, rec *layerMeta, id string) []string {
	t.Helper()
	i := slices.IndexFunc(rec.Members, func(m member) bool { return m.ID == id })
	if i < 0 {
		t.Fatalf("%s is not a member", id)
	}
	at := rec.Members[i].code.cell(MaxLevel)
	var out []string
	for _, n := range rec.Nodes {
		if n.Cell.Contains(at) {
			out = append(out, n.Cell.String())
		}
	}
	return out
}

// tilePaths maps each tile of each layer to its GLB path.
func tilePaths(t *testing.T, s twin.Store) map[string]string {
	t.Helper()
	st, err := s.TileState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range st.Layers {
		if l.Layer == rootLayer {
			continue
		}
		for _, n := range layerRecord(t, s, l.Layer).Nodes {
			out[l.Layer+" "+n.Cell.String()] = n.Path
		}
	}
	return out
}

// rebuiltSet returns "layer z/x/y" of every tile a report rebuilt.
func rebuiltSet(rep Report) []string {
	var out []string
	for _, l := range rep.Layers {
		for _, c := range l.Rebuilt {
			out = append(out, l.Layer+" "+c)
		}
	}
	slices.Sort(out)
	return out
}

// touchedSet is rebuiltSet with the tiles only updated.
func touchedSet(rep Report) []string {
	out := rebuiltSet(rep)
	for _, l := range rep.Layers {
		out = append(out, prefixed(l.Layer, l.Updated)...)
	}
	slices.Sort(out)
	return out
}

func prefixed(layer string, cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = layer + " " + c
	}
	return out
}

// pickBuilding returns a building of the demo district in a leaf below
// at least two parents.
func pickBuilding(t *testing.T, rec *layerMeta) string {
	for _, m := range rec.Members {
		if len(pathCells(t, rec, m.ID)) >= 3 {
			return m.ID
		}
	}
	t.Fatal("no building three levels deep")
	return ""
}

func TestIncrementalOneBuilding(t *testing.T) {
	s := demoStore(t)
	b := NewMesher(MesherOptions{})
	mustBuild(t, s, b, smallTrees())
	rec := layerRecord(t, s, LayerBuildings)
	id := pickBuilding(t, rec)
	path := pathCells(t, rec, id)
	leafCell := LayerBuildings + " " + path[len(path)-1]
	want := prefixed(LayerBuildings, path)
	slices.Sort(want)
	before := tilePaths(t, s)
	var roofM float64
	stats := loadDemo(t, s, func(f twin.Feature) {
		if bl, ok := f.(*twin.Building); ok && bl.ID == id {
			bl.RoofM += 3
			roofM = bl.RoofM
		}
	})
	if stats.Changed != 1 {
		t.Fatalf("reload changed %d features, want 1", stats.Changed)
	}
	rep := mustBuild(t, s, b, smallTrees())
	if rep.Full || rep.Changes != 1 || len(rep.Layers) != 1 {
		t.Fatalf("report %+v", rep)
	}
	// The leaf is meshed again; its ancestors are meshed again or, when
	// the building is not among the features they show, only updated.
	rebuilt, touched := rebuiltSet(rep), touchedSet(rep)
	if !slices.Equal(touched, want) || !slices.Contains(rebuilt, leafCell) {
		t.Errorf("rebuilt %v and updated the rest of %v, want the leaf and its ancestors %v", rebuilt, touched, want)
	}
	after := tilePaths(t, s)
	for key, path := range before {
		if slices.Contains(rebuilt, key) == (after[key] == path) {
			t.Errorf("tile %s: path %s → %s", key, path, after[key])
		}
	}
	checkStoredTree(t, s, DefaultMaxTileBytes, 5).checkEveryFeatureOnce(s)
	nodes := layerRecord(t, s, LayerBuildings).Nodes
	top := maxHeightOf(t, s, nodes[slices.IndexFunc(nodes, func(n nodeMeta) bool {
		return LayerBuildings+" "+n.Cell.String() == leafCell
	})], id)
	if math.Abs(top-roofM) > 0.05 {
		t.Errorf("highest vertex of %s at %.2f m, want the new roof at %.2f m", id, top, roofM)
	}
	t.Logf("%s", rep)
}

// maxHeightOf returns the greatest ellipsoidal height of the vertices of
// feature id in tile n.
func maxHeightOf(t *testing.T, s twin.Store, n nodeMeta, id string) float64 {
	t.Helper()
	blob, err := s.Tile(context.Background(), n.Path)
	if err != nil {
		t.Fatal(err)
	}
	glb, err := tiles.DecodeGLB(bytes.NewReader(blob.Data))
	if err != nil {
		t.Fatal(err)
	}
	ids := glbIDs(t, n.Path, glb)
	frame, top := n.frame(), math.Inf(-1)
	for _, m := range glb.Meshes {
		for i, p := range m.Positions {
			if ids[m.FeatureIDs[i]] == id {
				top = max(top, frame.ToLLH(geo.Point3(p))[2])
			}
		}
	}
	return top
}

// TestIncrementalSteps edits the store step by step and checks after each
// build what was rebuilt and that the tree still holds.
func TestIncrementalSteps(t *testing.T) {
	s := demoStore(t)
	b := &boxBuilder{CoarseErrorM: 2}
	ctx := context.Background()
	steps := []struct {
		name  string
		edit  func(t *testing.T)
		check func(t *testing.T, rep Report)
	}{
		{"first build is full", func(t *testing.T) {}, func(t *testing.T, rep Report) {
			if !rep.Full || len(rep.Layers) < 8 {
				t.Errorf("report %+v", rep)
			}
		}},
		{"nothing changed", func(t *testing.T) {}, wantUpToDate},
		{"reload of the same district", func(t *testing.T) { loadDemo(t, s, nil) }, wantUpToDate},
		{"building moved 400 m east", func(t *testing.T) { moveOneBuilding(t, s, 400) }, func(t *testing.T, rep Report) {
			if rep.Full || len(rep.Layers) != 1 || rep.Layers[0].Kept == 0 {
				t.Errorf("report %+v", rep)
			}
		}},
		{"new network layer", func(t *testing.T) { loadExtra(t, s, 12) }, func(t *testing.T, rep Report) {
			if len(rep.Layers) != 1 || rep.Layers[0].Layer != "other" || !rep.Layers[0].Full {
				t.Errorf("report %+v", rep)
			}
		}},
		{"pipe moves to another network", func(t *testing.T) { loadExtraNet(t, s, 12, twin.NetworkGas) },
			func(t *testing.T, rep Report) {
				if len(rep.Layers) != 2 || rep.Layers[0].Layer != "gas" || rep.Layers[1].Layer != "other" ||
					rep.Layers[1].Features != 11 || rep.Full {
					t.Errorf("report %+v", rep)
				}
			}},
		{"layer grows past a split, the pipe moves back", func(t *testing.T) { loadExtra(t, s, 400) }, func(t *testing.T, rep Report) {
			if len(rep.Layers) != 2 || rep.Layers[1].Tiles < 3 || rep.Layers[1].Full || rep.Layers[1].Features != 400 {
				t.Errorf("report %+v", rep)
			}
		}},
		{"layer shrinks back into one tile", func(t *testing.T) { loadExtra(t, s, 5) }, func(t *testing.T, rep Report) {
			if len(rep.Layers) != 1 || rep.Layers[0].Tiles != 1 {
				t.Errorf("report %+v", rep)
			}
		}},
		{"layer deleted", func(t *testing.T) {
			if err := s.DeleteDataset(ctx, "extra"); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, rep Report) {
			if len(rep.Layers) != 1 || !rep.Layers[0].Removed {
				t.Errorf("report %+v", rep)
			}
			if list, _ := s.ListTiles(ctx, "other"); len(list) != 0 {
				t.Errorf("%d files of the removed layer left", len(list))
			}
		}},
		{"options changed", func(t *testing.T) {}, func(t *testing.T, rep Report) {
			if !rep.Full {
				t.Errorf("report %+v, want a full build", rep)
			}
		}},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.edit(t)
			opts := smallTrees()
			if i == len(steps)-1 {
				opts.MaxBuildings = 60
			}
			rep := mustBuild(t, s, b, opts)
			st.check(t, rep)
			checkStoredTree(t, s, DefaultMaxTileBytes, 1).checkEveryFeatureOnce(s)
			checkRecords(t, s, rep)
			t.Logf("%s", rep)
		})
	}
}

func wantUpToDate(t *testing.T, rep Report) {
	if !rep.UpToDate || len(rep.Layers) != 0 {
		t.Errorf("report %+v, want up to date", rep)
	}
}

// TestIncrementalDeleteAll deletes the only dataset: every tile goes,
// and the root tileset with them.
func TestIncrementalDeleteAll(t *testing.T) {
	ctx := context.Background()
	s := demoStore(t)
	mustBuild(t, s, &boxBuilder{}, smallTrees())
	if err := s.DeleteDataset(ctx, "demo"); err != nil {
		t.Fatal(err)
	}
	rep := mustBuild(t, s, &boxBuilder{}, smallTrees())
	removed := 0
	for _, l := range rep.Layers {
		if l.Removed {
			removed++
		}
	}
	if removed != 8 || removed != len(rep.Layers) {
		t.Errorf("report %+v", rep)
	}
	st, err := s.TileState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Collect(maps.Keys(readState(st).layers))
	if len(names) != 0 {
		t.Errorf("layers left: %v", names)
	}
	if _, err := s.Tile(ctx, RootTilesetPath); err == nil {
		t.Errorf("root tileset still there")
	}
}
