package tiler

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// treeCheck reads the stored tilesets back as a client would and checks
// the tree's invariants: geometric errors fall from parent to child, every
// vertex of every GLB lies in its tile's bounding volume and in every
// ancestor's (through the composed transforms), near its feature's
// bounds in WGS84, every GLB decodes and stays under the size limit, and
// every layer's root has content.
type treeCheck struct {
	t        *testing.T
	s        twin.Store
	maxBytes int
	// marginM is how far a vertex may lie outside its feature's bounds
	// (pipe radii, markers above ground).
	marginM float64
	// leafIDs counts, per layer, the leaves that hold each feature id.
	leafIDs map[string]map[string]int
	// glbs lists the store paths of every GLB.
	glbs   []string
	bounds map[string]geo.Bounds3
}

// frameBox is an ancestor tile: its ECEF transform and its box.
type frameBox struct {
	inverse tiles.Matrix4
	box     tiles.Box
}

const vertexTolM = 1e-3

func checkStoredTree(t *testing.T, s twin.Store, maxBytes int, marginM float64) *treeCheck {
	t.Helper()
	c := &treeCheck{t: t, s: s, maxBytes: maxBytes, marginM: marginM,
		leafIDs: map[string]map[string]int{}, bounds: map[string]geo.Bounds3{}}
	root := c.tileset(RootTilesetPath)
	if root.Asset.Version != "1.1" || root.Root.Refine != tiles.RefineAdd || root.GeometricError < root.Root.GeometricError {
		t.Errorf("root tileset: version %q, refine %q, error %g (root tile %g)", root.Asset.Version,
			root.Root.Refine, root.GeometricError, root.Root.GeometricError)
	}
	for _, child := range root.Root.Children {
		if child.GeometricError >= root.Root.GeometricError || child.Content == nil {
			t.Errorf("root child %+v: error not below the root's %g, or no content", child, root.Root.GeometricError)
			continue
		}
		layer := strings.TrimSuffix(strings.TrimPrefix(child.Content.URI, "layers/"), "/tileset.json")
		c.layer(layer, child)
	}
	return c
}

func (c *treeCheck) tileset(path string) *tiles.Tileset {
	c.t.Helper()
	b, err := c.s.Tile(context.Background(), path)
	if err != nil {
		c.t.Fatal(err)
	}
	ts, err := tiles.ParseTileset(b.Data)
	if err != nil {
		c.t.Fatalf("%s: %v", path, err)
	}
	return ts
}

func (c *treeCheck) layer(layer string, ref tiles.Tile) {
	ts := c.tileset(LayerTilesetPath(layer))
	if ts.GeometricError > ref.GeometricError || ts.Root.GeometricError >= ts.GeometricError {
		c.t.Errorf("layer %s: tileset error %g (referenced with %g), root tile %g", layer, ts.GeometricError,
			ref.GeometricError, ts.Root.GeometricError)
	}
	if ts.Root.Content == nil || ts.Root.Refine != tiles.RefineReplace {
		c.t.Errorf("layer %s: root without content or refine %q", layer, ts.Root.Refine)
	}
	region := ref.BoundingVolume.Region
	if region == nil {
		c.t.Fatalf("layer %s: referencing tile without a region", layer)
	}
	c.leafIDs[layer] = map[string]int{}
	c.walk(layer, &ts.Root, tiles.Identity4(), math.Inf(1), nil, region)
}

// walk checks tile t, whose parent has transform parentWorld and error
// parentErr, below ancestors.
func (c *treeCheck) walk(layer string, t *tiles.Tile, parentWorld tiles.Matrix4, parentErr float64, ancestors []frameBox, region *tiles.Region) {
	if t.Transform == nil || t.BoundingVolume.Box == nil {
		c.t.Fatalf("layer %s: tile without transform or box", layer)
	}
	world := parentWorld.Mul(*t.Transform)
	if t.GeometricError >= parentErr || t.GeometricError < 0 {
		c.t.Errorf("layer %s: tile error %g, parent's %g", layer, t.GeometricError, parentErr)
	}
	here := append(ancestors, frameBox{inverse: rigidInverse(world), box: *t.BoundingVolume.Box})
	c.boxInside(layer, world, *t.BoundingVolume.Box, ancestors, region)
	if t.Content != nil {
		c.content(layer, t, world, here)
	}
	for i := range t.Children {
		c.walk(layer, &t.Children[i], world, t.GeometricError, here, region)
	}
}

// boxInside checks that the corners of box (frame world) lie in every
// ancestor's box and in the layer's region.
func (c *treeCheck) boxInside(layer string, world tiles.Matrix4, box tiles.Box, ancestors []frameBox, region *tiles.Region) {
	for _, p := range boxCorners(box.Bounds()) {
		w := world.Apply(p)
		for _, a := range ancestors {
			if !a.box.Contains(a.inverse.Apply(w), vertexTolM) {
				c.t.Errorf("layer %s: a child's box corner %v is outside its ancestor's box", layer, p)
				return
			}
		}
		if !region.Contains(geo.FromECEF(w), 0.01) {
			c.t.Errorf("layer %s: box corner %v outside the layer's region", layer, geo.FromECEF(w))
			return
		}
	}
}

// content decodes a tile's GLB and checks its vertices.
func (c *treeCheck) content(layer string, t *tiles.Tile, world tiles.Matrix4, frames []frameBox) {
	path := "layers/" + layer + "/" + t.Content.URI
	c.glbs = append(c.glbs, path)
	b, err := c.s.Tile(context.Background(), path)
	if err != nil {
		c.t.Fatal(err)
	}
	if len(b.Data) > c.maxBytes {
		c.t.Errorf("%s: %d bytes, over %d", path, len(b.Data), c.maxBytes)
	}
	glb, err := tiles.DecodeGLB(bytes.NewReader(b.Data))
	if err != nil {
		c.t.Fatalf("%s: %v", path, err)
	}
	c.checkYUp(path, glb, *t.BoundingVolume.Box)
	ids := glbIDs(c.t, path, glb)
	if len(t.Children) == 0 {
		for _, id := range ids {
			c.leafIDs[layer][id]++
		}
	}
	type vertex struct {
		p   [3]float64
		fid uint32
	}
	seen := map[vertex]bool{}
	bad := 0
	for _, m := range glb.Meshes {
		for i, p := range m.Positions {
			v := vertex{p, m.FeatureIDs[i]}
			if seen[v] {
				continue
			}
			seen[v] = true
			if !c.vertexOK(geo.Point3(p), t, world, frames, ids[v.fid]) {
				bad++
			}
		}
	}
	if bad > 0 {
		c.t.Errorf("%s: %d vertices outside a bounding volume or off their feature", path, bad)
	}
}

// checkYUp checks, without the decoder, that the GLB is Y-up as a 3D
// Tiles client reads it: each POSITION accessor's min and max, through
// the node's translation and scale and then the client's turn from Y-up
// to Z-up, (x, y, z) → (x, −z, y), lie in the tile's box.
func (c *treeCheck) checkYUp(path string, glb *tiles.DecodedGLB, box tiles.Box) {
	for _, n := range glb.Doc.Nodes {
		if n.Mesh == nil {
			continue
		}
		if n.Rotation != [4]float64{0, 0, 0, 1} {
			c.t.Fatalf("%s: node rotation %v, want none", path, n.Rotation)
		}
		for _, prim := range glb.Doc.Meshes[*n.Mesh].Primitives {
			a := glb.Doc.Accessors[prim.Attributes["POSITION"]]
			unit := 1.0
			if a.Normalized {
				unit = 32767
			}
			for _, corner := range boxCorners(geo.Bounds3{Min: geo.Point3(a.Min), Max: geo.Point3(a.Max)}) {
				var g geo.Point3
				for k := range 3 {
					g[k] = n.Translation[k] + n.Scale[k]*corner[k]/unit
				}
				if z := (geo.Point3{g[0], -g[2], g[1]}); !box.Contains(z, vertexTolM) {
					c.t.Errorf("%s: POSITION bound %v (glTF %v) is outside the tile's box once turned Z-up", path, z, g)
					return
				}
			}
		}
	}
}

func (c *treeCheck) vertexOK(p geo.Point3, t *tiles.Tile, world tiles.Matrix4, frames []frameBox, id string) bool {
	if !t.BoundingVolume.Box.Contains(p, vertexTolM) || !t.Content.BoundingVolume.Box.Contains(p, vertexTolM) {
		return false
	}
	w := world.Apply(p)
	for _, a := range frames {
		if !a.box.Contains(a.inverse.Apply(w), vertexTolM) {
			return false
		}
	}
	return c.nearFeature(geo.FromECEF(w), id)
}

// nearFeature reports whether llh lies within marginM of the feature's bounds.
func (c *treeCheck) nearFeature(llh geo.Point3, id string) bool {
	b, ok := c.bounds[id]
	if !ok {
		f, err := c.s.Feature(context.Background(), id)
		if err != nil {
			c.t.Fatalf("feature %s of a tile: %v", id, err)
		}
		b = f.Bounds()
		c.bounds[id] = b
	}
	dlat := c.marginM / metresPerDegree
	dlon := dlat / math.Cos(llh[1]*math.Pi/180)
	return llh[0] >= b.Min[0]-dlon && llh[0] <= b.Max[0]+dlon && llh[1] >= b.Min[1]-dlat && llh[1] <= b.Max[1]+dlat &&
		llh[2] >= b.Min[2]-c.marginM && llh[2] <= b.Max[2]+c.marginM
}

// glbIDs returns the "id" column of a GLB's property table.
func glbIDs(t *testing.T, path string, glb *tiles.DecodedGLB) []string {
	t.Helper()
	table := glb.Table()
	if table == nil {
		t.Fatalf("%s: no property table", path)
	}
	ids, ok := table.Properties["id"].(tiles.Strings)
	if !ok || len(ids) != table.Count {
		t.Fatalf("%s: no id column of %d rows", path, table.Count)
	}
	return ids
}

// checkEveryFeatureOnce checks that every tileable feature of the store
// is in exactly one leaf of its layer, and nothing else is.
func (c *treeCheck) checkEveryFeatureOnce(s twin.Store) {
	c.t.Helper()
	want := map[string]map[string]bool{}
	err := s.Search(context.Background(), world, twin.Filter{Kinds: tileableKinds}, func(f twin.Feature) bool {
		if want[f.Layer()] == nil {
			want[f.Layer()] = map[string]bool{}
		}
		want[f.Layer()][f.Head().ID] = true
		return true
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if len(want) != len(c.leafIDs) {
		c.t.Errorf("%d layers in the store, %d in the tiles", len(want), len(c.leafIDs))
	}
	for layer, ids := range want {
		got := c.leafIDs[layer]
		for id := range ids {
			if got[id] != 1 {
				c.t.Errorf("layer %s: feature %s in %d leaves", layer, id, got[id])
			}
		}
		for id := range got {
			if !ids[id] {
				c.t.Errorf("layer %s: leaf holds %s, which the store does not have", layer, id)
			}
		}
	}
}
