package tiles

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/qmuntal/gltf"
)

// DecodedGLB is a GLB read back by DecodeGLB.
type DecodedGLB struct {
	// Doc is the parsed glTF document.
	Doc *gltf.Document
	// Meshes has one Mesh per drawn primitive, with node transforms applied
	// and positions and normals back in the tile's local frame (z up).
	Meshes []Mesh
	// Schema is the EXT_structural_metadata schema, nil if none.
	Schema *Schema
	// Tables are the property tables, decoded with Schema.
	Tables []PropertyTable
}

// ErrNotGLB is returned by DecodeGLB for input that is not a GLB 2.0 file.
var ErrNotGLB = errors.New("tiles: glb: not a glTF 2.0 binary")

// DecodeGLB reads a GLB: triangle and line primitives, their
// EXT_mesh_features attribute feature ids and the EXT_structural_metadata
// property tables. GLBs with EXT_meshopt_compression are decompressed
// first (see glb_decode_meshopt.go). It is meant for tests and tools; it never panics on
// bad input and refuses what it does not understand.
func DecodeGLB(r io.Reader) (*DecodedGLB, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("tiles: glb: read: %w", err)
	}
	if len(data) < 12 || string(data[:4]) != "glTF" || binary.LittleEndian.Uint32(data[4:]) != 2 {
		return nil, ErrNotGLB
	}
	if data, err = meshoptExpandGLB(data); err != nil {
		return nil, err
	}
	doc, err := glbParse(data)
	if err != nil {
		return nil, err
	}
	out := &DecodedGLB{Doc: doc}
	if err := out.readMetadata(); err != nil {
		return nil, err
	}
	err = glbWalkNodes(doc, func(n *gltf.Node, m [16]float64) error {
		return out.readNodeMesh(n, m)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// glbParse runs qmuntal/gltf's decoder. It dereferences null array
// entries ("buffers": [null]) and panics, so a panic becomes an error here.
func glbParse(data []byte) (doc *gltf.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("tiles: glb: malformed document: %v", r)
		}
	}()
	doc = new(gltf.Document)
	if err := gltf.NewDecoder(bytes.NewReader(data)).Decode(doc); err != nil {
		return nil, fmt.Errorf("tiles: glb: %w", err)
	}
	return doc, nil
}

// Table returns the first property table, or nil.
func (d *DecodedGLB) Table() *PropertyTable {
	if len(d.Tables) == 0 {
		return nil
	}
	return &d.Tables[0]
}

// glbWalkNodes calls fn for every node of the default scene (or of all
// root nodes when there is no scene) with its world matrix. Each node is
// visited once, so cyclic or shared hierarchies cannot loop.
func glbWalkNodes(doc *gltf.Document, fn func(*gltf.Node, [16]float64) error) error {
	roots, err := glbSceneRoots(doc)
	if err != nil {
		return err
	}
	seen := make(map[int]bool)
	var visit func(i int, parent [16]float64) error
	visit = func(i int, parent [16]float64) error {
		if i < 0 || i >= len(doc.Nodes) || doc.Nodes[i] == nil {
			return fmt.Errorf("tiles: glb: node %d out of range", i)
		}
		if seen[i] {
			return nil
		}
		seen[i] = true
		n := doc.Nodes[i]
		world := glbMul(parent, glbNodeMatrix(n))
		if err := fn(n, world); err != nil {
			return err
		}
		for _, c := range n.Children {
			if err := visit(c, world); err != nil {
				return err
			}
		}
		return nil
	}
	for _, r := range roots {
		if err := visit(r, gltf.DefaultMatrix); err != nil {
			return err
		}
	}
	return nil
}

// glbSceneRoots lists the root nodes of the default scene, or every node
// when the document has no scene.
func glbSceneRoots(doc *gltf.Document) ([]int, error) {
	if len(doc.Scenes) == 0 {
		roots := make([]int, len(doc.Nodes))
		for i := range roots {
			roots[i] = i
		}
		return roots, nil
	}
	s := 0
	if doc.Scene != nil {
		s = *doc.Scene
	}
	if s < 0 || s >= len(doc.Scenes) || doc.Scenes[s] == nil {
		return nil, fmt.Errorf("tiles: glb: scene %d out of range", s)
	}
	return doc.Scenes[s].Nodes, nil
}

// readNodeMesh decodes every primitive of the node's mesh.
func (d *DecodedGLB) readNodeMesh(n *gltf.Node, world [16]float64) error {
	if n.Mesh == nil {
		return nil
	}
	doc := d.Doc
	if *n.Mesh < 0 || *n.Mesh >= len(doc.Meshes) || doc.Meshes[*n.Mesh] == nil {
		return fmt.Errorf("tiles: glb: node %q: mesh %d out of range", n.Name, *n.Mesh)
	}
	for j, p := range doc.Meshes[*n.Mesh].Primitives {
		if p == nil {
			continue
		}
		m, err := glbReadPrimitive(doc, p, world)
		if err != nil {
			return fmt.Errorf("tiles: glb: node %q primitive %d: %w", n.Name, j, err)
		}
		m.Name = n.Name
		d.Meshes = append(d.Meshes, m)
	}
	return nil
}

// glbReadPrimitive decodes one primitive into a Mesh in the local frame.
func glbReadPrimitive(doc *gltf.Document, p *gltf.Primitive, world [16]float64) (Mesh, error) {
	var m Mesh
	switch p.Mode {
	case gltf.PrimitiveTriangles:
	case gltf.PrimitiveLines:
		m.Mode = Lines
	default:
		return m, fmt.Errorf("primitive mode %v unsupported", p.Mode)
	}
	pos, ok := p.Attributes[gltf.POSITION]
	if !ok {
		return m, errNoPositions
	}
	ps, err := glbVec3s(doc, pos)
	if err != nil {
		return m, err
	}
	m.Positions = make([][3]float64, len(ps))
	for i, q := range ps {
		m.Positions[i] = gltfToLocal(glbApply(world, q))
	}
	if err := glbReadNormals(doc, p, world, &m); err != nil {
		return m, err
	}
	if p.Indices != nil {
		if m.Indices, err = glbUints(doc, *p.Indices, float64(len(ps))); err != nil {
			return m, err
		}
	}
	if m.FeatureIDs, err = glbReadFeatureIDs(doc, p, len(ps)); err != nil {
		return m, err
	}
	m.Color = glbMaterialColor(doc, p.Material)
	return m, nil
}

// glbReadNormals reads NORMAL, transformed by the world matrix's
// cofactor (the inverse transpose up to scale) and renormalized.
func glbReadNormals(doc *gltf.Document, p *gltf.Primitive, world [16]float64, m *Mesh) error {
	i, ok := p.Attributes[gltf.NORMAL]
	if !ok {
		return nil
	}
	ns, err := glbVec3s(doc, i)
	if err != nil {
		return err
	}
	if len(ns) != len(m.Positions) {
		return fmt.Errorf("%d normals for %d positions", len(ns), len(m.Positions))
	}
	cof := glbCofactor(world)
	m.Normals = make([][3]float32, len(ns))
	for j, n := range ns {
		g := gltfToLocal(glbApply3(cof, n))
		l := math.Sqrt(g[0]*g[0] + g[1]*g[1] + g[2]*g[2])
		if l > 0 {
			g = [3]float64{g[0] / l, g[1] / l, g[2] / l}
		}
		m.Normals[j] = [3]float32{float32(g[0]), float32(g[1]), float32(g[2])}
	}
	return nil
}

// glbMaterialColor is the material's base colour, opaque white by default.
func glbMaterialColor(doc *gltf.Document, mat *int) [4]float32 {
	c := [4]float32{1, 1, 1, 1}
	if mat == nil || *mat < 0 || *mat >= len(doc.Materials) || doc.Materials[*mat] == nil {
		return c
	}
	if pbr := doc.Materials[*mat].PBRMetallicRoughness; pbr != nil && pbr.BaseColorFactor != nil {
		for k, v := range pbr.BaseColorFactor {
			c[k] = float32(v)
		}
	}
	return c
}
