package tiles

// Decoders for the meshopt codecs (vertex codec version 0, index codec
// version 1), written from the format description (meshoptimizer's
// reference decoder), independent of the encoder's code paths. DecodeGLB
// uses them on untrusted bytes: every read is bounds-checked, output sizes
// are limited by the input size, and corrupt data is an error.

import (
	"encoding/binary"
	"errors"
	"fmt"
)

var errMeshoptCorrupt = errors.New("tiles: meshopt: corrupt data")

// meshoptReader reads bytes with bounds checks.
type meshoptReader struct {
	src []byte
	pos int
	end int // reads stop here (the tail or aux table starts)
}

func (r *meshoptReader) next(n int) ([]byte, error) {
	if n < 0 || r.pos+n > r.end {
		return nil, errMeshoptCorrupt
	}
	b := r.src[r.pos : r.pos+n]
	r.pos += n
	return b, nil
}

// meshoptDecodeVertices decodes count elements of stride bytes.
func meshoptDecodeVertices(src []byte, count, stride int) ([]byte, error) {
	if stride <= 0 || stride%4 != 0 || stride > meshoptMaxStride || count < 0 {
		return nil, fmt.Errorf("%w: %d elements of stride %d", errMeshoptCorrupt, count, stride)
	}
	tail := max(meshoptTailMin, stride)
	if len(src) < 1+tail || src[0] != meshoptVertexHeader {
		return nil, fmt.Errorf("%w: bad vertex header or size", errMeshoptCorrupt)
	}
	// Each block holds at least one group header byte per byte position,
	// which bounds count before anything is allocated.
	blockMax := meshoptBlockMax(stride)
	if blocks := (len(src) - 1 - tail) / stride; count > blocks*blockMax {
		return nil, fmt.Errorf("%w: %d elements from %d bytes", errMeshoptCorrupt, count, len(src))
	}
	r := &meshoptReader{src: src, pos: 1, end: len(src) - tail}
	prev := append([]byte(nil), src[len(src)-stride:]...)
	out := make([]byte, count*stride)
	for base := 0; base < count; base += blockMax {
		n := min(count-base, blockMax)
		for k := range stride {
			deltas, err := meshoptDecodeBytes(r, n)
			if err != nil {
				return nil, err
			}
			for i := range n {
				d := deltas[i]
				prev[k] += (d >> 1) ^ -(d & 1)
				out[(base+i)*stride+k] = prev[k]
			}
		}
	}
	if r.pos != r.end {
		return nil, fmt.Errorf("%w: %d bytes left before the tail", errMeshoptCorrupt, r.end-r.pos)
	}
	return out, nil
}

// meshoptDecodeBytes decodes the deltas of one byte position of a block.
func meshoptDecodeBytes(r *meshoptReader, n int) ([]byte, error) {
	groups := (n + meshoptGroupSize - 1) / meshoptGroupSize
	head, err := r.next((groups + 3) / 4)
	if err != nil {
		return nil, err
	}
	out := make([]byte, groups*meshoptGroupSize)
	for g := range groups {
		bits := meshoptModeBits[(head[g/4]>>(2*(g%4)))&3]
		dst := out[g*meshoptGroupSize : (g+1)*meshoptGroupSize]
		if err := meshoptDecodeGroup(r, dst, bits); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func meshoptDecodeGroup(r *meshoptReader, dst []byte, bits int) error {
	switch bits {
	case 0:
		return nil
	case 8:
		b, err := r.next(meshoptGroupSize)
		copy(dst, b)
		return err
	}
	packed, err := r.next(meshoptGroupSize * bits / 8)
	if err != nil {
		return err
	}
	sentinel := byte(1<<bits - 1)
	for m := range dst {
		per := 8 / bits
		v := (packed[m/per] >> (8 - bits*(m%per+1))) & sentinel
		if v == sentinel {
			b, err := r.next(1)
			if err != nil {
				return err
			}
			v = b[0]
		}
		dst[m] = v
	}
	return nil
}

// meshoptDecodeTriangles decodes count indices (a multiple of 3).
func meshoptDecodeTriangles(src []byte, count int) ([]uint32, error) {
	tris := count / 3
	// One code byte per triangle bounds count before allocation.
	if count < 0 || count%3 != 0 || tris > len(src) || len(src) < 1+tris+meshoptAuxTable || src[0] != meshoptIndexHeader {
		return nil, fmt.Errorf("%w: bad index header, size or count %d", errMeshoptCorrupt, count)
	}
	aux := src[len(src)-meshoptAuxTable:]
	r := &meshoptReader{src: src, pos: 1 + tris, end: len(src) - meshoptAuxTable}
	d := &meshoptIndexDecoder{r: r}
	out := make([]uint32, 0, count)
	for t := range tris {
		code := src[1+t]
		var tri [3]uint32
		var err error
		if code>>4 < 15 {
			tri, err = d.edgeTriangle(code)
		} else {
			tri, err = d.freeTriangle(code&15, aux)
		}
		if err != nil {
			return nil, fmt.Errorf("triangle %d: %w", t, err)
		}
		out = append(out, tri[:]...)
	}
	if r.pos != r.end {
		return nil, fmt.Errorf("%w: %d stream bytes left", errMeshoptCorrupt, r.end-r.pos)
	}
	return out, nil
}

// meshoptIndexDecoder is the decoder's state; FIFOs as plain rings.
type meshoptIndexDecoder struct {
	r          *meshoptReader
	edges      [32]uint32
	eo         int
	verts      [16]uint32
	vo         int
	next, last uint32
}

func (d *meshoptIndexDecoder) push(v uint32)       { d.edges[d.eo] = v; d.eo = (d.eo + 1) & 31 }
func (d *meshoptIndexDecoder) edgeAt(i int) uint32 { return d.edges[(d.eo-1-i)&31] }
func (d *meshoptIndexDecoder) pushV(v uint32)      { d.verts[d.vo] = v; d.vo = (d.vo + 1) & 15 }
func (d *meshoptIndexDecoder) vertAt(i int) uint32 { return d.verts[(d.vo-1-i)&15] }

func (d *meshoptIndexDecoder) varint() (uint32, error) {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		b, err := d.r.next(1)
		if err != nil {
			return 0, err
		}
		v |= uint32(b[0]&0x7f) << shift
		if b[0] < 0x80 {
			d.last += (v >> 1) ^ -(v & 1)
			return d.last, nil
		}
	}
	return 0, errMeshoptCorrupt
}

func (d *meshoptIndexDecoder) edgeTriangle(code byte) ([3]uint32, error) {
	e, low := int(code>>4), code&15
	a, b := d.edgeAt(2*e), d.edgeAt(2*e+1)
	var c uint32
	switch {
	case low == 0:
		c = d.next
		d.next++
	case low < 13:
		c = d.vertAt(int(low))
	case low == 13:
		d.last--
		c = d.last
	case low == 14:
		d.last++
		c = d.last
	default:
		v, err := d.varint()
		if err != nil {
			return [3]uint32{}, err
		}
		c = v
	}
	if low == 0 || low >= 13 {
		d.pushV(c)
	}
	d.push(b)
	d.push(c)
	d.push(c)
	d.push(a)
	return [3]uint32{a, b, c}, nil
}

func (d *meshoptIndexDecoder) freeTriangle(low byte, aux []byte) ([3]uint32, error) {
	var e byte
	if low < 14 {
		e = aux[low]
	} else {
		b, err := d.r.next(1)
		if err != nil {
			return [3]uint32{}, err
		}
		e = b[0]
		if e == 0 {
			d.next = 0
		}
	}
	var t [3]uint32
	var err error
	if low == 15 {
		t[0], err = d.varint()
	} else {
		t[0] = d.next
		d.next++
	}
	z, w := e>>4, e&15
	for i, nib := range []byte{z, w} {
		if err != nil {
			break
		}
		switch {
		case nib == 0:
			t[1+i] = d.next
			d.next++
		case nib == 15 && low >= 14:
			t[1+i], err = d.varint()
		default:
			t[1+i] = d.vertAt(int(nib) - 1)
		}
	}
	d.pushV(t[0])
	for i, nib := range []byte{z, w} {
		if nib == 0 || (nib == 15 && low >= 14) {
			d.pushV(t[1+i])
		}
	}
	d.push(t[0])
	d.push(t[1])
	d.push(t[1])
	d.push(t[2])
	d.push(t[2])
	d.push(t[0])
	return t, err
}

// meshoptIndexBytes packs indices as little-endian uint16 or uint32.
func meshoptIndexBytes(ix []uint32, size int) []byte {
	out := make([]byte, 0, size*len(ix))
	for _, v := range ix {
		if size == 2 {
			out = binary.LittleEndian.AppendUint16(out, uint16(v))
		} else {
			out = binary.LittleEndian.AppendUint32(out, v)
		}
	}
	return out
}
