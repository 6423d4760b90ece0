package tiles

import (
	"math"

	"github.com/qmuntal/gltf"
)

// Quantization ranges (KHR_mesh_quantization, normalized integers).
const (
	quantInt16Max = 32767
	quantInt8Max  = 127
)

// glbFrame is the node transform shared by all meshes of one GLB: glTF
// position = centre + scale · stored position, in glTF's Y-up axes.
type glbFrame struct {
	center   [3]float64 // bounding-box centre, glTF axes
	scale    float64    // 1 for float32 storage; half the largest extent when quantized
	quantize bool
}

// localToGLTF maps the tile's local frame (x east, y north, z up) to glTF Y-up.
func localToGLTF(p [3]float64) [3]float64 { return [3]float64{p[0], p[2], -p[1]} }

// gltfToLocal is the inverse of localToGLTF.
func gltfToLocal(p [3]float64) [3]float64 { return [3]float64{p[0], -p[2], p[1]} }

// glbFrameFor computes the shared transform from the bounds of all positions.
func glbFrameFor(meshes []Mesh, quantize bool) glbFrame {
	lo := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for i := range meshes {
		for _, p := range meshes[i].Positions {
			g := localToGLTF(p)
			for k := range 3 {
				lo[k] = math.Min(lo[k], g[k])
				hi[k] = math.Max(hi[k], g[k])
			}
		}
	}
	f := glbFrame{scale: 1, quantize: quantize}
	half := 0.0
	for k := range 3 {
		f.center[k] = (lo[k] + hi[k]) / 2
		half = math.Max(half, (hi[k]-lo[k])/2)
	}
	if quantize && half > 0 {
		f.scale = half // glbQuantizeUnit clamps what rounding pushes past ±1
	}
	return f
}

// nodeTranslation and nodeScale are the node's TRS.
func (f glbFrame) nodeTranslation() [3]float64 { return f.center }

func (f glbFrame) nodeScale() [3]float64 { return [3]float64{f.scale, f.scale, f.scale} }

// offset returns a local position relative to the frame, in glTF axes and
// frame units (metres for float storage, [-1, 1] when quantized).
func (f glbFrame) offset(p [3]float64) [3]float64 {
	g := localToGLTF(p)
	for k := range 3 {
		g[k] = (g[k] - f.center[k]) / f.scale
	}
	return g
}

// glbQuantizeUnit maps v in [-1, 1] to a normalized signed integer of max m.
func glbQuantizeUnit(v float64, m int) int {
	q := int(math.Round(v * float64(m)))
	return max(-m, min(m, q))
}

// glbUnitNormal normalizes n in glTF axes; a zero or non-finite normal becomes
// up (+y in glTF).
func glbUnitNormal(n [3]float32) [3]float64 {
	g := localToGLTF([3]float64{float64(n[0]), float64(n[1]), float64(n[2])})
	l := math.Sqrt(g[0]*g[0] + g[1]*g[1] + g[2]*g[2])
	if l == 0 || math.IsNaN(l) || math.IsInf(l, 0) {
		return [3]float64{0, 1, 0}
	}
	return [3]float64{g[0] / l, g[1] / l, g[2] / l}
}

// glbQuantizeNormal stores a unit normal as int8 normalized, choosing among
// the roundings of each component the one whose length is closest to 1 so
// that validators accept it as unit length.
func glbQuantizeNormal(n [3]float64) [3]int8 {
	var near [3]int8
	var sq float64
	for k := range 3 {
		r := float64(glbQuantizeUnit(n[k], quantInt8Max))
		near[k] = int8(r)
		sq += r * r
	}
	// Plain rounding is nearly always within the validator's tolerance
	// (about 0.0067 for int8); search the roundings only when it is not.
	if math.Abs(math.Sqrt(sq)/quantInt8Max-1) < 0.003 {
		return near
	}
	var best [3]int8
	bestErr := math.Inf(1)
	for mask := range 8 {
		var c [3]int8
		var sq float64
		for k := range 3 {
			v := n[k] * quantInt8Max
			r := math.Floor(v)
			if mask&(1<<k) != 0 {
				r = math.Ceil(v)
			}
			r = max(-quantInt8Max, min(quantInt8Max, r))
			c[k] = int8(r)
			sq += (r / quantInt8Max) * (r / quantInt8Max)
		}
		if e := math.Abs(math.Sqrt(sq) - 1); e < bestErr {
			best, bestErr = c, e
		}
	}
	return best
}

// Matrices are column-major 4×4, as in glTF: m[col*4+row].

// glbMul returns a·b.
func glbMul(a, b [16]float64) [16]float64 {
	var out [16]float64
	for c := range 4 {
		for r := range 4 {
			var s float64
			for k := range 4 {
				s += a[k*4+r] * b[c*4+k]
			}
			out[c*4+r] = s
		}
	}
	return out
}

// glbNodeMatrix is a node's local matrix: its matrix, or T·R·S.
func glbNodeMatrix(n *gltf.Node) [16]float64 {
	if n.Matrix != gltf.DefaultMatrix && n.Matrix != ([16]float64{}) {
		return n.Matrix
	}
	x, y, z, w := n.Rotation[0], n.Rotation[1], n.Rotation[2], n.Rotation[3]
	if x == 0 && y == 0 && z == 0 && w == 0 {
		w = 1
	}
	s, t := n.Scale, n.Translation
	return [16]float64{
		(1 - 2*(y*y+z*z)) * s[0], 2 * (x*y + z*w) * s[0], 2 * (x*z - y*w) * s[0], 0,
		2 * (x*y - z*w) * s[1], (1 - 2*(x*x+z*z)) * s[1], 2 * (y*z + x*w) * s[1], 0,
		2 * (x*z + y*w) * s[2], 2 * (y*z - x*w) * s[2], (1 - 2*(x*x+y*y)) * s[2], 0,
		t[0], t[1], t[2], 1,
	}
}

// glbApply transforms a point.
func glbApply(m [16]float64, p [3]float64) [3]float64 {
	var out [3]float64
	for r := range 3 {
		out[r] = m[r]*p[0] + m[4+r]*p[1] + m[8+r]*p[2] + m[12+r]
	}
	return out
}

// glbApply3 transforms a direction by a column-major 3×3 matrix.
func glbApply3(m [9]float64, v [3]float64) [3]float64 {
	var out [3]float64
	for r := range 3 {
		out[r] = m[r]*v[0] + m[3+r]*v[1] + m[6+r]*v[2]
	}
	return out
}

// glbCofactor is the cofactor matrix of m's upper 3×3: the inverse
// transpose times the determinant, which maps normals correctly up to
// length (and sign for mirroring matrices).
func glbCofactor(m [16]float64) [9]float64 {
	a := func(r, c int) float64 { return m[c*4+r] }
	var out [9]float64
	for r := range 3 {
		for c := range 3 {
			r1, r2 := (r+1)%3, (r+2)%3
			c1, c2 := (c+1)%3, (c+2)%3
			out[c*3+r] = a(r1, c1)*a(r2, c2) - a(r1, c2)*a(r2, c1)
		}
	}
	return out
}
