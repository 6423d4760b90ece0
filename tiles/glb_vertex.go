package tiles

import (
	"encoding/binary"
	"math"

	"github.com/qmuntal/gltf"
)

// Vertex layouts. Every vertex attribute element starts on a 4-byte
// boundary (glTF 2.0 §3.6.2.4): quantized VEC3 int16 positions take 8
// bytes, int8 normals 4, uint16 feature ids 4.
const (
	quantPosStride  = 8
	quantNormStride = 4
	featureIDStride = 4
	// maxFloatFeatureID is the largest id a float32 attribute holds exactly.
	maxFloatFeatureID = 1 << 24
	// maxShortFeatureID is the largest id stored as UNSIGNED_SHORT.
	maxShortFeatureID = math.MaxUint16
)

// addPositions writes POSITION relative to the frame and returns the
// accessor index; min and max are exact stored values.
func (b *gltfBuilder) addPositions(ps [][3]float64) int {
	if b.frame.quantize {
		return b.addQuantizedPositions(ps)
	}
	data := make([]byte, 0, 12*len(ps))
	lo := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for _, p := range ps {
		o := b.frame.offset(p)
		for k := range 3 {
			v := float32(o[k])
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
			lo[k] = math.Min(lo[k], float64(v))
			hi[k] = math.Max(hi[k], float64(v))
		}
	}
	view := b.addView(data, 0, gltf.TargetArrayBuffer, 4)
	return b.addAccessor(&gltf.Accessor{
		BufferView: gltf.Index(view), ComponentType: gltf.ComponentFloat,
		Type: gltf.AccessorVec3, Count: len(ps), Min: lo[:], Max: hi[:],
	})
}

// addQuantizedPositions writes POSITION as int16 normalized VEC3.
func (b *gltfBuilder) addQuantizedPositions(ps [][3]float64) int {
	data := make([]byte, 0, quantPosStride*len(ps))
	lo := [3]float64{quantInt16Max, quantInt16Max, quantInt16Max}
	hi := [3]float64{-quantInt16Max, -quantInt16Max, -quantInt16Max}
	for _, p := range ps {
		o := b.frame.offset(p)
		for k := range 3 {
			q := glbQuantizeUnit(o[k], quantInt16Max)
			data = binary.LittleEndian.AppendUint16(data, uint16(int16(q)))
			lo[k] = math.Min(lo[k], float64(q))
			hi[k] = math.Max(hi[k], float64(q))
		}
		data = append(data, 0, 0)
	}
	view := b.addView(data, quantPosStride, gltf.TargetArrayBuffer, 4)
	b.use(ExtMeshQuantization, true)
	return b.addAccessor(&gltf.Accessor{
		BufferView: gltf.Index(view), ComponentType: gltf.ComponentShort, Normalized: true,
		Type: gltf.AccessorVec3, Count: len(ps), Min: lo[:], Max: hi[:],
	})
}

// addNormals writes NORMAL as float32 or, quantized, int8 normalized.
func (b *gltfBuilder) addNormals(ns [][3]float32) int {
	a := &gltf.Accessor{Type: gltf.AccessorVec3, Count: len(ns)}
	var data []byte
	stride := 0
	if b.frame.quantize {
		data = make([]byte, 0, quantNormStride*len(ns))
		for _, n := range ns {
			q := glbQuantizeNormal(glbUnitNormal(n))
			data = append(data, byte(q[0]), byte(q[1]), byte(q[2]), 0)
		}
		a.ComponentType, a.Normalized, stride = gltf.ComponentByte, true, quantNormStride
	} else {
		data = make([]byte, 0, 12*len(ns))
		for _, n := range ns {
			for _, v := range glbUnitNormal(n) {
				data = binary.LittleEndian.AppendUint32(data, math.Float32bits(float32(v)))
			}
		}
		a.ComponentType = gltf.ComponentFloat
	}
	a.BufferView = gltf.Index(b.addView(data, stride, gltf.TargetArrayBuffer, 4))
	return b.addAccessor(a)
}

// addIndices writes indices as uint16 when every index fits below the
// primitive-restart value 65535, else uint32.
func (b *gltfBuilder) addIndices(ix []uint32, vertices int) int {
	a := &gltf.Accessor{Type: gltf.AccessorScalar, Count: len(ix)}
	var data []byte
	if vertices <= math.MaxUint16 {
		data = make([]byte, 0, 2*len(ix))
		for _, i := range ix {
			data = binary.LittleEndian.AppendUint16(data, uint16(i))
		}
		a.ComponentType = gltf.ComponentUshort
	} else {
		data = make([]byte, 0, 4*len(ix))
		for _, i := range ix {
			data = binary.LittleEndian.AppendUint32(data, i)
		}
		a.ComponentType = gltf.ComponentUint
	}
	a.BufferView = gltf.Index(b.addView(data, 0, gltf.TargetElementArrayBuffer, 4))
	return b.addAccessor(a)
}

// addFeatureIDs writes _FEATURE_ID_0: UNSIGNED_SHORT (stride 4) when every
// id fits, else FLOAT (exact up to 2^24). glTF forbids UNSIGNED_INT here.
func (b *gltfBuilder) addFeatureIDs(ids []uint32) int {
	a := &gltf.Accessor{Type: gltf.AccessorScalar, Count: len(ids)}
	data := make([]byte, 0, featureIDStride*len(ids))
	stride := 0
	if glbMaxID(ids) <= maxShortFeatureID {
		for _, id := range ids {
			data = append(binary.LittleEndian.AppendUint16(data, uint16(id)), 0, 0)
		}
		a.ComponentType, stride = gltf.ComponentUshort, featureIDStride
	} else {
		for _, id := range ids {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(float32(id)))
		}
		a.ComponentType = gltf.ComponentFloat
	}
	a.BufferView = gltf.Index(b.addView(data, stride, gltf.TargetArrayBuffer, 4))
	return b.addAccessor(a)
}

func glbMaxID(ids []uint32) uint32 {
	var m uint32
	for _, id := range ids {
		m = max(m, id)
	}
	return m
}

// extMeshFeatures is the EXT_mesh_features object of a primitive.
type extMeshFeatures struct {
	FeatureIDs []extFeatureID `json:"featureIds"`
}

// extFeatureID is one feature id set: here always a vertex attribute.
type extFeatureID struct {
	FeatureCount  int    `json:"featureCount"`
	NullFeatureID *int   `json:"nullFeatureId,omitempty"`
	Label         string `json:"label,omitempty"`
	Attribute     *int   `json:"attribute,omitempty"` // n of _FEATURE_ID_n
	Texture       any    `json:"texture,omitempty"`   // not written; kept when read
	PropertyTable *int   `json:"propertyTable,omitempty"`
}

// meshFeatures describes the _FEATURE_ID_0 attribute of one primitive:
// featureCount is the number of distinct ids it holds, as the
// specification defines it; the ids index property table 0 if there is one.
func (b *gltfBuilder) meshFeatures(ids []uint32) extMeshFeatures {
	seen := make(map[uint32]struct{}, 64)
	for _, id := range ids {
		seen[id] = struct{}{}
	}
	f := extFeatureID{FeatureCount: len(seen), Attribute: gltf.Index(0)}
	if b.hasTable {
		f.PropertyTable = gltf.Index(0)
	}
	return extMeshFeatures{FeatureIDs: []extFeatureID{f}}
}
