package tiles

import (
	"errors"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// MeshData is a triangle mesh in local metres (x east, y north, z up), the
// output of the mesh builders (extrusion, planar polygons, tubes, markers).
// Triangles are counter-clockwise seen from outside (their front face).
//
// Normals and FeatureIDs are per vertex: each is either empty or as long as
// Positions. The builders always fill both; Append keeps them aligned.
type MeshData struct {
	Positions  [][3]float64
	Normals    [][3]float32
	Indices    []uint32
	FeatureIDs []uint32
}

// ErrInvalidMesh is wrapped by MeshData.Validate.
var ErrInvalidMesh = errors.New("tiles: invalid mesh")

// VertexCount returns the number of vertices.
func (m *MeshData) VertexCount() int { return len(m.Positions) }

// TriangleCount returns the number of triangles.
func (m *MeshData) TriangleCount() int { return len(m.Indices) / 3 }

// Append adds the vertices and triangles of other to m, offsetting other's
// indices. When only one side has normals or feature ids, the other side's
// vertices get zero normals or feature id 0, so the attributes stay aligned
// with Positions.
func (m *MeshData) Append(other MeshData) {
	base := uint32(len(m.Positions))
	n := len(m.Positions) + len(other.Positions)
	if len(m.Normals) > 0 || len(other.Normals) > 0 {
		m.Normals = meshPad(m.Normals, len(m.Positions))
		m.Normals = append(m.Normals, other.Normals...)
		m.Normals = meshPad(m.Normals, n)
	}
	if len(m.FeatureIDs) > 0 || len(other.FeatureIDs) > 0 {
		m.FeatureIDs = meshPad(m.FeatureIDs, len(m.Positions))
		m.FeatureIDs = append(m.FeatureIDs, other.FeatureIDs...)
		m.FeatureIDs = meshPad(m.FeatureIDs, n)
	}
	m.Positions = append(m.Positions, other.Positions...)
	for _, i := range other.Indices {
		m.Indices = append(m.Indices, base+i)
	}
}

// meshPad extends s with zero values to length n (never shortens it).
func meshPad[T any](s []T, n int) []T {
	var zero T
	for len(s) < n {
		s = append(s, zero)
	}
	return s
}

// Bounds returns the axis-aligned bounds of the vertices (empty bounds for
// an empty mesh).
func (m *MeshData) Bounds() geo.Bounds3 {
	return MeshBounds(m.Positions)
}

// MeshBounds returns the axis-aligned bounds of positions.
func MeshBounds(positions [][3]float64) geo.Bounds3 {
	b := geo.EmptyBounds()
	for _, p := range positions {
		b = b.Extend(geo.Point3(p))
	}
	return b
}

// Translate moves every vertex by d.
func (m *MeshData) Translate(d geo.Point3) {
	for i, p := range m.Positions {
		m.Positions[i] = [3]float64{p[0] + d[0], p[1] + d[1], p[2] + d[2]}
	}
}

// SetFeatureID gives every vertex the feature id id.
func (m *MeshData) SetFeatureID(id uint32) {
	m.FeatureIDs = meshPad(m.FeatureIDs[:0], len(m.Positions))
	for i := range m.FeatureIDs {
		m.FeatureIDs[i] = id
	}
}

// Validate checks that the attributes are aligned with Positions, that the
// indices form whole triangles within range and that positions are finite.
func (m *MeshData) Validate() error {
	nv := len(m.Positions)
	if len(m.Normals) != 0 && len(m.Normals) != nv {
		return fmt.Errorf("%w: %d normals for %d positions", ErrInvalidMesh, len(m.Normals), nv)
	}
	if len(m.FeatureIDs) != 0 && len(m.FeatureIDs) != nv {
		return fmt.Errorf("%w: %d feature ids for %d positions", ErrInvalidMesh, len(m.FeatureIDs), nv)
	}
	if len(m.Indices)%3 != 0 {
		return fmt.Errorf("%w: %d indices is not a multiple of 3", ErrInvalidMesh, len(m.Indices))
	}
	for k, i := range m.Indices {
		if int(i) >= nv {
			return fmt.Errorf("%w: index %d at %d out of range (%d vertices)", ErrInvalidMesh, i, k, nv)
		}
	}
	for k, p := range m.Positions {
		if !geo.Point3(p).Finite() {
			return fmt.Errorf("%w: position %d is not finite", ErrInvalidMesh, k)
		}
	}
	return nil
}

// addVertex appends one vertex and returns its index. n need not be unit
// length; it is normalized here (a zero n stays zero).
func (m *MeshData) addVertex(p, n geo.Point3, fid uint32) uint32 {
	i := uint32(len(m.Positions))
	m.Positions = append(m.Positions, [3]float64(p))
	m.Normals = append(m.Normals, meshUnit32(n))
	m.FeatureIDs = append(m.FeatureIDs, fid)
	return i
}

// addTri appends one triangle.
func (m *MeshData) addTri(a, b, c uint32) {
	m.Indices = append(m.Indices, a, b, c)
}

// addFlatTri appends a triangle with its own three vertices and the face
// normal n (flat shading).
func (m *MeshData) addFlatTri(a, b, c, n geo.Point3, fid uint32) {
	i := m.addVertex(a, n, fid)
	m.addVertex(b, n, fid)
	m.addVertex(c, n, fid)
	m.addTri(i, i+1, i+2)
}

// addFlatQuad appends the planar quad a, b, c, d (counter-clockwise seen
// from the front) as two triangles sharing four vertices with normal n.
func (m *MeshData) addFlatQuad(a, b, c, d, n geo.Point3, fid uint32) {
	i := m.addVertex(a, n, fid)
	m.addVertex(b, n, fid)
	m.addVertex(c, n, fid)
	m.addVertex(d, n, fid)
	m.addTri(i, i+1, i+2)
	m.addTri(i, i+2, i+3)
}

// meshUnit returns v scaled to unit length, or the zero vector for a zero
// or non-finite v.
func meshUnit(v geo.Point3) geo.Point3 {
	l := v.Norm()
	if l == 0 || math.IsInf(l, 0) || math.IsNaN(l) {
		return geo.Point3{}
	}
	return v.Scale(1 / l)
}

// meshUnit32 is meshUnit as float32.
func meshUnit32(v geo.Point3) [3]float32 {
	u := meshUnit(v)
	return [3]float32{float32(u[0]), float32(u[1]), float32(u[2])}
}

// meshTriNormal returns the (non-normalized) normal of triangle a, b, c:
// twice its area times the unit normal, by the right-hand rule.
func meshTriNormal(a, b, c geo.Point3) geo.Point3 {
	return b.Sub(a).Cross(c.Sub(a))
}
