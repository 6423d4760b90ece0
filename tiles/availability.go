package tiles

import (
	"fmt"
	"math/bits"
)

// Bitstream is an availability bitstream of Len bits, packed least
// significant bit first as the 3D Metadata Specification packs booleans,
// or a constant when every bit has the same value. A constant takes no
// memory until a Set makes it a packed stream.
type Bitstream struct {
	n        int
	packed   []byte // nil: constant
	constant bool
}

// ConstantBitstream returns n bits all equal to v.
func ConstantBitstream(n int, v bool) Bitstream {
	return Bitstream{n: n, constant: v}
}

// BitstreamFromBytes returns n bits read from the first ⌈n/8⌉ bytes of
// data (copied). Bits past n in the last byte are ignored.
func BitstreamFromBytes(n int, data []byte) (Bitstream, error) {
	need := (n + 7) / 8
	if n < 0 || len(data) < need {
		return Bitstream{}, fmt.Errorf("tiles: bitstream: %d bits need %d bytes, have %d", n, need, len(data))
	}
	p := make([]byte, need)
	copy(p, data)
	if r := n % 8; r != 0 {
		p[need-1] &= byte(1)<<r - 1
	}
	return Bitstream{n: n, packed: p}, nil
}

// Len returns the number of bits.
func (b Bitstream) Len() int { return b.n }

// Get returns bit i; out-of-range bits are false.
func (b Bitstream) Get(i int) bool {
	if i < 0 || i >= b.n {
		return false
	}
	if b.packed == nil {
		return b.constant
	}
	return b.packed[i>>3]>>(i&7)&1 == 1
}

// Set sets bit i; out-of-range indices are ignored.
func (b *Bitstream) Set(i int, v bool) {
	if i < 0 || i >= b.n {
		return
	}
	if b.packed == nil {
		if v == b.constant {
			return
		}
		b.packed = b.Bytes()
	}
	if v {
		b.packed[i>>3] |= 1 << (i & 7)
	} else {
		b.packed[i>>3] &^= 1 << (i & 7)
	}
}

// Count returns the number of 1 bits.
func (b Bitstream) Count() int {
	if b.packed == nil {
		if b.constant {
			return b.n
		}
		return 0
	}
	c := 0
	for _, x := range b.packed {
		c += bits.OnesCount8(x)
	}
	return c
}

// Constant reports whether every bit equals v, and v. A packed stream of
// no bits is constant false.
func (b Bitstream) Constant() (v, ok bool) {
	if b.packed == nil {
		return b.constant, true
	}
	switch b.Count() {
	case 0:
		return false, true
	case b.n:
		return true, true
	}
	return false, false
}

// Bytes returns the ⌈Len/8⌉ packed bytes (a copy); padding bits are 0.
func (b Bitstream) Bytes() []byte {
	p := make([]byte, (b.n+7)/8)
	if b.packed != nil {
		copy(p, b.packed)
		return p
	}
	if b.constant {
		for i := range p {
			p[i] = 0xFF
		}
		if r := b.n % 8; r != 0 {
			p[len(p)-1] = byte(1)<<r - 1
		}
	}
	return p
}

// Equal reports whether b and o hold the same bits, whatever their form.
func (b Bitstream) Equal(o Bitstream) bool {
	if b.n != o.n {
		return false
	}
	bv, bc := b.Constant()
	ov, oc := o.Constant()
	if bc || oc {
		return bc && oc && bv == ov
	}
	for i := range b.packed {
		if b.packed[i] != o.packed[i] {
			return false
		}
	}
	return true
}
