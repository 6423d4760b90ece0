package tiles

import (
	"errors"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// pts3 builds a 3D ring from x, y, z triples.
func pts3(xyz ...float64) []geo.Point3 {
	r := make([]geo.Point3, 0, len(xyz)/3)
	for i := 0; i+2 < len(xyz); i += 3 {
		r = append(r, geo.Point3{xyz[i], xyz[i+1], xyz[i+2]})
	}
	return r
}

// lift maps a 2D ring (x, y) onto the plane through o spanned by u, v.
func lift(r []geo.Point3, o, u, v geo.Point3) []geo.Point3 {
	out := make([]geo.Point3, len(r))
	for i, p := range r {
		out[i] = o.Add(u.Scale(p[0])).Add(v.Scale(p[1]))
	}
	return out
}

func TestTriangulatePlanar(t *testing.T) {
	slope := geo.Point3{0, math.Cos(0.6), math.Sin(0.6)} // a roof pitch of 34°
	ex, ey := geo.Point3{1, 0, 0}, geo.Point3{0, 1, 0}
	for _, tc := range []struct {
		name   string
		rings  [][]geo.Point3
		normal geo.Point3
		area   float64
	}{
		{"wall facing south", [][]geo.Point3{pts3(0, 0, 0, 10, 0, 0, 10, 0, 5, 0, 0, 5)}, geo.Point3{0, -1, 0}, 50},
		{"wall facing north closed", [][]geo.Point3{closed(pts3(0, 0, 5, 10, 0, 5, 10, 0, 0, 0, 0, 0))}, geo.Point3{0, 1, 0}, 50},
		{"wall facing west", [][]geo.Point3{pts3(0, 0, 0, 0, 0, 3, 0, 4, 3, 0, 4, 0)}, geo.Point3{-1, 0, 0}, 12},
		{"floor facing down", [][]geo.Point3{reversed(lift(rect(0, 0, 4, 3), geo.Point3{0, 0, 2}, ex, ey))}, geo.Point3{0, 0, -1}, 12},
		{"roof with dormer hole", [][]geo.Point3{
			lift(rect(0, 0, 10, 6), geo.Point3{5, 5, 3}, ex, slope),
			lift(rect(2, 2, 4, 4), geo.Point3{5, 5, 3}, ex, slope),
		}, ex.Cross(slope), 56},
		{"roof hole same winding", [][]geo.Point3{
			lift(rect(0, 0, 10, 6), geo.Point3{5, 5, 3}, ex, slope),
			reversed(lift(rect(2, 2, 4, 4), geo.Point3{5, 5, 3}, ex, slope)),
		}, ex.Cross(slope), 56},
		{"tilted L with collinear points", [][]geo.Point3{
			lift(ring(0, 0, 3, 0, 6, 0, 6, 2, 2, 2, 2, 6, 0, 6, 0, 3), geo.Point3{}, slope, ex),
		}, slope.Cross(ex), 20},
		{"slightly non-planar", [][]geo.Point3{pts3(0, 0, 0, 10, 0, 0.001, 10, 10, 0, 0, 10, 0.001)}, geo.Point3{0, 0, 1}, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, tris, err := TriangulatePlanar(tc.rings)
			if err != nil {
				t.Fatal(err)
			}
			if n.Dist(tc.normal) > 1e-3 {
				t.Fatalf("normal %v, want %v", n, tc.normal)
			}
			flat := FlattenRings(tc.rings)
			sum := 0.0
			for k := 0; k < len(tris); k += 3 {
				f := meshTriNormal(flat[tris[k]], flat[tris[k+1]], flat[tris[k+2]])
				if f.Dot(n) <= 0 {
					t.Fatalf("triangle %d winds against the normal", k/3)
				}
				sum += f.Norm() / 2
			}
			if math.Abs(sum-tc.area) > 1e-6*tc.area {
				t.Errorf("area %g, want %g", sum, tc.area)
			}
			var m MeshData
			if err := m.AppendPolygon3D(tc.rings, 5); err != nil {
				t.Fatal(err)
			}
			checkMesh(t, &m, false)
			if math.Abs(meshArea(&m)-tc.area) > 1e-6*tc.area {
				t.Errorf("mesh area %g, want %g", meshArea(&m), tc.area)
			}
			if m.FeatureIDs[0] != 5 || len(m.Positions) > len(flat) {
				t.Errorf("feature id %d, %d vertices for %d points", m.FeatureIDs[0], len(m.Positions), len(flat))
			}
		})
	}
}

func TestTriangulatePlanarErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rings [][]geo.Point3
		want  error
	}{
		{"no rings", nil, ErrDegeneratePolygon},
		{"collinear", [][]geo.Point3{pts3(0, 0, 0, 1, 1, 1, 2, 2, 2)}, ErrDegeneratePolygon},
		{"point", [][]geo.Point3{pts3(1, 2, 3, 1, 2, 3, 1, 2, 3)}, ErrDegeneratePolygon},
		{"NaN", [][]geo.Point3{pts3(0, 0, 0, 1, 0, math.NaN(), 1, 1, 0)}, ErrDegeneratePolygon},
		{"NaN in a hole", [][]geo.Point3{pts3(0, 0, 0, 9, 0, 0, 9, 9, 0), pts3(1, 1, math.NaN(), 2, 1, 0, 2, 2, 0)}, ErrDegeneratePolygon},
		{"bowtie", [][]geo.Point3{pts3(0, 0, 0, 4, 0, 4, 4, 0, 0, 0, 0, 1)}, ErrSelfIntersecting},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := TriangulatePlanar(tc.rings); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			m := tri(1)
			if err := m.AppendPolygon3D(tc.rings, 1); err == nil || len(m.Positions) != 3 {
				t.Fatalf("AppendPolygon3D: err %v, %d vertices", err, len(m.Positions))
			}
		})
	}
}

func TestNewellNormal(t *testing.T) {
	n := NewellNormal(closed(pts3(0, 0, 0, 2, 0, 0, 2, 3, 0, 0, 3, 0)))
	if n != (geo.Point3{0, 0, 12}) {
		t.Fatalf("got %v, want twice the area along +z", n)
	}
	far := NewellNormal(lift(rect(0, 0, 2, 3), geo.Point3{4e5, 6e6, 100}, geo.Point3{1, 0, 0}, geo.Point3{0, 0, 1}))
	if far.Dist(geo.Point3{0, -12, 0}) > 1e-6 {
		t.Fatalf("far from the origin: got %v", far)
	}
}
