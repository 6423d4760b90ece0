package tiler

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// TestFeatureIDsMapToStore reads every GLB the builder stored, as a
// client would, and follows every vertex's feature id to its property
// table row and from the row's "id" to the store: the row must hold the
// store feature's properties, and every tileable feature of the store
// must be drawn in at least one leaf tile.
func TestFeatureIDsMapToStore(t *testing.T) {
	cases := []struct {
		name  string
		store func(*testing.T) twin.Store
		opts  Options
	}{
		{"demo", func(t *testing.T) twin.Store { return demoStore(t) }, Options{}},
		{"demo small tiles", func(t *testing.T) twin.Store { return demoStore(t) }, smallTrees()},
		{"delft", func(t *testing.T) twin.Store { return loadShared(t, sharedDatasets()[0]) }, Options{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.store(t)
			mustBuild(t, s, NewMesher(MesherOptions{}), tc.opts)
			c := &idCheck{t: t, s: s, features: map[string]twin.Feature{}, drawn: map[string]bool{}}
			glbs, rows := c.checkAllGLBs()
			c.checkEveryFeatureDrawn()
			t.Logf("%d GLBs, %d rows checked, %d features", glbs, rows, len(c.features))
			if glbs == 0 || rows == 0 {
				t.Fatal("no GLB or no feature id was checked")
			}
		})
	}
}

// idCheck follows feature ids from the stored GLBs to the store.
type idCheck struct {
	t *testing.T
	s twin.Store
	// features caches the store features found through the tiles.
	features map[string]twin.Feature
	// drawn holds the ids drawn by a vertex of a leaf tile.
	drawn map[string]bool
}

// checkAllGLBs checks every GLB of every layer; it returns how many GLBs
// and rows it checked.
func (c *idCheck) checkAllGLBs() (glbs, rows int) {
	ctx := context.Background()
	st, err := c.s.TileState(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	for _, l := range st.Layers {
		leaves := c.leafContents(l.Layer)
		list, err := c.s.ListTiles(ctx, l.Layer)
		if err != nil {
			c.t.Fatal(err)
		}
		for _, b := range list {
			if !strings.HasSuffix(b.Path, ".glb") {
				continue
			}
			glbs++
			rows += c.checkGLB(b.Path, leaves[b.Path])
		}
	}
	return glbs, rows
}

// leafContents returns the store paths of the contents of the leaves of
// a layer's tileset (none for the root layer).
func (c *idCheck) leafContents(layer string) map[string]bool {
	leaves := map[string]bool{}
	if layer == rootLayer {
		return leaves
	}
	path := LayerTilesetPath(layer)
	b, err := c.s.Tile(context.Background(), path)
	if err != nil {
		c.t.Fatal(err)
	}
	ts, err := tiles.ParseTileset(b.Data)
	if err != nil {
		c.t.Fatalf("%s: %v", path, err)
	}
	var walk func(*tiles.Tile)
	walk = func(tile *tiles.Tile) {
		if len(tile.Children) == 0 && tile.Content != nil {
			leaves["layers/"+layer+"/"+tile.Content.URI] = true
		}
		for i := range tile.Children {
			walk(&tile.Children[i])
		}
	}
	walk(&ts.Root)
	if len(leaves) == 0 {
		c.t.Errorf("layer %s: no leaf with content", layer)
	}
	return leaves
}

// checkGLB checks the row of every feature id a vertex of the GLB at
// path carries; it returns the number of rows checked.
func (c *idCheck) checkGLB(path string, leaf bool) int {
	b, err := c.s.Tile(context.Background(), path)
	if err != nil {
		c.t.Fatal(err)
	}
	glb, err := tiles.DecodeGLB(bytes.NewReader(b.Data))
	if err != nil {
		c.t.Fatalf("%s: %v", path, err)
	}
	table := glb.Table()
	ids := glbIDs(c.t, path, glb)
	checked := map[uint32]bool{}
	for _, m := range glb.Meshes {
		if len(m.FeatureIDs) != len(m.Positions) {
			c.t.Fatalf("%s: %d feature ids for %d vertices", path, len(m.FeatureIDs), len(m.Positions))
		}
		for _, fid := range m.FeatureIDs {
			if checked[fid] {
				continue
			}
			checked[fid] = true
			if int(fid) >= table.Count {
				c.t.Errorf("%s: feature id %d, table of %d rows", path, fid, table.Count)
				continue
			}
			c.drawn[ids[fid]] = c.drawn[ids[fid]] || leaf
			for _, msg := range rowMismatches(table, int(fid), c.feature(ids[fid])) {
				c.t.Errorf("%s: feature id %d (%s): %s", path, fid, ids[fid], msg)
			}
		}
	}
	return len(checked)
}

// feature loads a feature from the store once.
func (c *idCheck) feature(id string) twin.Feature {
	if f, ok := c.features[id]; ok {
		return f
	}
	f, err := c.s.Feature(context.Background(), id)
	if err != nil {
		c.t.Fatalf("feature %s of a tile: %v", id, err)
	}
	c.features[id] = f
	return f
}

// checkEveryFeatureDrawn checks that every tileable feature of the store
// is drawn by a vertex of a leaf tile.
func (c *idCheck) checkEveryFeatureDrawn() {
	n := 0
	err := c.s.Search(context.Background(), world, twin.Filter{Kinds: tileableKinds}, func(f twin.Feature) bool {
		n++
		if !c.drawn[f.Head().ID] {
			c.t.Errorf("%s %s is drawn in no leaf tile", f.Kind(), f.Head().ID)
		}
		return true
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if n == 0 {
		c.t.Fatal("the store has no tileable feature")
	}
}

// rowMismatches compares row of a property table with the properties of
// the store feature f it names.
func rowMismatches(table *tiles.PropertyTable, row int, f twin.Feature) []string {
	h := f.Head()
	r := tableRow{table: table, row: row}
	r.str("id", h.ID)
	r.str("dataset", h.Dataset)
	r.str("source_id", h.SourceID)
	switch x := f.(type) {
	case *twin.Building:
		r.float("height_m", x.HeightM(), false)
		r.float("base_m", x.BaseM, false)
		r.float("roof_m", x.RoofM, false)
	case *twin.UtilitySegment:
		r.str("kind", string(twin.KindSegment))
		r.str("network", string(x.Network))
		r.str("status", string(x.Status))
		r.str("material", x.Material)
		r.float("diameter_mm", x.DiameterMM, true)
		r.year("install_year", x.InstallYear)
	case *twin.UtilityNode:
		r.str("kind", string(twin.KindNode))
		r.str("network", string(x.Network))
		r.str("status", string(x.Status))
		r.str("node_kind", string(x.NodeKind))
		r.str("material", "")
		r.float("diameter_mm", 0, true)
		r.year("install_year", 0)
	default:
		r.bad = append(r.bad, fmt.Sprintf("a %T is not tileable", f))
	}
	return r.bad
}
