package viewer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
)

// The fixture is a small, geolocated tileset written with package tiles,
// laid out as `twin export` lays out its output: a root tileset.json
// referencing one external tileset per layer. Buildings have a LoD1 root
// (all blocks, refine REPLACE) and four quadrant children; the water layer
// is a few buried tubes. Every GLB carries EXT_mesh_features and
// EXT_structural_metadata; the building GLBs are quantized.

// fixtureOrigin is the ENU origin of the fixture: central Delft, h 0 m.
var fixtureOrigin = geo.Point3{4.3571, 52.0116, 0}

const (
	fixtureGrid    = 8    // buildings per side
	fixtureSpacing = 18.0 // metres between building centres
)

// fixtureExpect is what a client must find in the fixture.
type fixtureExpect struct {
	tilesets, tiles, contents, features int
}

// fixtureSchema is the metadata schema of both layers.
func fixtureSchema() *tiles.Schema {
	return &tiles.Schema{
		ID: "citytwin_fixture",
		Classes: map[string]tiles.Class{
			"building": {Properties: map[string]tiles.ClassProperty{
				"id":       {Type: tiles.TypeString, Required: true},
				"height_m": {Type: tiles.TypeScalar, ComponentType: tiles.ComponentFloat32},
				"year":     {Type: tiles.TypeScalar, ComponentType: tiles.ComponentUint16},
			}},
			"pipe": {Properties: map[string]tiles.ClassProperty{
				"id":          {Type: tiles.TypeString, Required: true},
				"diameter_mm": {Type: tiles.TypeScalar, ComponentType: tiles.ComponentUint16},
			}},
		},
	}
}

// writeFixture writes the fixture tileset below dir and returns what a
// client must find in it.
func writeFixture(t *testing.T, dir string) fixtureExpect {
	t.Helper()
	enu := geo.NewENU(fixtureOrigin)
	schema := fixtureSchema()
	bRoot := fixtureBuildings(t, dir, enu, schema)
	wRoot := fixtureWater(t, dir, enu, schema)
	root := tiles.Tileset{
		Asset:          tiles.Asset{Version: "1.1"},
		GeometricError: 400,
		Root: tiles.Tile{
			BoundingVolume: fixtureRegion(enu, bRoot.Union(wRoot)),
			GeometricError: 200,
			Refine:         tiles.RefineAdd,
			Children: []tiles.Tile{
				{BoundingVolume: fixtureRegion(enu, bRoot), GeometricError: 200, Content: &tiles.Content{URI: "buildings/tileset.json"}},
				{BoundingVolume: fixtureRegion(enu, wRoot), GeometricError: 200, Content: &tiles.Content{URI: "water/tileset.json"}},
			},
		},
	}
	fixtureWriteJSON(t, filepath.Join(dir, "tileset.json"), root)
	n := fixtureGrid * fixtureGrid
	return fixtureExpect{tilesets: 3, tiles: 3 + 5 + 1, contents: 5 + 1, features: 2*n + fixtureGrid}
}

// fixtureBuildings writes buildings/: a LoD1 root GLB of every block and
// one GLB per quadrant with a roof box on each block. It returns the local
// bounds of the layer.
func fixtureBuildings(t *testing.T, dir string, enu geo.ENU, schema *tiles.Schema) geo.Bounds3 {
	t.Helper()
	half := fixtureGrid / 2
	var lod1 tiles.MeshData
	var quads [4]tiles.MeshData
	var quadIDs [4][]int
	for i := range fixtureGrid * fixtureGrid {
		gx, gy := i%fixtureGrid, i/fixtureGrid
		c := geo.Point3{(float64(gx) - 3.5) * fixtureSpacing, (float64(gy) - 3.5) * fixtureSpacing, 0}
		h := fixtureHeight(i)
		q := (gy/half)*2 + gx/half
		fid := uint32(len(quadIDs[q]))
		quadIDs[q] = append(quadIDs[q], i)
		fixtureMust(t, lod1.AppendBox(c.Add(geo.Point3{0, 0, h / 2}), 12, 10, h, uint32(i)))
		fixtureMust(t, quads[q].AppendBox(c.Add(geo.Point3{0, 0, h / 2}), 12, 10, h, fid))
		fixtureMust(t, quads[q].AppendBox(c.Add(geo.Point3{0, 0, h + 1}), 8, 6, 2, fid))
	}
	all := make([]int, fixtureGrid*fixtureGrid)
	for i := range all {
		all[i] = i
	}
	color := [4]float32{0.85, 0.78, 0.65, 1}
	fixtureWriteGLB(t, dir, "buildings/lod1.glb", lod1, color, fixtureBuildingTable(all), schema, true)
	children := make([]tiles.Tile, 4)
	for q := range quads {
		uri := fmt.Sprintf("buildings/q%d.glb", q)
		fixtureWriteGLB(t, dir, uri, quads[q], color, fixtureBuildingTable(quadIDs[q]), schema, true)
		children[q] = tiles.Tile{BoundingVolume: fixtureBox(quads[q].Bounds()), GeometricError: 0, Content: &tiles.Content{URI: fmt.Sprintf("q%d.glb", q)}}
	}
	bounds := lod1.Bounds()
	for q := range quads {
		bounds = bounds.Union(quads[q].Bounds())
	}
	ts := tiles.Tileset{
		Asset: tiles.Asset{Version: "1.1"}, Schema: schema, GeometricError: 200,
		Root: tiles.Tile{
			BoundingVolume: fixtureBox(bounds), GeometricError: 24, Refine: tiles.RefineReplace,
			Transform: tiles.TransformFromENU(enu), Content: &tiles.Content{URI: "lod1.glb"}, Children: children,
		},
	}
	fixtureWriteJSON(t, filepath.Join(dir, "buildings", "tileset.json"), ts)
	return bounds
}

// fixtureWater writes water/: one buried tube per grid row, as one GLB.
func fixtureWater(t *testing.T, dir string, enu geo.ENU, schema *tiles.Schema) geo.Bounds3 {
	t.Helper()
	var pipes tiles.MeshData
	table := &tiles.PropertyTable{Class: "pipe", Count: fixtureGrid, Properties: map[string]tiles.PropertyValues{}}
	ids, diam := make(tiles.Strings, fixtureGrid), make(tiles.Uint16s, fixtureGrid)
	ext := fixtureSpacing * float64(fixtureGrid) / 2
	for r := range fixtureGrid {
		y := (float64(r) - 4) * fixtureSpacing
		line := []geo.Point3{{-ext, y, -1.5}, {0, y, -1.6}, {ext, y + 4, -1.8}}
		fixtureMust(t, pipes.AppendTube(line, 0.1+0.02*float64(r), tiles.TubeOptions{FeatureID: uint32(r), Caps: true}))
		ids[r], diam[r] = fmt.Sprintf("fixture:pipe-%d", r), uint16(200+40*r)
	}
	table.Properties["id"], table.Properties["diameter_mm"] = ids, diam
	fixtureWriteGLB(t, dir, "water/pipes.glb", pipes, [4]float32{0.1, 0.35, 0.9, 1}, table, schema, false)
	ts := tiles.Tileset{
		Asset: tiles.Asset{Version: "1.1"}, Schema: schema, GeometricError: 200,
		Root: tiles.Tile{
			BoundingVolume: fixtureBox(pipes.Bounds()), GeometricError: 0, Refine: tiles.RefineAdd,
			Transform: tiles.TransformFromENU(enu), Content: &tiles.Content{URI: "pipes.glb"},
		},
	}
	fixtureWriteJSON(t, filepath.Join(dir, "water", "tileset.json"), ts)
	return pipes.Bounds()
}

// fixtureHeight is a deterministic building height of 6 to 33 m.
func fixtureHeight(i int) float64 { return 6 + float64((i*37)%28) }

// fixtureBuildingTable is the property table of the buildings ids, in
// the order of their feature ids.
func fixtureBuildingTable(ids []int) *tiles.PropertyTable {
	n := len(ids)
	sid, height, year := make(tiles.Strings, n), make(tiles.Float32s, n), make(tiles.Uint16s, n)
	for row, i := range ids {
		sid[row] = fmt.Sprintf("fixture:b%02d", i)
		height[row], year[row] = float32(fixtureHeight(i)), uint16(1900+(i*7)%120)
	}
	return &tiles.PropertyTable{Class: "building", Count: n, Properties: map[string]tiles.PropertyValues{
		"id": sid, "height_m": height, "year": year,
	}}
}

// fixtureBox is the box volume of local bounds.
func fixtureBox(b geo.Bounds3) tiles.BoundingVolume {
	box := tiles.BoxFromBounds(b)
	return tiles.BoundingVolume{Box: &box}
}

// fixtureRegion is the region (radians) that holds local bounds b of frame
// enu: the geographic bounds of its eight corners.
func fixtureRegion(enu geo.ENU, b geo.Bounds3) tiles.BoundingVolume {
	g := geo.EmptyBounds()
	for c := range 8 {
		p := geo.Point3{b.Min[0], b.Min[1], b.Min[2]}
		for axis := range 3 {
			if c&(1<<axis) != 0 {
				p[axis] = b.Max[axis]
			}
		}
		g = g.Extend(enu.ToLLH(p))
	}
	const eps = 1e-9 // radians, ~6 mm: keeps rounding inside
	r := tiles.RegionFromBounds(g)
	r[0], r[1], r[2], r[3] = r[0]-eps, r[1]-eps, r[2]+eps, r[3]+eps
	r[4], r[5] = math.Floor(r[4]-1), math.Ceil(r[5]+1)
	return tiles.BoundingVolume{Region: &r}
}

func fixtureWriteGLB(t *testing.T, dir, name string, m tiles.MeshData, color [4]float32, table *tiles.PropertyTable, schema *tiles.Schema, quantize bool) {
	t.Helper()
	mesh := tiles.Mesh{Name: filepath.Base(name), Positions: m.Positions, Normals: m.Normals, Indices: m.Indices, FeatureIDs: m.FeatureIDs, Color: color}
	var buf bytes.Buffer
	if err := tiles.EncodeGLB(&buf, []tiles.Mesh{mesh}, table, schema, tiles.GLBOptions{Quantize: quantize}); err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	fixtureWriteFile(t, filepath.Join(dir, filepath.FromSlash(name)), buf.Bytes())
}

func fixtureWriteJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatalf("fixture %s: %v", path, err)
	}
	fixtureWriteFile(t, path, data)
}

func fixtureWriteFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func fixtureMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("fixture mesh: %v", err)
	}
}
