package tiles

// GLB encoding: meshes in a tile's local frame plus an optional property
// table → one glTF 2.0 binary with EXT_mesh_features and
// EXT_structural_metadata, as 3D Tiles 1.1 content wants it.
//
// Frames. Callers give positions in metres in the tile's local frame
// (x east, y north, z up). glTF is Y-up, and a 3D Tiles 1.1 client rotates
// glTF content from Y-up to Z-up before it applies the tile transform
// (a +90° turn about x: glTF (x, y, z) lands on (x, −z, y)), so the
// encoder stores
//
//	glTF (x, y, z) = local (x, z, −y)
//
// and the tile transform only has to place the local frame (for example an
// ENU frame: geo.ENU.Matrix). The same rotation applies to normals.
//
// Precision. All meshes of one tile share one node transform: positions are
// recentred on the centre of their bounding box (translation in float64
// JSON) and stored as float32 offsets, or, with GLBOptions.Quantize, as
// int16 normalized values with a uniform node scale (KHR_mesh_quantization;
// uniform so that normals need no correction).

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/qmuntal/gltf"
)

// MeshMode is how a Mesh's indices are read.
type MeshMode uint8

const (
	// Triangles reads indices three at a time, counter-clockwise front faces.
	Triangles MeshMode = iota
	// Lines reads indices two at a time: segments for thin pipes at coarse
	// levels of detail. Line meshes get an unlit material.
	Lines
)

// String names the mode as glTF does.
func (m MeshMode) String() string {
	switch m {
	case Triangles:
		return "TRIANGLES"
	case Lines:
		return "LINES"
	}
	return fmt.Sprintf("MeshMode(%d)", uint8(m))
}

// Mesh is one drawable part of a tile with one material, typically all the
// features of one colour.
type Mesh struct {
	// Name names the glTF node and mesh (optional).
	Name string
	// Mode is Triangles (the zero value) or Lines.
	Mode MeshMode
	// Positions are metres in the tile's local frame: x east, y north, z up.
	Positions [][3]float64
	// Normals are per-vertex unit normals in the same frame; empty for none.
	// They are normalized on encoding; a zero normal becomes +z (up).
	Normals [][3]float32
	// Indices index Positions; empty means 0, 1, 2, … (unindexed).
	Indices []uint32
	// FeatureIDs are per-vertex feature ids (rows of the property table);
	// empty for a mesh without features.
	FeatureIDs []uint32
	// Color is the linear RGBA base colour; the zero value means opaque
	// white. Alpha below 1 gives alpha mode BLEND.
	Color [4]float32
}

// GLBOptions tune EncodeGLB. The zero value writes float32 positions and
// normals with single-sided materials.
type GLBOptions struct {
	// Quantize stores positions as int16 normalized and normals as int8
	// normalized (KHR_mesh_quantization, required by the file).
	Quantize bool
	// Meshopt compresses vertex attributes and triangle indices with
	// EXT_meshopt_compression (required by the file); it needs Quantize.
	// Property tables stay uncompressed.
	Meshopt bool
	// DoubleSided marks every triangle material double-sided.
	DoubleSided bool
	// Generator is written to asset.generator (default "citytwin").
	Generator string
	// Copyright is written to asset.copyright when not empty.
	Copyright string
}

// Extension names written by EncodeGLB.
const (
	ExtMeshFeatures       = "EXT_mesh_features"
	ExtStructuralMetadata = "EXT_structural_metadata"
	ExtMeshQuantization   = "KHR_mesh_quantization"
	ExtMaterialsUnlit     = "KHR_materials_unlit"
)

// FeatureIDAttribute is the vertex attribute holding feature ids.
const FeatureIDAttribute = "_FEATURE_ID_0"

// ErrNoMeshes is returned by EncodeGLB when it is given nothing to draw.
var ErrNoMeshes = errors.New("tiles: glb: no meshes")

// EncodeGLB writes meshes, and the property table their feature ids index,
// as one GLB. table and schema may both be nil (no EXT_structural_metadata);
// when table is set, schema must declare table.Class and every feature id
// must be below table.Count.
func EncodeGLB(w io.Writer, meshes []Mesh, table *PropertyTable, schema *Schema, opts GLBOptions) error {
	doc, err := BuildGLTF(meshes, table, schema, opts)
	if err != nil {
		return err
	}
	enc := gltf.NewEncoder(w)
	enc.AsBinary = true
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("tiles: glb: write: %w", err)
	}
	return nil
}

// BuildGLTF is EncodeGLB without the writing: it returns the glTF document
// (one buffer, to be written as GLB) for callers that add to it.
func BuildGLTF(meshes []Mesh, table *PropertyTable, schema *Schema, opts GLBOptions) (*gltf.Document, error) {
	if len(meshes) == 0 {
		return nil, ErrNoMeshes
	}
	if opts.Meshopt && !opts.Quantize {
		return nil, ErrMeshoptNeedsQuantize
	}
	if err := glbCheckMeshes(meshes, table); err != nil {
		return nil, err
	}
	b := newGLTFBuilder(opts)
	b.frame = glbFrameFor(meshes, opts.Quantize)
	b.hasTable = table != nil
	for i := range meshes {
		b.addMesh(&meshes[i])
	}
	if table != nil || schema != nil {
		if err := b.addMetadata(table, schema); err != nil {
			return nil, err
		}
	}
	return b.finish(), nil
}

// glbCheckMeshes rejects meshes that cannot be encoded, naming the mesh.
func glbCheckMeshes(meshes []Mesh, table *PropertyTable) error {
	limit := -1
	if table != nil {
		limit = table.Count
	}
	for i := range meshes {
		if err := glbCheckMesh(&meshes[i], limit); err != nil {
			return fmt.Errorf("tiles: glb: mesh %d %q: %w", i, meshes[i].Name, err)
		}
	}
	return nil
}

// glbCheckMesh checks one mesh; featureLimit < 0 means no property table.
func glbCheckMesh(m *Mesh, featureLimit int) error {
	n := len(m.Positions)
	switch {
	case n == 0:
		return errors.New("no positions")
	case m.Mode != Triangles && m.Mode != Lines:
		return fmt.Errorf("unknown mode %d", m.Mode)
	case len(m.Normals) != 0 && len(m.Normals) != n:
		return fmt.Errorf("%d normals for %d positions", len(m.Normals), n)
	case len(m.FeatureIDs) != 0 && len(m.FeatureIDs) != n:
		return fmt.Errorf("%d feature ids for %d positions", len(m.FeatureIDs), n)
	case n > math.MaxUint32:
		return fmt.Errorf("%d positions: too many", n)
	}
	per := 3
	if m.Mode == Lines {
		per = 2
	}
	count := len(m.Indices)
	if count == 0 {
		count = n
	}
	if count%per != 0 {
		return fmt.Errorf("%d indices: not a multiple of %d for %s", count, per, m.Mode)
	}
	for j, ix := range m.Indices {
		if int64(ix) >= int64(n) {
			return fmt.Errorf("index %d = %d out of range (%d positions)", j, ix, n)
		}
	}
	for j, p := range m.Positions {
		if !glbFinite3(p) {
			return fmt.Errorf("position %d = %v not finite", j, p)
		}
	}
	return glbCheckFeatureIDs(m.FeatureIDs, featureLimit)
}

// glbCheckFeatureIDs checks ids against the table size and the float32 limit.
func glbCheckFeatureIDs(ids []uint32, limit int) error {
	for j, id := range ids {
		if limit >= 0 && int64(id) >= int64(limit) {
			return fmt.Errorf("feature id %d at vertex %d: property table has %d rows", id, j, limit)
		}
		if id > maxFloatFeatureID {
			return fmt.Errorf("feature id %d at vertex %d: above %d", id, j, maxFloatFeatureID)
		}
	}
	return nil
}

func glbFinite3(p [3]float64) bool {
	for _, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
