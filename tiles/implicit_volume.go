package tiles

import "math"

// ImplicitBox returns the box of tile c under the implicit root box: the
// root's x and y (and z for an octree) half-axes split into 2^level parts,
// computed directly for the level as the specification recommends.
func ImplicitBox(root Box, s SubdivisionScheme, c Coord) Box {
	n := math.Ldexp(1, c.Level)
	idx := [3]uint64{c.X, c.Y, c.Z}
	out := root
	center := root.Center()
	for k := range s.dims() {
		h := root.HalfAxis(k)
		f := (2*float64(idx[k])+1)/n - 1 // centre along the axis, in half-axes
		center = center.Add(h.Scale(f))
		for j := range 3 {
			out[3+3*k+j] = h[j] / n
		}
	}
	out[0], out[1], out[2] = center[0], center[1], center[2]
	return out
}

// ImplicitRegion returns the region of tile c under the implicit root
// region: longitude and latitude split into 2^level parts (and height too
// for an octree). A root across the antimeridian splits its true width.
func ImplicitRegion(root Region, s SubdivisionScheme, c Coord) Region {
	n := math.Ldexp(1, c.Level)
	width := root[2] - root[0]
	if width < 0 {
		width += 2 * math.Pi
	}
	west := root[0] + width*float64(c.X)/n
	east := root[0] + width*float64(c.X+1)/n
	out := Region{wrapLon(west, true), 0, wrapLon(east, false), 0, root[4], root[5]}
	dLat := root[3] - root[1]
	out[1] = root[1] + dLat*float64(c.Y)/n
	out[3] = root[1] + dLat*float64(c.Y+1)/n
	if s == Octree {
		dh := root[5] - root[4]
		out[4] = root[4] + dh*float64(c.Z)/n
		out[5] = root[4] + dh*float64(c.Z+1)/n
	}
	return out
}

// wrapLon brings a longitude in radians past π back by 2π: a west edge
// into [−π, π), an east edge into (−π, π].
func wrapLon(l float64, west bool) float64 {
	if l > math.Pi || west && l == math.Pi {
		return l - 2*math.Pi
	}
	return l
}

// spread2 moves bit i of the low 32 bits of x to bit 2i.
func spread2(x uint64) uint64 {
	x &= 0xFFFFFFFF
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	return (x | x<<1) & 0x5555555555555555
}

// compact2 is the inverse of spread2: bit 2i of x to bit i.
func compact2(x uint64) uint64 {
	x &= 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0F0F0F0F0F0F0F0F
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	return (x | x>>16) & 0xFFFFFFFF
}

// spread3 moves bit i of the low 21 bits of x to bit 3i.
func spread3(x uint64) uint64 {
	x &= 0x1FFFFF
	x = (x | x<<32) & 0x001F00000000FFFF
	x = (x | x<<16) & 0x001F0000FF0000FF
	x = (x | x<<8) & 0x100F00F00F00F00F
	x = (x | x<<4) & 0x10C30C30C30C30C3
	return (x | x<<2) & 0x1249249249249249
}

// compact3 is the inverse of spread3: bit 3i of x to bit i.
func compact3(x uint64) uint64 {
	x &= 0x1249249249249249
	x = (x | x>>2) & 0x10C30C30C30C30C3
	x = (x | x>>4) & 0x100F00F00F00F00F
	x = (x | x>>8) & 0x001F0000FF0000FF
	x = (x | x>>16) & 0x001F00000000FFFF
	return (x | x>>32) & 0x1FFFFF
}
