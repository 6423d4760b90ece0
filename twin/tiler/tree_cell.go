package tiler

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/citytwin/citytwin/geo"
)

// The tile tree of a layer is a compressed quadtree over one global
// longitude/latitude grid, so that a tile's key does not depend on the
// dataset: level z splits the world (lon −180…180°, lat −90…90°) into
// 2^z × 2^z cells. A feature belongs to the cell that holds the centre of
// its bounds. Every node of a layer's tree is the deepest cell that still
// holds all the node's features, so that a tree has no chains of tiles
// with one child.

// MaxLevel is the deepest level of the grid: cells of about 0.6 × 0.3 m
// at the equator. Features whose centres share a cell at MaxLevel stay in
// one tile whatever their number.
const MaxLevel = 26

// Cell is a cell of the global grid: level Z, column X (eastwards from
// −180°) and row Y (northwards from −90°).
type Cell struct {
	Z uint8  `json:"z"`
	X uint32 `json:"x"`
	Y uint32 `json:"y"`
}

// String writes the cell as "z/x/y".
func (c Cell) String() string { return fmt.Sprintf("%d/%d/%d", c.Z, c.X, c.Y) }

// Bounds returns the cell as lon°, lat° bounds with heights −Inf…+Inf.
func (c Cell) Bounds() geo.Bounds3 {
	n := float64(uint64(1) << c.Z)
	w, s := float64(c.X)*360/n-180, float64(c.Y)*180/n-90
	e, nn := float64(c.X+1)*360/n-180, float64(c.Y+1)*180/n-90
	return geo.Bounds3{Min: geo.Point3{w, s, math.Inf(-1)}, Max: geo.Point3{e, nn, math.Inf(1)}}
}

// Parent returns the cell one level up; the level-0 cell is its own parent.
func (c Cell) Parent() Cell {
	if c.Z == 0 {
		return c
	}
	return Cell{Z: c.Z - 1, X: c.X >> 1, Y: c.Y >> 1}
}

// Contains reports whether o is c or lies inside c.
func (c Cell) Contains(o Cell) bool {
	if o.Z < c.Z {
		return false
	}
	d := o.Z - c.Z
	return o.X>>d == c.X && o.Y>>d == c.Y
}

// morton is a point's cell at MaxLevel as a Z-order code: bits 2i and
// 2i+1 hold bit i of X and of Y. The cells of one level are contiguous
// ranges of codes, so a list of points sorted by code is a quadtree.
type morton uint64

// mortonOf returns the code of the MaxLevel cell holding lon°, lat°
// (clamped to the world).
func mortonOf(lon, lat float64) morton {
	const n = 1 << MaxLevel
	x := clampCell(math.Floor((lon + 180) / 360 * n))
	y := clampCell(math.Floor((lat + 90) / 180 * n))
	return morton(spread(x) | spread(y)<<1)
}

func clampCell(v float64) uint32 {
	const n = 1 << MaxLevel
	if !(v >= 0) { // NaN too
		return 0
	}
	return uint32(min(v, n-1))
}

// spread moves bit i of v to bit 2i.
func spread(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000ffff0000ffff
	x = (x | x<<8) & 0x00ff00ff00ff00ff
	x = (x | x<<4) & 0x0f0f0f0f0f0f0f0f
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return x
}

// gather is the inverse of spread: bit 2i of x to bit i.
func gather(x uint64) uint32 {
	x &= 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0f0f0f0f0f0f0f0f
	x = (x | x>>4) & 0x00ff00ff00ff00ff
	x = (x | x>>8) & 0x0000ffff0000ffff
	x = (x | x>>16) & 0x00000000ffffffff
	return uint32(x)
}

// cell returns the cell of level z that holds the code.
func (m morton) cell(z uint8) Cell {
	p := uint64(m) >> (2 * (MaxLevel - uint(z)))
	return Cell{Z: z, X: gather(p), Y: gather(p >> 1)}
}

// prefix is the part of the code that names its cell at level z.
func (m morton) prefix(z uint8) uint64 { return uint64(m) >> (2 * (MaxLevel - uint(z))) }

// commonCell returns the deepest cell holding both codes (a ≤ b in a
// sorted list: then it holds every code between them too).
func commonCell(a, b morton) Cell {
	d := uint64(a ^ b)
	if d == 0 {
		return a.cell(MaxLevel)
	}
	up := (bits.Len64(d) + 1) / 2 // levels above MaxLevel where they differ
	return a.cell(uint8(MaxLevel - up))
}
