package tiler

import (
	"cmp"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
)

// meshSet gathers the geometry of one tile: one MeshData per material
// (name, colour, mode), in the order the materials are first used.
type meshSet struct {
	parts []*meshPart
}

// meshPart is one material's geometry.
type meshPart struct {
	name  string
	color [4]float32
	mode  tiles.MeshMode
	data  tiles.MeshData
}

// part returns the mesh of the material, creating it on first use.
func (s *meshSet) part(name string, color [4]float32, mode tiles.MeshMode) *tiles.MeshData {
	for _, p := range s.parts {
		if p.name == name && p.color == color && p.mode == mode {
			return &p.data
		}
	}
	p := &meshPart{name: name, color: color, mode: mode}
	s.parts = append(s.parts, p)
	return &p.data
}

// vertexCount is the number of vertices in all parts, to tell whether a
// feature added any.
func (s *meshSet) vertexCount() int {
	n := 0
	for _, p := range s.parts {
		n += len(p.data.Positions)
	}
	return n
}

// meshes returns the non-empty parts as tiles.Meshes sorted by name, and
// the bounds of all their vertices.
func (s *meshSet) meshes() ([]tiles.Mesh, geo.Bounds3) {
	bounds := geo.EmptyBounds()
	var out []tiles.Mesh
	for _, p := range s.parts {
		if len(p.data.Positions) == 0 {
			continue
		}
		bounds = bounds.Union(p.data.Bounds())
		out = append(out, tiles.Mesh{
			Name: p.name, Mode: p.mode, Color: p.color,
			Positions: p.data.Positions, Normals: p.data.Normals,
			Indices: p.data.Indices, FeatureIDs: p.data.FeatureIDs,
		})
	}
	slices.SortStableFunc(out, func(a, b tiles.Mesh) int { return cmp.Compare(a.Name, b.Name) })
	return out, bounds
}

// splitByFacing appends the triangles of src (flat shaded: each triangle's
// vertices share its face normal) to up when their normal points upward
// by more than minUpZ, else to side. It is how an extrusion's roof gets a
// colour of its own.
func splitByFacing(src *tiles.MeshData, up, side *tiles.MeshData, minUpZ float32) {
	remapUp := make([]uint32, len(src.Positions))
	remapSide := make([]uint32, len(src.Positions))
	for t := 0; t+2 < len(src.Indices); t += 3 {
		tri := src.Indices[t : t+3]
		dst, remap := side, remapSide
		if src.Normals[tri[0]][2] > minUpZ {
			dst, remap = up, remapUp
		}
		for _, i := range tri {
			if remap[i] == 0 {
				dst.Positions = append(dst.Positions, src.Positions[i])
				dst.Normals = append(dst.Normals, src.Normals[i])
				dst.FeatureIDs = append(dst.FeatureIDs, src.FeatureIDs[i])
				remap[i] = uint32(len(dst.Positions))
			}
			dst.Indices = append(dst.Indices, remap[i]-1)
		}
	}
}

// reset empties m, keeping its storage.
func reset(m *tiles.MeshData) {
	m.Positions, m.Normals = m.Positions[:0], m.Normals[:0]
	m.Indices, m.FeatureIDs = m.Indices[:0], m.FeatureIDs[:0]
}

// appendLine appends a polyline as line segments (Lines mode, no normals).
func appendLine(m *tiles.MeshData, line []geo.Point3, fid uint32) {
	base := uint32(len(m.Positions))
	for k, p := range line {
		m.Positions = append(m.Positions, [3]float64(p))
		m.FeatureIDs = append(m.FeatureIDs, fid)
		if k > 0 {
			m.Indices = append(m.Indices, base+uint32(k-1), base+uint32(k))
		}
	}
}
