package tiles

import (
	"fmt"
	"math"
)

// SubdivisionScheme is how an implicit tile splits: QUADTREE (x, y) or
// OCTREE (x, y, z).
type SubdivisionScheme string

// The subdivision schemes.
const (
	Quadtree SubdivisionScheme = "QUADTREE"
	Octree   SubdivisionScheme = "OCTREE"
)

// Branching returns the number of children per tile: 4, 8, or 0 for an
// unknown scheme.
func (s SubdivisionScheme) Branching() int {
	switch s {
	case Quadtree:
		return 4
	case Octree:
		return 8
	}
	return 0
}

// dims is the number of subdivided axes: 2, 3, or 0 when unknown.
func (s SubdivisionScheme) dims() int {
	switch s {
	case Quadtree:
		return 2
	case Octree:
		return 3
	}
	return 0
}

// MaxLevel returns the deepest level whose Morton index fits in 64 bits:
// 32 for a quadtree, 21 for an octree.
func (s SubdivisionScheme) MaxLevel() int {
	if d := s.dims(); d > 0 {
		return 64 / d
	}
	return 0
}

// Coord is an implicit tile coordinate: the level (0 for the implicit
// root) and the position within the level. Z is 0 for quadtrees.
type Coord struct {
	Level   int
	X, Y, Z uint64
}

func (c Coord) String() string { return fmt.Sprintf("%d/%d/%d/%d", c.Level, c.X, c.Y, c.Z) }

// Valid reports whether c is a tile of scheme s: level within range and
// every ordinate below 2^level (Z zero for quadtrees).
func (c Coord) Valid(s SubdivisionScheme) bool {
	d := s.dims()
	if d == 0 || c.Level < 0 || c.Level > s.MaxLevel() {
		return false
	}
	lim := uint64(1) << c.Level // Level ≤ 32
	inRange := func(v uint64) bool { return v < lim }
	if d == 2 && c.Z != 0 {
		return false
	}
	return inRange(c.X) && inRange(c.Y) && inRange(c.Z)
}

// Morton returns the Morton (Z-order) index of c within its level: the
// bits of x, y (and z) interleaved, x in the lowest bit.
func (c Coord) Morton(s SubdivisionScheme) uint64 {
	if s == Octree {
		return spread3(c.X) | spread3(c.Y)<<1 | spread3(c.Z)<<2
	}
	return spread2(c.X) | spread2(c.Y)<<1
}

// CoordFromMorton is the inverse of Coord.Morton.
func CoordFromMorton(s SubdivisionScheme, level int, m uint64) Coord {
	if s == Octree {
		return Coord{Level: level, X: compact3(m), Y: compact3(m >> 1), Z: compact3(m >> 2)}
	}
	return Coord{Level: level, X: compact2(m), Y: compact2(m >> 1)}
}

// Parent returns the tile containing c one level up. The root is its own
// parent.
func (c Coord) Parent() Coord {
	if c.Level <= 0 {
		return c
	}
	return Coord{Level: c.Level - 1, X: c.X >> 1, Y: c.Y >> 1, Z: c.Z >> 1}
}

// Ancestor returns the tile containing c at the given (smaller) level.
func (c Coord) Ancestor(level int) Coord {
	if level >= c.Level {
		return c
	}
	d := uint(c.Level - level)
	return Coord{Level: level, X: c.X >> d, Y: c.Y >> d, Z: c.Z >> d}
}

// Child returns child i of c, i in [0, Branching): the Morton order of
// the children, bit 0 for +x, bit 1 for +y, bit 2 for +z.
func (c Coord) Child(i int) Coord {
	return Coord{
		Level: c.Level + 1,
		X:     c.X<<1 | uint64(i&1),
		Y:     c.Y<<1 | uint64(i>>1&1),
		Z:     c.Z<<1 | uint64(i>>2&1),
	}
}

// Children returns the 4 or 8 children of c in Morton order.
func (c Coord) Children(s SubdivisionScheme) []Coord {
	n := s.Branching()
	out := make([]Coord, n)
	for i := range n {
		out[i] = c.Child(i)
	}
	return out
}

// Relative returns c relative to ancestor a: the level difference and the
// position within a's descendants at that depth.
func (c Coord) Relative(a Coord) Coord {
	d := uint(c.Level - a.Level)
	return Coord{Level: c.Level - a.Level, X: c.X - a.X<<d, Y: c.Y - a.Y<<d, Z: c.Z - a.Z<<d}
}

// Absolute is the inverse of Relative: the global coordinate of the tile
// at relative position r below a.
func (r Coord) Absolute(a Coord) Coord {
	d := uint(r.Level)
	return Coord{Level: a.Level + r.Level, X: a.X<<d + r.X, Y: a.Y<<d + r.Y, Z: a.Z<<d + r.Z}
}

// SubtreeRoot returns the root of the subtree holding c when every subtree
// has subtreeLevels levels.
func (c Coord) SubtreeRoot(subtreeLevels int) Coord {
	if subtreeLevels <= 0 {
		return Coord{}
	}
	return c.Ancestor(c.Level / subtreeLevels * subtreeLevels)
}

// LevelOffset returns the number of tiles in the levels above level in a
// full tree of branching n: (n^level − 1)/(n − 1), the index of the first
// bit of that level in a tile or content availability bitstream.
func LevelOffset(n, level int) uint64 {
	var off, w uint64 = 0, 1
	for range level {
		off += w
		w *= uint64(n)
	}
	return off
}

// AvailabilityIndex returns the bit of tile availability for the tile at
// relative coordinate r within its subtree.
func AvailabilityIndex(s SubdivisionScheme, r Coord) uint64 {
	return LevelOffset(s.Branching(), r.Level) + r.Morton(s)
}

// GeometricErrorAt returns the geometric error of a tile at level, half
// of its parent's: rootError / 2^level.
func GeometricErrorAt(rootError float64, level int) float64 {
	return math.Ldexp(rootError, -level)
}
