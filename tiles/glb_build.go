package tiles

import (
	"math"
	"slices"
	"strconv"

	"github.com/qmuntal/gltf"
)

// gltfBuilder accumulates one glTF document with a single binary buffer.
type gltfBuilder struct {
	doc       *gltf.Document
	buf       []byte
	frame     glbFrame
	opts      GLBOptions
	materials map[materialKey]int
	hasTable  bool     // a property table is written: feature ids index it
	used      []string // extensionsUsed, in first-use order
	required  []string // extensionsRequired
}

func newGLTFBuilder(opts GLBOptions) *gltfBuilder {
	gen := opts.Generator
	if gen == "" {
		gen = "citytwin"
	}
	doc := &gltf.Document{
		Asset:  gltf.Asset{Version: "2.0", Generator: gen, Copyright: opts.Copyright},
		Scene:  gltf.Index(0),
		Scenes: []*gltf.Scene{{}},
	}
	return &gltfBuilder{doc: doc, opts: opts, materials: map[materialKey]int{}}
}

// use records an extension as used and, if req, as required.
func (b *gltfBuilder) use(name string, req bool) {
	if !slices.Contains(b.used, name) {
		b.used = append(b.used, name)
	}
	if req && !slices.Contains(b.required, name) {
		b.required = append(b.required, name)
	}
}

// alignBuf pads the binary buffer with zeros to a multiple of n bytes.
func (b *gltfBuilder) alignBuf(n int) {
	for len(b.buf)%n != 0 {
		b.buf = append(b.buf, 0)
	}
}

// addView appends data as a buffer view starting at a multiple of align
// (at least 4) and returns its index. stride 0 means tightly packed. Empty
// data (a column of empty strings) gets one zero byte: glTF wants
// byteLength ≥ 1.
func (b *gltfBuilder) addView(data []byte, stride int, target gltf.Target, align int) int {
	if len(data) == 0 {
		data = []byte{0}
	}
	b.alignBuf(max(align, 4))
	v := &gltf.BufferView{
		Buffer:     0,
		ByteOffset: len(b.buf),
		ByteLength: len(data),
		ByteStride: stride,
		Target:     target,
	}
	b.buf = append(b.buf, data...)
	b.doc.BufferViews = append(b.doc.BufferViews, v)
	return len(b.doc.BufferViews) - 1
}

// addAccessor appends an accessor over a whole buffer view.
func (b *gltfBuilder) addAccessor(a *gltf.Accessor) int {
	b.doc.Accessors = append(b.doc.Accessors, a)
	return len(b.doc.Accessors) - 1
}

// addMesh encodes one Mesh as a node with a one-primitive glTF mesh.
func (b *gltfBuilder) addMesh(m *Mesh) {
	m = b.weld(m)
	if b.opts.Meshopt {
		m = meshoptFetchOrder(m)
	}
	attrs := gltf.PrimitiveAttributes{gltf.POSITION: b.addPositions(m.Positions)}
	if len(m.Normals) > 0 && m.Mode == Triangles {
		attrs[gltf.NORMAL] = b.addNormals(m.Normals)
	}
	prim := &gltf.Primitive{Attributes: attrs, Mode: gltf.PrimitiveTriangles}
	if m.Mode == Lines {
		prim.Mode = gltf.PrimitiveLines
	}
	if len(m.Indices) > 0 {
		prim.Indices = gltf.Index(b.addIndices(m.Indices, len(m.Positions)))
	}
	if len(m.FeatureIDs) > 0 {
		attrs[FeatureIDAttribute] = b.addFeatureIDs(m.FeatureIDs)
		prim.Extensions = gltf.Extensions{ExtMeshFeatures: b.meshFeatures(m.FeatureIDs)}
		b.use(ExtMeshFeatures, false)
	}
	prim.Material = gltf.Index(b.material(m))
	b.doc.Meshes = append(b.doc.Meshes, &gltf.Mesh{Name: m.Name, Primitives: []*gltf.Primitive{prim}})
	node := &gltf.Node{
		Name:        m.Name,
		Mesh:        gltf.Index(len(b.doc.Meshes) - 1),
		Translation: b.frame.nodeTranslation(),
		Rotation:    gltf.DefaultRotation,
		Scale:       b.frame.nodeScale(),
		Matrix:      gltf.DefaultMatrix,
	}
	b.doc.Nodes = append(b.doc.Nodes, node)
	b.doc.Scenes[0].Nodes = append(b.doc.Scenes[0].Nodes, len(b.doc.Nodes)-1)
}

// finish closes the buffer and the extension lists.
func (b *gltfBuilder) finish() *gltf.Document {
	var fallback []*gltf.Buffer
	if b.opts.Meshopt {
		fallback = b.meshoptCompress()
	}
	b.alignBuf(8)
	b.doc.Buffers = append([]*gltf.Buffer{{ByteLength: len(b.buf), Data: b.buf}}, fallback...)
	b.doc.ExtensionsUsed = b.used
	b.doc.ExtensionsRequired = b.required
	return b.doc
}

// Material constants: a matte, non-metallic look suits buildings and pipes.
const (
	materialMetallic  = 0
	materialRoughness = 0.9
)

// materialKey identifies a material; meshes sharing one share the material.
type materialKey struct {
	color       [4]float32
	unlit       bool
	doubleSided bool
}

// material returns the index of m's material, adding it on first use.
func (b *gltfBuilder) material(m *Mesh) int {
	key := materialKey{color: glbColor(m.Color), unlit: m.Mode == Lines}
	key.doubleSided = b.opts.DoubleSided && !key.unlit
	if i, ok := b.materials[key]; ok {
		return i
	}
	c := key.color
	mat := &gltf.Material{
		PBRMetallicRoughness: &gltf.PBRMetallicRoughness{
			BaseColorFactor: &[4]float64{glbShortFloat(c[0]), glbShortFloat(c[1]), glbShortFloat(c[2]), glbShortFloat(c[3])},
			MetallicFactor:  gltf.Float(materialMetallic),
			RoughnessFactor: gltf.Float(materialRoughness),
		},
		DoubleSided: key.doubleSided,
	}
	if c[3] < 1 {
		mat.AlphaMode = gltf.AlphaBlend
	}
	if key.unlit {
		// Lines have no normals to light: KHR_materials_unlit draws them
		// in their base colour (clients without it fall back to PBR).
		mat.Extensions = gltf.Extensions{ExtMaterialsUnlit: struct{}{}}
		b.use(ExtMaterialsUnlit, false)
	}
	b.doc.Materials = append(b.doc.Materials, mat)
	b.materials[key] = len(b.doc.Materials) - 1
	return b.materials[key]
}

// glbColor clamps a colour to [0, 1] (NaN → 0); zero means opaque white.
func glbColor(c [4]float32) [4]float32 {
	if c == ([4]float32{}) {
		return [4]float32{1, 1, 1, 1}
	}
	for i, v := range c {
		if math.IsNaN(float64(v)) {
			v = 0
		}
		c[i] = max(0, min(1, v))
	}
	return c
}

// glbShortFloat widens a float32 to the float64 with the same shortest
// decimal form, so 0.9 is written as 0.9 and not 0.8999999761581421.
func glbShortFloat(v float32) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
	return f
}
