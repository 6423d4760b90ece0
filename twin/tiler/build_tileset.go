package tiler

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Paths of the tileset files in the store (and in an export).
const (
	RootTilesetPath = "tileset.json"
	tilesetVersion  = "1.1"
	generator       = "citytwin"
)

// LayerTilesetPath is the path of a layer's tileset.
func LayerTilesetPath(layer string) string { return "layers/" + layer + "/tileset.json" }

// layerTilesetError is the geometric error of a layer's tileset: large
// enough that its root shows from afar.
func layerTilesetError(rootError float64, rootBox geo.Bounds3) float64 {
	return max(2*rootError, diagonal(rootBox)/2, 1)
}

// writeLayerTileset puts the layer's tileset and its record into u.
func (bd *build) writeLayerTileset(name string, root *builtNode, meta *layerMeta, u *twin.TileUpdate) error {
	meta.GeometricError = layerTilesetError(root.meta.GeometricError, root.meta.Box)
	ts := tiles.Tileset{
		Asset:          tiles.Asset{Version: tilesetVersion, Generator: generator},
		GeometricError: meta.GeometricError,
		Root:           tileOf(root, nil, "layers/"+name+"/"),
	}
	data, err := json.Marshal(ts)
	if err != nil {
		return fmt.Errorf("tiler: layer %s: tileset: %w", name, err)
	}
	rec, err := encodeLayerMeta(meta)
	if err != nil {
		return err
	}
	u.Put = append(u.Put, twin.TileBlob{Path: LayerTilesetPath(name), Layer: name, ContentType: ContentTypeJSON, Data: data})
	u.Layers = append(u.Layers, twin.TileLayerState{Layer: name, BuiltSeq: bd.target,
		Version: layerVersion(bd.builder, bd.opts, name), Meta: rec})
	bd.inputs[name].old = meta // what the root tileset is made from
	return nil
}

// tileOf returns the tile of b and its children; parent is the frame of
// the parent tile (nil for a layer's root). Tiles that hold nothing are
// left out by their parents.
func tileOf(b *builtNode, parent *geo.ENU, dir string) tiles.Tile {
	n := &b.meta
	frame := n.frame()
	t := tiles.Tile{BoundingVolume: tiles.BoundingVolume{Box: boxOf(n.Box)}, GeometricError: n.GeometricError}
	if parent == nil {
		t.Transform = tiles.TransformFromENU(frame)
		t.Refine = tiles.RefineReplace
	} else {
		t.Transform = relTransform(*parent, frame)
	}
	if n.Path != "" {
		t.Content = &tiles.Content{URI: strings.TrimPrefix(n.Path, dir),
			BoundingVolume: &tiles.BoundingVolume{Box: boxOf(n.ContentBox)}}
	}
	for _, c := range b.children {
		if !c.meta.Box.IsEmpty() {
			t.Children = append(t.Children, tileOf(c, &frame, dir))
		}
	}
	return t
}

// writeRoot puts the root tileset, with one child per layer whose content
// is the layer's tileset, and the root state into u. Without layers the
// root tileset is deleted.
func (bd *build) writeRoot(u *twin.TileUpdate) error {
	u.Layers = append(u.Layers, twin.TileLayerState{Layer: rootLayer, BuiltSeq: bd.target,
		Version: layerVersion(bd.builder, bd.opts, rootLayer)})
	root := tiles.Tile{Refine: tiles.RefineAdd}
	all, maxErr := geo.EmptyBounds(), 0.0
	for _, name := range bd.layerNames() {
		in := bd.inputs[name]
		meta := in.old
		if meta == nil || in.count() == 0 || len(meta.Nodes) == 0 || meta.Nodes[0].Box.IsEmpty() {
			continue
		}
		region := regionOf(meta.Nodes[0].frame(), meta.Nodes[0].Box)
		all = all.Union(region)
		maxErr = max(maxErr, meta.GeometricError)
		r := tiles.RegionFromBounds(region)
		root.Children = append(root.Children, tiles.Tile{
			BoundingVolume: tiles.BoundingVolume{Region: &r},
			GeometricError: meta.GeometricError,
			Content:        &tiles.Content{URI: LayerTilesetPath(name)},
			Extras:         json.RawMessage(fmt.Sprintf(`{"layer":%q}`, name)),
		})
	}
	if len(root.Children) == 0 {
		u.Delete = append(u.Delete, RootTilesetPath)
		return nil
	}
	r := tiles.RegionFromBounds(all)
	root.BoundingVolume = tiles.BoundingVolume{Region: &r}
	root.GeometricError = 1.25 * maxErr
	ts := tiles.Tileset{Asset: tiles.Asset{Version: tilesetVersion, Generator: generator},
		GeometricError: 2.5 * maxErr, Root: root}
	data, err := json.Marshal(ts)
	if err != nil {
		return fmt.Errorf("tiler: root tileset: %w", err)
	}
	u.Put = append(u.Put, twin.TileBlob{Path: RootTilesetPath, Layer: rootLayer, ContentType: ContentTypeJSON, Data: data})
	return nil
}
