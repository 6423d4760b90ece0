package tiles

// EXT_meshopt_compression in EncodeGLB (GLBOptions.Meshopt).
//
// After the document is built, every vertex attribute buffer view is
// compressed with the vertex codec (mode ATTRIBUTES, no filter) and every
// triangle index buffer view with the index codec (mode TRIANGLES). The
// compressed bytes go to buffer 0 (the GLB binary chunk) and each such
// view moves to buffer 1, a fallback buffer with no data (no uri, only
// byteLength, marked {"fallback": true}): clients must decode, so the
// extension is required. Other views (property tables, line indices) are
// copied to buffer 0 unchanged. Before encoding, vertices are renumbered in
// order of first use by the indices, which is what the index codec
// predicts best; the triangle codec may also rotate triangles (keeping
// their winding), so the decoded index data is not byte-identical to an
// uncompressed file's, but it draws the same triangles.

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/qmuntal/gltf"
)

// ExtMeshoptCompression is the extension written with GLBOptions.Meshopt.
const ExtMeshoptCompression = "EXT_meshopt_compression"

// ErrMeshoptNeedsQuantize is returned for GLBOptions.Meshopt without Quantize.
var ErrMeshoptNeedsQuantize = errors.New("tiles: glb: meshopt compression needs quantize")

// meshoptViewExt is the EXT_meshopt_compression object of a buffer view.
type meshoptViewExt struct {
	Buffer     int    `json:"buffer"`
	ByteOffset int    `json:"byteOffset"`
	ByteLength int    `json:"byteLength"`
	ByteStride int    `json:"byteStride"`
	Count      int    `json:"count"`
	Mode       string `json:"mode"`
}

// meshoptBufferExt marks the fallback buffer.
type meshoptBufferExt struct {
	Fallback bool `json:"fallback"`
}

// meshoptPlan is how one buffer view is to be compressed.
type meshoptPlan struct {
	mode          string // ATTRIBUTES or TRIANGLES
	count, stride int
}

// meshoptCompress rewrites the binary buffer as described above and
// returns the fallback buffer (none when nothing was compressed).
func (b *gltfBuilder) meshoptCompress() []*gltf.Buffer {
	plans := b.meshoptPlans()
	if len(plans) == 0 {
		return nil
	}
	old := b.buf
	b.buf = make([]byte, 0, len(old)/3)
	fallbackLen, compressed := 0, 0
	for i, v := range b.doc.BufferViews {
		data := old[v.ByteOffset : v.ByteOffset+v.ByteLength]
		if p, ok := plans[i]; ok {
			if enc, err := p.encode(data); err == nil {
				b.alignBuf(4)
				v.Extensions = gltf.Extensions{ExtMeshoptCompression: meshoptViewExt{
					ByteOffset: len(b.buf), ByteLength: len(enc), ByteStride: p.stride, Count: p.count, Mode: p.mode,
				}}
				b.buf = append(b.buf, enc...)
				fallbackLen = (fallbackLen + 3) &^ 3
				v.Buffer, v.ByteOffset = 1, fallbackLen
				fallbackLen += v.ByteLength
				compressed++
				continue
			}
		}
		b.alignBuf(8) // as strict as any view alignment EncodeGLB uses
		v.ByteOffset = len(b.buf)
		b.buf = append(b.buf, data...)
	}
	if compressed == 0 {
		return nil
	}
	b.use(ExtMeshoptCompression, true)
	return []*gltf.Buffer{{
		ByteLength: fallbackLen,
		Extensions: gltf.Extensions{ExtMeshoptCompression: meshoptBufferExt{Fallback: true}},
	}}
}

// meshoptPlans finds the views to compress: whole-view vertex attributes
// with a stride that is a multiple of 4, and triangle index views.
func (b *gltfBuilder) meshoptPlans() map[int]meshoptPlan {
	plans := map[int]meshoptPlan{}
	for _, m := range b.doc.Meshes {
		for _, p := range m.Primitives {
			for _, acc := range p.Attributes {
				if view, plan, ok := b.meshoptAttributePlan(acc); ok {
					plans[view] = plan
				}
			}
			if p.Indices != nil && p.Mode == gltf.PrimitiveTriangles {
				a := b.doc.Accessors[*p.Indices]
				size := a.ComponentType.ByteSize()
				if a.BufferView != nil && a.ByteOffset == 0 && a.Count%3 == 0 && (size == 2 || size == 4) &&
					b.doc.BufferViews[*a.BufferView].ByteLength == a.Count*size {
					plans[*a.BufferView] = meshoptPlan{mode: "TRIANGLES", count: a.Count, stride: size}
				}
			}
		}
	}
	return plans
}

func (b *gltfBuilder) meshoptAttributePlan(acc int) (int, meshoptPlan, bool) {
	a := b.doc.Accessors[acc]
	if a.BufferView == nil || a.ByteOffset != 0 || a.Count == 0 {
		return 0, meshoptPlan{}, false
	}
	v := b.doc.BufferViews[*a.BufferView]
	stride := v.ByteStride
	if stride == 0 {
		stride = a.Type.Components() * a.ComponentType.ByteSize()
	}
	ok := stride%4 == 0 && stride <= meshoptMaxStride && v.ByteLength == a.Count*stride
	return *a.BufferView, meshoptPlan{mode: "ATTRIBUTES", count: a.Count, stride: stride}, ok
}

// encode compresses the bytes of one view.
func (p meshoptPlan) encode(data []byte) ([]byte, error) {
	if p.mode == "ATTRIBUTES" {
		return meshoptEncodeVertices(data, p.count, p.stride)
	}
	ix := make([]uint32, p.count)
	for i := range ix {
		if p.stride == 2 {
			ix[i] = uint32(binary.LittleEndian.Uint16(data[2*i:]))
		} else {
			ix[i] = binary.LittleEndian.Uint32(data[4*i:])
		}
	}
	enc, _, err := meshoptEncodeTriangles(ix)
	return enc, err
}

// meshoptFetchOrder returns a copy of m with its vertices renumbered in
// order of first use by the indices (unused vertices last). m is not
// modified; a mesh without indices is returned as it is.
func meshoptFetchOrder(m *Mesh) *Mesh {
	if len(m.Indices) == 0 {
		return m
	}
	const unset = math.MaxUint32
	n := len(m.Positions)
	remap := make([]uint32, n)
	for i := range remap {
		remap[i] = unset
	}
	order := make([]uint32, 0, n)
	out := *m
	out.Indices = make([]uint32, len(m.Indices))
	for i, v := range m.Indices {
		if remap[v] == unset {
			remap[v] = uint32(len(order))
			order = append(order, v)
		}
		out.Indices[i] = remap[v]
	}
	for v := range n {
		if remap[v] == unset {
			order = append(order, uint32(v))
		}
	}
	out.Positions = meshoptGather(m.Positions, order)
	out.Normals = meshoptGather(m.Normals, order)
	out.FeatureIDs = meshoptGather(m.FeatureIDs, order)
	return &out
}

// meshoptGather returns s[order[0]], s[order[1]], …; nil for an empty s.
func meshoptGather[T any](s []T, order []uint32) []T {
	if len(s) == 0 {
		return nil
	}
	out := make([]T, len(order))
	for i, v := range order {
		out[i] = s[v]
	}
	return out
}
