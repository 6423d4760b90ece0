package tiles

// EXT_meshopt_compression, vertex codec (meshoptimizer vertex codec
// version 0, mode ATTRIBUTES).
//
// Layout: the header byte 0xa0, then blocks of up to meshoptBlockMax(stride)
// elements, then a tail of max(32, stride) bytes whose last stride bytes are
// the first element (the value the first deltas are taken against).
//
// A block stores, for each byte position k of the element in turn, the
// zigzag-encoded byte differences between consecutive elements (the first
// against the last element of the previous block, or the tail), cut into
// groups of 16. A header of 2 bits per group (group g at bits 2(g%4) of
// header byte g/4) says how the group is stored: 0 all zero (no bytes),
// 1 two bits per delta, 2 four bits per delta, 3 sixteen raw bytes. In the
// 2- and 4-bit forms the all-ones value is a sentinel: the delta follows as
// a whole byte after the packed bits, in element order. Packed bits fill a
// byte from the most significant end.

import "fmt"

const (
	meshoptVertexHeader = 0xa0 // version 0
	meshoptGroupSize    = 16
	meshoptTailMin      = 32 // minimum tail size of version 0
	meshoptMaxStride    = 256
)

// meshoptBlockMax is the number of elements per block for a stride: as
// many as fit 8 KiB, a multiple of 16, at most 256.
func meshoptBlockMax(stride int) int {
	return min((8192/stride)&^(meshoptGroupSize-1), 256)
}

// meshoptEncodeVertices compresses count elements of stride bytes each
// (stride a multiple of 4, at most 256) with the version 0 vertex codec.
func meshoptEncodeVertices(data []byte, count, stride int) ([]byte, error) {
	switch {
	case stride <= 0 || stride%4 != 0 || stride > meshoptMaxStride:
		return nil, fmt.Errorf("tiles: meshopt: vertex stride %d: want a multiple of 4 up to %d", stride, meshoptMaxStride)
	case count < 0 || len(data) != count*stride:
		return nil, fmt.Errorf("tiles: meshopt: %d bytes for %d elements of %d", len(data), count, stride)
	}
	out := make([]byte, 1, len(data)/2+meshoptTailMin+1)
	out[0] = meshoptVertexHeader
	first := make([]byte, stride)
	if count > 0 {
		copy(first, data[:stride])
	}
	prev := append([]byte(nil), first...)
	blockMax := meshoptBlockMax(stride)
	deltas := make([]byte, 0, blockMax)
	for base := 0; base < count; base += blockMax {
		n := min(count-base, blockMax)
		block := data[base*stride : (base+n)*stride]
		for k := range stride {
			deltas = meshoptByteDeltas(deltas[:0], block, k, stride, prev[k])
			out = meshoptEncodeBytes(out, deltas)
		}
		copy(prev, block[(n-1)*stride:])
	}
	out = append(out, make([]byte, max(meshoptTailMin, stride)-stride)...)
	return append(out, first...), nil
}

// meshoptByteDeltas appends the zigzag-encoded differences of byte k of
// each element of block to its predecessor (prev for the first).
func meshoptByteDeltas(dst, block []byte, k, stride int, prev byte) []byte {
	for i := k; i < len(block); i += stride {
		d := int8(block[i] - prev)
		dst = append(dst, byte(d<<1)^byte(d>>7))
		prev = block[i]
	}
	return dst
}

// meshoptEncodeBytes appends the group header and the groups of deltas;
// the last group is padded with zero deltas.
func meshoptEncodeBytes(out, deltas []byte) []byte {
	groups := (len(deltas) + meshoptGroupSize - 1) / meshoptGroupSize
	head := len(out)
	out = append(out, make([]byte, (groups+3)/4)...)
	var g [meshoptGroupSize]byte
	for i := range groups {
		g = [meshoptGroupSize]byte{}
		copy(g[:], deltas[i*meshoptGroupSize:])
		mode := meshoptGroupMode(&g)
		out[head+i/4] |= byte(mode) << (2 * (i % 4))
		out = meshoptEncodeGroup(out, &g, mode)
	}
	return out
}

// meshoptModeBits are the bits per delta of the four group modes.
var meshoptModeBits = [4]int{0, 2, 4, 8}

// meshoptGroupMode picks the mode that stores g in the fewest bytes.
func meshoptGroupMode(g *[meshoptGroupSize]byte) int {
	best, bestSize := 3, meshoptGroupSize
	for mode := 2; mode >= 0; mode-- {
		if size, ok := meshoptGroupBytes(g, meshoptModeBits[mode]); ok && size <= bestSize {
			best, bestSize = mode, size
		}
	}
	return best
}

// meshoptGroupBytes is the encoded size of g with bits per delta; ok is
// false when 0 bits cannot hold it (a non-zero delta).
func meshoptGroupBytes(g *[meshoptGroupSize]byte, bits int) (int, bool) {
	if bits == 0 {
		return 0, *g == [meshoptGroupSize]byte{}
	}
	sentinel := byte(1<<bits - 1)
	size := meshoptGroupSize * bits / 8
	for _, v := range g {
		if v >= sentinel {
			size++
		}
	}
	return size, true
}

// meshoptEncodeGroup appends one group in the given mode.
func meshoptEncodeGroup(out []byte, g *[meshoptGroupSize]byte, mode int) []byte {
	bits := meshoptModeBits[mode]
	switch bits {
	case 0:
		return out
	case 8:
		return append(out, g[:]...)
	}
	perByte := 8 / bits
	sentinel := byte(1<<bits - 1)
	packed := len(out)
	out = append(out, make([]byte, meshoptGroupSize/perByte)...)
	for m, v := range g {
		shift := 8 - bits*(m%perByte+1)
		out[packed+m/perByte] |= min(v, sentinel) << shift
	}
	for _, v := range g {
		if v >= sentinel {
			out = append(out, v)
		}
	}
	return out
}
