package tiles

import (
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Point markers for network nodes (valves, hydrants, fittings): small
// closed solids, flat shaded, normals outward.

// AppendBox appends an axis-aligned box centred on center with sides sx,
// sy, sz metres (east, north, up). On error m is unchanged.
func (m *MeshData) AppendBox(center geo.Point3, sx, sy, sz float64, fid uint32) error {
	if err := markerCheck(center, sx, sy, sz); err != nil {
		return err
	}
	h := geo.Point3{sx / 2, sy / 2, sz / 2}
	corner := func(i, j, k float64) geo.Point3 {
		return center.Add(geo.Point3{i * h[0], j * h[1], k * h[2]})
	}
	// Each face: its outward axis and sign; the corners counter-clockwise
	// seen from outside.
	for axis := range 3 {
		for _, s := range []float64{-1, 1} {
			var q [4]geo.Point3
			for c, uv := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
				var p [3]float64
				p[axis] = s
				p[(axis+1)%3] = uv[0]
				p[(axis+2)%3] = uv[1] * s // flipping v reverses the winding on the − face
				q[c] = corner(p[0], p[1], p[2])
			}
			var n geo.Point3
			n[axis] = s
			m.addFlatQuad(q[0], q[1], q[2], q[3], n, fid)
		}
	}
	return nil
}

// AppendOctahedron appends a regular octahedron centred on center with its
// six vertices radiusM away along the axes. On error m is unchanged.
func (m *MeshData) AppendOctahedron(center geo.Point3, radiusM float64, fid uint32) error {
	if err := markerCheck(center, radiusM, radiusM, radiusM); err != nil {
		return err
	}
	for _, sx := range []float64{-1, 1} {
		for _, sy := range []float64{-1, 1} {
			for _, sz := range []float64{-1, 1} {
				a := center.Add(geo.Point3{sx * radiusM, 0, 0})
				b := center.Add(geo.Point3{0, sy * radiusM, 0})
				c := center.Add(geo.Point3{0, 0, sz * radiusM})
				if sx*sy*sz < 0 {
					a, b = b, a
				}
				m.addFlatTri(a, b, c, geo.Point3{sx, sy, sz}, fid)
			}
		}
	}
	return nil
}

// markerCheck validates a marker's centre and sizes.
func markerCheck(center geo.Point3, sizes ...float64) error {
	if !center.Finite() {
		return fmt.Errorf("%w: marker centre is not finite", ErrInvalidTube)
	}
	for _, s := range sizes {
		if !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("%w: marker size %g m", ErrInvalidTube, s)
		}
	}
	return nil
}
