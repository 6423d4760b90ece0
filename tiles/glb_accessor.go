package tiles

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/qmuntal/gltf"
)

// glbViewBytes returns the bytes of buffer view i, bounds-checked.
func glbViewBytes(doc *gltf.Document, i int) ([]byte, error) {
	if i < 0 || i >= len(doc.BufferViews) || doc.BufferViews[i] == nil {
		return nil, fmt.Errorf("buffer view %d out of range", i)
	}
	v := doc.BufferViews[i]
	if v.Buffer < 0 || v.Buffer >= len(doc.Buffers) || doc.Buffers[v.Buffer] == nil {
		return nil, fmt.Errorf("buffer view %d: buffer %d out of range", i, v.Buffer)
	}
	data := doc.Buffers[v.Buffer].Data
	start, n := int64(v.ByteOffset), int64(v.ByteLength)
	if start < 0 || n < 0 || start+n > int64(len(data)) {
		return nil, fmt.Errorf("buffer view %d: bytes [%d, %d) outside buffer of %d", i, start, start+n, len(data))
	}
	return data[start : start+n], nil
}

// glbAccessor reads accessor i as float64 components (count × type's
// component count), converting normalized integers to [-1, 1] or [0, 1].
// Sparse accessors and accessors without a buffer view are rejected.
func glbAccessor(doc *gltf.Document, i int) (vals []float64, comps int, err error) {
	if i < 0 || i >= len(doc.Accessors) || doc.Accessors[i] == nil {
		return nil, 0, fmt.Errorf("accessor %d out of range", i)
	}
	a := doc.Accessors[i]
	if a.Sparse != nil || a.BufferView == nil {
		return nil, 0, fmt.Errorf("accessor %d: sparse or without buffer view: unsupported", i)
	}
	data, err := glbViewBytes(doc, *a.BufferView)
	if err != nil {
		return nil, 0, fmt.Errorf("accessor %d: %w", i, err)
	}
	comps, size := a.Type.Components(), a.ComponentType.ByteSize()
	if comps == 0 || size == 0 {
		return nil, 0, fmt.Errorf("accessor %d: bad type", i)
	}
	elem := int64(comps * size)
	stride := int64(doc.BufferViews[*a.BufferView].ByteStride)
	if stride == 0 {
		stride = elem
	}
	count, off := int64(a.Count), int64(a.ByteOffset)
	if count < 0 || off < 0 || stride < elem || count > int64(len(data)) {
		return nil, 0, fmt.Errorf("accessor %d: bad count, offset or stride", i)
	}
	if count > 0 && off+stride*(count-1)+elem > int64(len(data)) {
		return nil, 0, fmt.Errorf("accessor %d: %d elements overrun buffer view of %d bytes", i, count, len(data))
	}
	vals = make([]float64, 0, count*int64(comps))
	for e := range count {
		at := off + e*stride
		for c := range int64(comps) {
			p := at + c*int64(size)
			vals = append(vals, glbComponent(data[p:p+int64(size)], a.ComponentType, a.Normalized))
		}
	}
	return vals, comps, nil
}

// glbComponent decodes one little-endian component.
func glbComponent(b []byte, ct gltf.ComponentType, normalized bool) float64 {
	var v, scale float64
	switch ct {
	case gltf.ComponentByte:
		v, scale = float64(int8(b[0])), 127
	case gltf.ComponentUbyte:
		v, scale = float64(b[0]), 255
	case gltf.ComponentShort:
		v, scale = float64(int16(binary.LittleEndian.Uint16(b))), 32767
	case gltf.ComponentUshort:
		v, scale = float64(binary.LittleEndian.Uint16(b)), 65535
	case gltf.ComponentUint:
		v, scale = float64(binary.LittleEndian.Uint32(b)), math.MaxUint32
	default:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	}
	if normalized {
		return max(v/scale, -1)
	}
	return v
}

// glbVec3s reads a VEC3 accessor.
func glbVec3s(doc *gltf.Document, i int) ([][3]float64, error) {
	vals, comps, err := glbAccessor(doc, i)
	if err != nil {
		return nil, err
	}
	if comps != 3 {
		return nil, fmt.Errorf("accessor %d: %d components, want VEC3", i, comps)
	}
	out := make([][3]float64, len(vals)/3)
	for j := range out {
		out[j] = [3]float64{vals[3*j], vals[3*j+1], vals[3*j+2]}
	}
	return out, nil
}

// glbUints reads a SCALAR accessor of whole non-negative numbers below
// limit (indices, feature ids).
func glbUints(doc *gltf.Document, i int, limit float64) ([]uint32, error) {
	vals, comps, err := glbAccessor(doc, i)
	if err != nil {
		return nil, err
	}
	if comps != 1 {
		return nil, fmt.Errorf("accessor %d: %d components, want SCALAR", i, comps)
	}
	out := make([]uint32, len(vals))
	for j, v := range vals {
		if v < 0 || v >= limit || v != math.Trunc(v) {
			return nil, fmt.Errorf("accessor %d: element %d = %v not a whole number below %v", i, j, v, limit)
		}
		out[j] = uint32(v)
	}
	return out, nil
}

// errNoPositions is returned for a primitive without POSITION.
var errNoPositions = errors.New("primitive without POSITION")
