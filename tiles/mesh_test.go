package tiles

import (
	"errors"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// checkMesh asserts a valid mesh with unit normals, every vertex normal
// agreeing with the winding of the triangles that use it (front faces
// counter-clockwise) and, for flat-shaded meshes (smooth false), parallel
// to the face normal.
func checkMesh(t *testing.T, m *MeshData, smooth bool) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(m.Normals) != len(m.Positions) || len(m.FeatureIDs) != len(m.Positions) {
		t.Fatalf("%d normals, %d feature ids for %d positions", len(m.Normals), len(m.FeatureIDs), len(m.Positions))
	}
	for i, n := range m.Normals {
		if l := math.Sqrt(float64(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])); math.Abs(l-1) > 1e-5 {
			t.Fatalf("normal %d %v has length %g", i, n, l)
		}
	}
	for k := 0; k < len(m.Indices); k += 3 {
		f := triNormalOf(m, k)
		if f.Norm() == 0 {
			continue
		}
		f = meshUnit(f)
		for _, i := range m.Indices[k : k+3] {
			n := normalOf(m, i)
			if d := f.Dot(n); d <= 0 || !smooth && d < 1-1e-6 {
				t.Fatalf("triangle %d: face normal %v, vertex %d normal %v (dot %g)", k/3, f, i, n, d)
			}
		}
	}
}

// triNormalOf returns the (non-normalized) normal of triangle k/3.
func triNormalOf(m *MeshData, k int) geo.Point3 {
	a, b, c := m.Positions[m.Indices[k]], m.Positions[m.Indices[k+1]], m.Positions[m.Indices[k+2]]
	return meshTriNormal(geo.Point3(a), geo.Point3(b), geo.Point3(c))
}

// normalOf returns vertex i's normal as a geo.Point3.
func normalOf(m *MeshData, i uint32) geo.Point3 {
	n := m.Normals[i]
	return geo.Point3{float64(n[0]), float64(n[1]), float64(n[2])}
}

// meshVolume returns the signed volume enclosed by a closed mesh
// (divergence theorem): positive when the triangles face outward.
func meshVolume(m *MeshData) float64 {
	v := 0.0
	for k := 0; k < len(m.Indices); k += 3 {
		a := geo.Point3(m.Positions[m.Indices[k]])
		b := geo.Point3(m.Positions[m.Indices[k+1]])
		c := geo.Point3(m.Positions[m.Indices[k+2]])
		v += a.Dot(b.Cross(c)) / 6
	}
	return v
}

// meshArea returns the total area of the triangles.
func meshArea(m *MeshData) float64 {
	a := 0.0
	for k := 0; k < len(m.Indices); k += 3 {
		a += triNormalOf(m, k).Norm() / 2
	}
	return a
}

func TestMeshAppend(t *testing.T) {
	for _, tc := range []struct {
		name               string
		a, b               MeshData
		wantNormals, wantF int
	}{
		{"both attributes", tri(1), tri(2), 6, 6},
		{"into empty", MeshData{}, tri(3), 3, 3},
		{"without attributes", bareTri(), tri(4), 6, 6},
		{"from bare", tri(5), bareTri(), 6, 6},
		{"both bare", bareTri(), bareTri(), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.a
			m.Append(tc.b)
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
			if len(m.Normals) != tc.wantNormals || len(m.FeatureIDs) != tc.wantF {
				t.Fatalf("%d normals, %d ids", len(m.Normals), len(m.FeatureIDs))
			}
			n := len(tc.a.Positions)
			if got := m.Indices[len(m.Indices)-3:]; got[0] != uint32(n) || got[2] != uint32(n+2) {
				t.Errorf("appended indices %v not offset by %d", got, n)
			}
			if len(tc.b.FeatureIDs) > 0 && m.FeatureIDs[n] != tc.b.FeatureIDs[0] {
				t.Errorf("feature id %d, want %d", m.FeatureIDs[n], tc.b.FeatureIDs[0])
			}
		})
	}
}

func tri(fid uint32) MeshData {
	var m MeshData
	m.addFlatTri(geo.Point3{0, 0, 0}, geo.Point3{1, 0, 0}, geo.Point3{0, 1, 0}, geo.Point3{0, 0, 1}, fid)
	return m
}

func bareTri() MeshData {
	return MeshData{Positions: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, Indices: []uint32{0, 1, 2}}
}

func TestMeshBoundsTranslate(t *testing.T) {
	m := tri(1)
	m.Translate(geo.Point3{10, 20, 30})
	b := m.Bounds()
	if b.Min != (geo.Point3{10, 20, 30}) || b.Max != (geo.Point3{11, 21, 30}) {
		t.Fatalf("bounds %v", b)
	}
	if !(&MeshData{}).Bounds().IsEmpty() {
		t.Error("empty mesh has non-empty bounds")
	}
	m.SetFeatureID(9)
	if m.FeatureIDs[2] != 9 {
		t.Errorf("feature ids %v", m.FeatureIDs)
	}
}

func TestMeshValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    MeshData
	}{
		{"index out of range", MeshData{Positions: [][3]float64{{0, 0, 0}}, Indices: []uint32{0, 0, 1}}},
		{"partial triangle", MeshData{Positions: [][3]float64{{0, 0, 0}}, Indices: []uint32{0, 0}}},
		{"short normals", MeshData{Positions: [][3]float64{{0, 0, 0}, {1, 1, 1}}, Normals: [][3]float32{{0, 0, 1}}}},
		{"short feature ids", MeshData{Positions: [][3]float64{{0, 0, 0}, {1, 1, 1}}, FeatureIDs: []uint32{1}}},
		{"NaN", MeshData{Positions: [][3]float64{{0, math.NaN(), 0}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.m.Validate(); !errors.Is(err, ErrInvalidMesh) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}
