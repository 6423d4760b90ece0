package tiles

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Box is an oriented bounding box: centre x, y, z, then the x, y and z
// half-axis vectors, in the tile's frame (metres). Contains assumes the
// half-axes are mutually orthogonal, as every producer writes them.
type Box [12]float64

// Region is a geographic bounding region: west, south, east, north in
// radians (WGS84), then minimum and maximum height in metres above the
// ellipsoid. West > east means the region crosses the antimeridian.
type Region [6]float64

// Sphere is a bounding sphere: centre x, y, z and radius, in metres.
type Sphere [4]float64

// BoxFromBounds returns the axis-aligned box of local bounds (metres, in
// an ENU or other Cartesian frame). Empty bounds give the zero box.
func BoxFromBounds(b geo.Bounds3) Box {
	if b.IsEmpty() {
		return Box{}
	}
	c := b.Center()
	return Box{
		c[0], c[1], c[2],
		(b.Max[0] - b.Min[0]) / 2, 0, 0,
		0, (b.Max[1] - b.Min[1]) / 2, 0,
		0, 0, (b.Max[2] - b.Min[2]) / 2,
	}
}

// RegionFromBounds converts geographic bounds (lon°, lat°, h m) to a
// region (radians, metres). Empty bounds give the zero region.
func RegionFromBounds(b geo.Bounds3) Region {
	if b.IsEmpty() {
		return Region{}
	}
	const rad = math.Pi / 180
	return Region{b.Min[0] * rad, b.Min[1] * rad, b.Max[0] * rad, b.Max[1] * rad, b.Min[2], b.Max[2]}
}

// SphereFromBounds returns the sphere through the corners of local bounds
// (metres). Empty bounds give the zero sphere.
func SphereFromBounds(b geo.Bounds3) Sphere {
	if b.IsEmpty() {
		return Sphere{}
	}
	c := b.Center()
	return Sphere{c[0], c[1], c[2], b.Max.Dist(c)}
}

// Center returns the centre of the box.
func (b Box) Center() geo.Point3 { return geo.Point3{b[0], b[1], b[2]} }

// HalfAxis returns half-axis i (0, 1 or 2).
func (b Box) HalfAxis(i int) geo.Point3 {
	return geo.Point3{b[3+3*i], b[4+3*i], b[5+3*i]}
}

// Contains reports whether p (same frame as b) lies in the box, allowing
// tol metres outside every face. A zero-length half-axis is a flat box: p
// may lie at most tol off that plane.
func (b Box) Contains(p geo.Point3, tol float64) bool {
	d := p.Sub(b.Center())
	off := d // part of d not along the non-degenerate axes
	flat := false
	for i := range 3 {
		h := b.HalfAxis(i)
		n := h.Norm()
		if n == 0 {
			flat = true
			continue
		}
		s := d.Dot(h) / n // signed distance along the unit axis
		if math.Abs(s) > n*(1+1e-12)+tol {
			return false
		}
		off = off.Sub(h.Scale(s / n))
	}
	return !flat || off.Norm() <= tol+1e-12*d.Norm()
}

// Bounds returns the axis-aligned bounds of the box in its own frame.
func (b Box) Bounds() geo.Bounds3 {
	c := b.Center()
	var ext geo.Point3
	for i := range 3 {
		h := b.HalfAxis(i)
		for k := range 3 {
			ext[k] += math.Abs(h[k])
		}
	}
	return geo.Bounds3{Min: c.Sub(ext), Max: c.Add(ext)}
}

// Contains reports whether p (lon°, lat°, h m) lies in the region,
// allowing tol metres outside it (horizontally converted with the
// equatorial radius, so slightly generous away from the equator).
func (r Region) Contains(p geo.Point3, tol float64) bool {
	const rad = math.Pi / 180
	ang := tol / geo.WGS84A
	lon, lat := p[0]*rad, p[1]*rad
	if lat < r[1]-ang || lat > r[3]+ang || p[2] < r[4]-tol || p[2] > r[5]+tol {
		return false
	}
	west, east := r[0]-ang, r[2]+ang
	if r[0] <= r[2] {
		return lon >= west && lon <= east
	}
	return lon >= west || lon <= east // across the antimeridian
}

// Bounds returns the region as geographic bounds (lon°, lat°, h m). For a
// region across the antimeridian Min[0] > Max[0].
func (r Region) Bounds() geo.Bounds3 {
	const deg = 180 / math.Pi
	return geo.Bounds3{
		Min: geo.Point3{r[0] * deg, r[1] * deg, r[4]},
		Max: geo.Point3{r[2] * deg, r[3] * deg, r[5]},
	}
}

// Center returns the centre of the sphere.
func (s Sphere) Center() geo.Point3 { return geo.Point3{s[0], s[1], s[2]} }

// Contains reports whether p lies in the sphere, allowing tol metres.
func (s Sphere) Contains(p geo.Point3, tol float64) bool {
	return p.Dist(s.Center()) <= s[3]+tol
}

// Contains reports whether p lies in whichever volume v holds: a box or
// sphere point is in the volume's frame (metres), a region point is lon°,
// lat°, h m. It reports false when v holds none of the three.
func (v BoundingVolume) Contains(p geo.Point3, tol float64) bool {
	switch {
	case v.Box != nil:
		return v.Box.Contains(p, tol)
	case v.Region != nil:
		return v.Region.Contains(p, tol)
	case v.Sphere != nil:
		return v.Sphere.Contains(p, tol)
	}
	return false
}

// Matrix4 is a column-major 4×4 affine transform, as tile.transform and
// glTF store it.
type Matrix4 [16]float64

// Identity4 returns the identity transform.
func Identity4() Matrix4 { return Matrix4{0: 1, 5: 1, 10: 1, 15: 1} }

// TransformFromENU returns the tile transform that places local ENU metres
// of frame f in ECEF (EPSG:4978), for a root tile.
func TransformFromENU(f geo.ENU) *Matrix4 {
	m := Matrix4(f.Matrix())
	return &m
}

// Apply maps p through m.
func (m Matrix4) Apply(p geo.Point3) geo.Point3 {
	var q geo.Point3
	for r := range 3 {
		q[r] = m[r]*p[0] + m[4+r]*p[1] + m[8+r]*p[2] + m[12+r]
	}
	return q
}

// Mul returns m·o: o applied first, then m (a parent transform times a
// child's gives the child's frame in the grandparent's).
func (m Matrix4) Mul(o Matrix4) Matrix4 {
	var r Matrix4
	for c := range 4 {
		for row := range 4 {
			var s float64
			for k := range 4 {
				s += m[4*k+row] * o[4*c+k]
			}
			r[4*c+row] = s
		}
	}
	return r
}

// The fixed-length number arrays of 3D Tiles decode strictly: a wrong
// length is an error, not a silently truncated or zero-filled array.

// UnmarshalJSON reads 12 numbers.
func (b *Box) UnmarshalJSON(data []byte) error { return unmarshalFixed(data, b[:], "box") }

// UnmarshalJSON reads 6 numbers.
func (r *Region) UnmarshalJSON(data []byte) error { return unmarshalFixed(data, r[:], "region") }

// UnmarshalJSON reads 4 numbers.
func (s *Sphere) UnmarshalJSON(data []byte) error { return unmarshalFixed(data, s[:], "sphere") }

// UnmarshalJSON reads 16 numbers.
func (m *Matrix4) UnmarshalJSON(data []byte) error {
	return unmarshalFixed(data, m[:], "transform")
}

func unmarshalFixed(data []byte, dst []float64, what string) error {
	var v []float64
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("tiles: %s: %w", what, err)
	}
	if len(v) != len(dst) {
		return fmt.Errorf("tiles: %s: array of %d numbers, want %d", what, len(v), len(dst))
	}
	copy(dst, v)
	return nil
}
