package tiles

import (
	"bytes"
	"testing"
)

func TestBitstream(t *testing.T) {
	packed, err := BitstreamFromBytes(10, []byte{0b1000_0101, 0b1111_1110})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		b           Bitstream
		bits        []int // indices of 1 bits
		constant    bool
		value       bool
		wantPacked  []byte
		wantNumBits int
	}{
		{"constant 1", ConstantBitstream(11, true), []int{0, 5, 10}, true, true, []byte{0xFF, 0x07}, 11},
		{"constant 0", ConstantBitstream(9, false), nil, true, false, []byte{0, 0}, 9},
		{"packed, padding ignored", packed, []int{0, 2, 7, 9}, false, false, []byte{0b1000_0101, 0b10}, 10},
		{"empty", ConstantBitstream(0, false), nil, true, false, []byte{}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.b.Len() != c.wantNumBits {
				t.Errorf("Len = %d, want %d", c.b.Len(), c.wantNumBits)
			}
			for _, i := range c.bits {
				if !c.b.Get(i) {
					t.Errorf("bit %d is 0", i)
				}
			}
			if c.b.Get(-1) || c.b.Get(c.b.Len()) {
				t.Error("out-of-range bit is 1")
			}
			if v, ok := c.b.Constant(); ok != c.constant || v != c.value {
				t.Errorf("Constant = %v, %v; want %v, %v", v, ok, c.value, c.constant)
			}
			if got := c.b.Bytes(); !bytes.Equal(got, c.wantPacked) {
				t.Errorf("Bytes = %08b, want %08b", got, c.wantPacked)
			}
		})
	}
	if _, err := BitstreamFromBytes(17, []byte{1, 2}); err == nil {
		t.Error("17 bits from 2 bytes: no error")
	}
}

func TestBitstreamSet(t *testing.T) {
	b := ConstantBitstream(20, false)
	b.Set(3, false) // stays constant
	if _, ok := b.Constant(); !ok || b.packed != nil {
		t.Fatal("setting a constant's own value packed it")
	}
	for _, i := range []int{3, 19, 8, 40, -2} {
		b.Set(i, true)
	}
	if b.Count() != 3 || !b.Get(19) || !b.Get(8) {
		t.Errorf("after Set: count %d, bytes %08b", b.Count(), b.Bytes())
	}
	b.Set(19, false)
	if b.Get(19) || b.Count() != 2 {
		t.Errorf("after clearing 19: count %d", b.Count())
	}
	all := ConstantBitstream(20, true)
	full := ConstantBitstream(20, false)
	for i := range 20 {
		full.Set(i, true)
	}
	if !full.Equal(all) || !all.Equal(full) || full.Equal(ConstantBitstream(21, true)) || b.Equal(all) {
		t.Error("Equal disagrees with the bits")
	}
}

func TestSubtreeAvailabilityBuild(t *testing.T) {
	a, err := NewSubtreeAvailability(Quadtree, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Validate(); err == nil {
		t.Error("an empty subtree validated")
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"content at 1/1/1", a.SetContent(0, Coord{Level: 1, X: 1, Y: 1})},
		{"child subtree 2/3/2", a.SetChildSubtree(Coord{Level: 2, X: 3, Y: 2})},
		{"no tile at level 2", !a.SetTile(Coord{Level: 2})},
		{"no content 1", !a.SetContent(1, Coord{})},
		{"no child at level 1", !a.SetChildSubtree(Coord{Level: 1})},
		{"root available", a.TileAvailable(Coord{})},
		{"1/1/1 available", a.TileAvailable(Coord{Level: 1, X: 1, Y: 1})},
		{"1/0/0 unavailable", !a.TileAvailable(Coord{Level: 1})},
		{"content", a.ContentAvailable(0, Coord{Level: 1, X: 1, Y: 1}) && !a.ContentAvailable(0, Coord{})},
		{"child subtree", a.ChildSubtreeAvailable(Coord{Level: 2, X: 3, Y: 2}) && !a.ChildSubtreeAvailable(Coord{Level: 2})},
		{"tile count", a.Tile.Count() == 2},
		{"valid", a.Validate() == nil},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Fail()
			}
		})
	}
	a.Tile.Set(0, false) // orphan the level-1 tiles
	if err := a.Validate(); err == nil {
		t.Error("a tile without its parent validated")
	}
	if _, err := NewSubtreeAvailability(Octree, 11, 0); err == nil {
		t.Error("11 octree levels: no error")
	}
	if _, err := NewSubtreeAvailability("HEXTREE", 2, 0); err == nil {
		t.Error("unknown scheme: no error")
	}
}
