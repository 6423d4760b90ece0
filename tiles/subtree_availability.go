package tiles

import (
	"errors"
	"fmt"
)

// SubtreeAvailability is the availability of one subtree: which tiles
// exist, which have each content, and which child subtrees exist. Tile and
// content bits are ordered by relative level, then Morton index; child
// subtree bits by the Morton index of the child subtree roots, which lie
// Levels below the subtree root.
type SubtreeAvailability struct {
	Scheme       SubdivisionScheme
	Levels       int
	Tile         Bitstream
	Content      []Bitstream // one per content of the implicit root tile
	ChildSubtree Bitstream
}

// maxAvailabilityBits bounds a bitstream (128 MiB packed).
const maxAvailabilityBits = 1 << 30

// subtreeBits returns the tile and child subtree bit counts.
func subtreeBits(s SubdivisionScheme, levels int) (tiles, children int, err error) {
	n := s.Branching()
	if n == 0 {
		return 0, 0, fmt.Errorf("tiles: subdivision scheme %q, want QUADTREE or OCTREE", s)
	}
	if levels < 1 || levels > s.MaxLevel() {
		return 0, 0, fmt.Errorf("tiles: %d subtree levels, want 1 to %d", levels, s.MaxLevel())
	}
	c := uint64(1) << (uint(s.dims()) * uint(levels))
	if c > maxAvailabilityBits {
		return 0, 0, fmt.Errorf("tiles: %d subtree levels give %d child subtree bits, over %d", levels, c, maxAvailabilityBits)
	}
	return int(LevelOffset(n, levels)), int(c), nil
}

// NewSubtreeAvailability returns the availability of an empty subtree
// (every bit 0) with the given number of contents per tile.
func NewSubtreeAvailability(s SubdivisionScheme, levels, contents int) (*SubtreeAvailability, error) {
	nt, nc, err := subtreeBits(s, levels)
	if err != nil {
		return nil, err
	}
	a := &SubtreeAvailability{Scheme: s, Levels: levels, Tile: ConstantBitstream(nt, false),
		ChildSubtree: ConstantBitstream(nc, false)}
	for range contents {
		a.Content = append(a.Content, ConstantBitstream(nt, false))
	}
	return a, nil
}

// tileBit returns the tile availability index of relative coordinate r,
// or -1 when r lies outside the subtree.
func (a *SubtreeAvailability) tileBit(r Coord) int {
	if r.Level >= a.Levels || !r.Valid(a.Scheme) {
		return -1
	}
	return int(AvailabilityIndex(a.Scheme, r))
}

// TileAvailable reports whether the tile at relative coordinate r exists.
func (a *SubtreeAvailability) TileAvailable(r Coord) bool { return a.Tile.Get(a.tileBit(r)) }

// ContentAvailable reports whether the tile at r has content i.
func (a *SubtreeAvailability) ContentAvailable(i int, r Coord) bool {
	return i >= 0 && i < len(a.Content) && a.Content[i].Get(a.tileBit(r))
}

// ChildSubtreeAvailable reports whether the child subtree rooted at r
// (relative level Levels) exists.
func (a *SubtreeAvailability) ChildSubtreeAvailable(r Coord) bool {
	if r.Level != a.Levels || !r.Valid(a.Scheme) {
		return false
	}
	return a.ChildSubtree.Get(int(r.Morton(a.Scheme)))
}

// SetTile marks the tile at relative coordinate r and its ancestors in
// the subtree available. It reports false when r lies outside the subtree.
func (a *SubtreeAvailability) SetTile(r Coord) bool {
	if a.tileBit(r) < 0 {
		return false
	}
	for {
		a.Tile.Set(a.tileBit(r), true)
		if r.Level == 0 {
			return true
		}
		r = r.Parent()
	}
}

// SetContent marks content i of the tile at r available, and the tile.
func (a *SubtreeAvailability) SetContent(i int, r Coord) bool {
	if i < 0 || i >= len(a.Content) || !a.SetTile(r) {
		return false
	}
	a.Content[i].Set(a.tileBit(r), true)
	return true
}

// SetChildSubtree marks the child subtree rooted at r (relative level
// Levels) available, and its parent tile in this subtree.
func (a *SubtreeAvailability) SetChildSubtree(r Coord) bool {
	if r.Level != a.Levels || !r.Valid(a.Scheme) || !a.SetTile(r.Parent()) {
		return false
	}
	a.ChildSubtree.Set(int(r.Morton(a.Scheme)), true)
	return true
}

// Validate checks the rules of the specification: at least one tile, every
// available tile's parent available, content only on available tiles, a
// child subtree only below an available tile.
func (a *SubtreeAvailability) Validate() error {
	if a.Tile.Count() == 0 {
		return errors.New("tiles: subtree: no available tile")
	}
	if _, ok := a.Tile.Constant(); !ok {
		for i := 1; i < a.Tile.Len(); i++ {
			if a.Tile.Get(i) && !a.Tile.Get(a.parentBit(i)) {
				return fmt.Errorf("tiles: subtree: tile bit %d available, its parent not", i)
			}
		}
	}
	for c, ct := range a.Content {
		if v, ok := ct.Constant(); ok && !v {
			continue
		}
		for i := range ct.Len() {
			if ct.Get(i) && !a.Tile.Get(i) {
				return fmt.Errorf("tiles: subtree: content %d on unavailable tile bit %d", c, i)
			}
		}
	}
	if v, ok := a.ChildSubtree.Constant(); ok && !v {
		return nil
	}
	leaf := int(LevelOffset(a.Scheme.Branching(), a.Levels-1))
	for i := range a.ChildSubtree.Len() {
		if a.ChildSubtree.Get(i) && !a.Tile.Get(leaf+i/a.Scheme.Branching()) {
			return fmt.Errorf("tiles: subtree: child subtree %d below an unavailable tile", i)
		}
	}
	return nil
}

// parentBit returns the tile availability index of the parent of bit i
// (i > 0).
func (a *SubtreeAvailability) parentBit(i int) int {
	n := a.Scheme.Branching()
	level, off := 0, 0
	for w := 1; off+w <= i; w *= n {
		off += w
		level++
	}
	return int(LevelOffset(n, level-1)) + (i-off)/n
}
