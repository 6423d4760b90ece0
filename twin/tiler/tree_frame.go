package tiler

import (
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
)

// Frames. Each tile's content is in its own east-north-up frame, whose
// origin is near the centre of the tile's features (originOf), so that GLB
// positions stay small. A layer's root tile carries the frame's ENU→ECEF
// matrix as its transform; a child carries its frame relative to its
// parent's (relTransform), as 3D Tiles composes transforms down the tree.
// Bounding volumes are boxes in the tile's own frame.

// originOf returns the frame origin of a tile holding ms: the centre of
// the bounds of its members' centres, snapped to a power-of-two fraction
// of the world about a 16th of those bounds, at height 0. Snapped, and
// without the heights, it seldom moves when a feature changes, so that
// parents can keep their content; the GLB recentres positions on their
// own bounds anyway.
func originOf(ms []member) geo.Point3 {
	b := geo.EmptyBounds()
	for i := range ms {
		b = b.Extend(ms[i].C)
	}
	c := b.Center()
	snap := func(v, extent, world float64) float64 {
		step := world
		for step > extent/16 && step > 1e-7 {
			step /= 2
		}
		return math.Round(v/step) * step
	}
	return geo.Point3{snap(c[0], b.Max[0]-b.Min[0], 360), snap(c[1], b.Max[1]-b.Min[1], 180), 0}
}

// relTransform returns the transform from child's frame to parent's:
// parent⁻¹ · child.
func relTransform(parent, child geo.ENU) *tiles.Matrix4 {
	m := rigidInverse(tiles.Matrix4(parent.Matrix())).Mul(tiles.Matrix4(child.Matrix()))
	return &m
}

// rigidInverse inverts a rotation plus translation: [Rᵀ | −Rᵀt].
func rigidInverse(m tiles.Matrix4) tiles.Matrix4 {
	var r tiles.Matrix4
	for c := range 3 {
		for row := range 3 {
			r[4*c+row] = m[4*row+c]
		}
	}
	for row := range 3 {
		var s float64
		for k := range 3 {
			s += m[4*row+k] * m[12+k]
		}
		r[12+row] = -s
	}
	r[15] = 1
	return r
}

// boxCorners returns the 8 corners of local bounds.
func boxCorners(b geo.Bounds3) [8]geo.Point3 {
	var out [8]geo.Point3
	for i := range out {
		for k := range 3 {
			out[i][k] = b.Min[k]
			if i&(1<<k) != 0 {
				out[i][k] = b.Max[k]
			}
		}
	}
	return out
}

// boundsIn returns bounds in frame to of box b given in frame from: the
// axis-aligned bounds of its corners, which contain the whole box.
func boundsIn(to, from geo.ENU, b geo.Bounds3) geo.Bounds3 {
	out := geo.EmptyBounds()
	if b.IsEmpty() {
		return out
	}
	for _, p := range boxCorners(b) {
		out = out.Extend(to.FromECEF(from.ToECEF(p)))
	}
	return out
}

// padForQuantization grows local mesh bounds by what int16 quantization
// over the mesh's largest half-extent can move a vertex, plus a millimetre,
// so that decoded vertices stay inside the bounding volume.
func padForQuantization(b geo.Bounds3) geo.Bounds3 {
	if b.IsEmpty() {
		return b
	}
	half := 0.0
	for k := range 3 {
		half = max(half, (b.Max[k]-b.Min[k])/2)
	}
	pad := 0.001 + 2*half/32767
	for k := range 3 {
		b.Min[k] -= pad
		b.Max[k] += pad
	}
	return b
}

// diagonal returns the length of the bounds' diagonal (0 when empty).
func diagonal(b geo.Bounds3) float64 {
	if b.IsEmpty() {
		return 0
	}
	return b.Max.Dist(b.Min)
}

// regionOf returns the geographic bounds (lon°, lat°, h m) of local
// bounds b in frame f, for a region bounding volume. It samples the box on
// a 3×3×3 grid and pads by the curvature of the earth across the box (a
// flat face of the box bulges out of constant height) plus half a metre.
func regionOf(f geo.ENU, b geo.Bounds3) geo.Bounds3 {
	out := geo.EmptyBounds()
	if b.IsEmpty() {
		return out
	}
	for i := range 27 {
		var p geo.Point3
		for k, t := range [3]int{i % 3, i / 3 % 3, i / 9} {
			p[k] = b.Min[k] + float64(t)*(b.Max[k]-b.Min[k])/2
		}
		out = out.Extend(f.ToLLH(p))
	}
	halfDiag := math.Hypot(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) / 2
	dh := halfDiag*halfDiag/(2*geo.WGS84A) + 0.5
	const metreDeg = 180 / (math.Pi * geo.WGS84A)
	dlat := 0.5 * metreDeg
	dlon := dlat / max(math.Cos((out.Min[1]+out.Max[1])/2*math.Pi/180), 0.01)
	out.Min = geo.Point3{out.Min[0] - dlon, out.Min[1] - dlat, out.Min[2] - dh}
	out.Max = geo.Point3{out.Max[0] + dlon, out.Max[1] + dlat, out.Max[2] + dh}
	return out
}
