package tiles

import "math"

// weldKey is a vertex as it will be stored: quantized or float32 position,
// normal and feature id. Two vertices with equal keys are indistinguishable
// in the file, so they can share one index.
type weldKey struct {
	pos     [3]uint32
	normal  [3]uint32
	feature uint32
}

// weld merges the vertices of m that would be stored identically and
// returns a copy with indices into the merged vertices (flat-shaded faces
// that share an edge in one plane, triangle soups from CityJSON). Meshes
// without indices get them. m is not modified.
func (b *gltfBuilder) weld(m *Mesh) *Mesh {
	n := len(m.Positions)
	if n == 0 {
		return m
	}
	out := *m
	out.Positions = make([][3]float64, 0, n)
	out.Normals = nil
	out.FeatureIDs = nil
	remap := make([]uint32, n)
	seen := make(map[weldKey]uint32, n)
	for i := range n {
		k := b.weldKey(m, i)
		j, ok := seen[k]
		if !ok {
			j = uint32(len(out.Positions))
			seen[k] = j
			out.Positions = append(out.Positions, m.Positions[i])
			if len(m.Normals) > 0 {
				out.Normals = append(out.Normals, m.Normals[i])
			}
			if len(m.FeatureIDs) > 0 {
				out.FeatureIDs = append(out.FeatureIDs, m.FeatureIDs[i])
			}
		}
		remap[i] = j
	}
	if len(m.Indices) == 0 {
		out.Indices = remap
		return &out
	}
	out.Indices = make([]uint32, len(m.Indices))
	for i, ix := range m.Indices {
		out.Indices[i] = remap[ix]
	}
	return &out
}

func (b *gltfBuilder) weldKey(m *Mesh, i int) weldKey {
	var k weldKey
	o := b.frame.offset(m.Positions[i])
	for c := range 3 {
		if b.frame.quantize {
			k.pos[c] = uint32(glbQuantizeUnit(o[c], quantInt16Max))
		} else {
			k.pos[c] = math.Float32bits(float32(o[c]))
		}
	}
	if len(m.Normals) > 0 && m.Mode == Triangles {
		u := glbUnitNormal(m.Normals[i])
		if b.frame.quantize {
			q := glbQuantizeNormal(u)
			k.normal = [3]uint32{uint32(q[0]), uint32(q[1]), uint32(q[2])}
		} else {
			for c := range 3 {
				k.normal[c] = math.Float32bits(float32(u[c]))
			}
		}
	}
	if len(m.FeatureIDs) > 0 {
		k.feature = m.FeatureIDs[i]
	}
	return k
}
