package tiles

import (
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Planar polygons in 3D: CityJSON / CityGML surfaces (LoD2 walls and roof
// faces), given as an outer ring and holes of 3D points.

// NewellNormal returns the (non-normalized) normal of a 3D ring by Newell's
// method: its length is twice the area of the ring's projection on the
// plane it is nearly in, and it points to the side from which the ring
// runs counter-clockwise. It is robust to non-planar, collinear and
// repeated points. The ring may be open or closed.
func NewellNormal(ring []geo.Point3) geo.Point3 {
	var n geo.Point3
	if len(ring) < 3 {
		return n
	}
	o := ring[0] // relative coordinates limit cancellation
	for k := range ring {
		a, b := ring[k].Sub(o), ring[(k+1)%len(ring)].Sub(o)
		n[0] += (a[1] - b[1]) * (a[2] + b[2])
		n[1] += (a[2] - b[2]) * (a[0] + b[0])
		n[2] += (a[0] - b[0]) * (a[1] + b[1])
	}
	return n
}

// TriangulatePlanar triangulates a planar 3D polygon (outer ring first,
// then holes, open or closed rings): it computes the outer ring's Newell
// normal, projects the rings on the coordinate plane the normal is most
// perpendicular to, and triangulates there. It returns the unit normal and
// indices into FlattenRings(rings), each triangle counter-clockwise seen
// from the side the normal points to (the outer ring's winding decides;
// holes may run either way). Slightly non-planar rings are fine: the
// projection absorbs the deviation.
func TriangulatePlanar(rings [][]geo.Point3) (normal geo.Point3, tris []uint32, err error) {
	if len(rings) == 0 {
		return normal, nil, fmt.Errorf("%w: no rings", ErrDegeneratePolygon)
	}
	for _, ring := range rings {
		for _, p := range ring {
			if !p.Finite() {
				return normal, nil, fmt.Errorf("%w: coordinate is not a finite number", ErrDegeneratePolygon)
			}
		}
	}
	n := NewellNormal(rings[0])
	ext := triExtent3(rings[0])
	l := n.Norm()
	if !(l > 1e-12*ext*ext) || math.IsInf(l, 0) {
		return normal, nil, fmt.Errorf("%w: outer ring has no area", ErrDegeneratePolygon)
	}
	normal = n.Scale(1 / l)
	k := 0 // dominant axis, dropped by the projection
	for c := 1; c < 3; c++ {
		if math.Abs(n[c]) > math.Abs(n[k]) {
			k = c
		}
	}
	tris, err = Triangulate(triProject(rings, k))
	if err != nil {
		return normal, nil, err
	}
	if n[k] < 0 {
		for t := 0; t+2 < len(tris); t += 3 {
			tris[t+1], tris[t+2] = tris[t+2], tris[t+1]
		}
	}
	return normal, tris, nil
}

// triProject returns rings projected along axis k onto the plane of the
// two other axes, taken in cyclic order so that counter-clockwise there
// means a normal along +k.
func triProject(rings [][]geo.Point3, k int) [][]geo.Point3 {
	u, v := (k+1)%3, (k+2)%3
	proj := make([][]geo.Point3, len(rings))
	for r, ring := range rings {
		proj[r] = make([]geo.Point3, len(ring))
		for i, p := range ring {
			proj[r][i] = geo.Point3{p[u], p[v], 0}
		}
	}
	return proj
}

// triExtent3 returns the largest side of the bounding box of ring.
func triExtent3(ring []geo.Point3) float64 {
	b := geo.EmptyBounds()
	for _, p := range ring {
		b = b.Extend(p)
	}
	if b.IsEmpty() {
		return 0
	}
	return max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], b.Max[2]-b.Min[2])
}

// AppendPolygon3D triangulates a planar 3D polygon (see TriangulatePlanar)
// and appends it to m with flat shading: its own vertices (only those the
// triangles use), all with the face normal, and feature id fid. On error m
// is unchanged.
func (m *MeshData) AppendPolygon3D(rings [][]geo.Point3, fid uint32) error {
	normal, tris, err := TriangulatePlanar(rings)
	if err != nil {
		return err
	}
	flat := FlattenRings(rings)
	remap := make([]uint32, len(flat))
	for _, i := range tris {
		if remap[i] == 0 {
			remap[i] = m.addVertex(flat[i], normal, fid) + 1
		}
		m.Indices = append(m.Indices, remap[i]-1)
	}
	return nil
}
