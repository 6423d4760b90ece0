package tiles

import (
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

func TestCylinderAndMarkers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		build  func(m *MeshData) error
		volume float64
		bounds geo.Bounds3
	}{
		{"cylinder", func(m *MeshData) error {
			return m.AppendCylinder(geo.Point3{3, 4, 99}, 0.6, -2.5, 0, TubeOptions{Sides: 16, Caps: true})
		}, polygonArea(0.6, 16) * 2.5, geo.Bounds3{Min: geo.Point3{2.4, 3.4, -2.5}, Max: geo.Point3{3.6, 4.6, 0}}},
		{"box", func(m *MeshData) error {
			return m.AppendBox(geo.Point3{1, 2, 3}, 2, 4, 6, 0)
		}, 48, geo.Bounds3{Min: geo.Point3{0, 0, 0}, Max: geo.Point3{2, 4, 6}}},
		{"octahedron", func(m *MeshData) error {
			return m.AppendOctahedron(geo.Point3{1, 1, 1}, 1, 0)
		}, 4.0 / 3, geo.Bounds3{Min: geo.Point3{0, 0, 0}, Max: geo.Point3{2, 2, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m MeshData
			if err := tc.build(&m); err != nil {
				t.Fatal(err)
			}
			checkMesh(t, &m, tc.name == "cylinder")
			checkClosed(t, &m)
			if v := meshVolume(&m); math.Abs(v-tc.volume) > 1e-9 {
				t.Errorf("volume %g, want %g", v, tc.volume)
			}
			b := m.Bounds()
			if b.Min.Dist(tc.bounds.Min) > 1e-9 || b.Max.Dist(tc.bounds.Max) > 1e-9 {
				t.Errorf("bounds %v, want %v", b, tc.bounds)
			}
		})
	}
}
