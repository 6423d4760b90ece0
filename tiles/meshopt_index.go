package tiles

// EXT_meshopt_compression, index codec (meshoptimizer triangle codec
// version 1, mode TRIANGLES).
//
// Layout: the header byte 0xe1, one code byte per triangle, a data stream
// (LEB128 varints and explicit aux bytes), then a 16-byte aux table.
// Encoder and decoder keep the same state: an edge FIFO (16 edges), a
// vertex FIFO (16 vertices), next (the next never-seen vertex, assuming
// vertices numbered in first-use order) and last (the last explicitly
// coded index). A code 0xXY with X < 15 reuses edge X of the edge FIFO as
// the triangle's first two corners; Y gives the third: 0 next, 1–12 vertex
// FIFO entry Y, 13 last−1, 14 last+1, 15 a zigzag varint delta to last.
// A code 0xFY starts from scratch: the first corner is next (Y ≤ 14) or an
// explicit delta (Y = 15); the two others come from an aux byte 0xZW — for
// Y < 14 from the aux table, otherwise from the data stream — where a
// nibble is 0 for next, 1–14 for vertex FIFO entry nibble−1 (the FIFO as it
// was before this triangle) and 15 (stream form only) for an explicit
// delta. An aux byte 0 in stream form resets next to 0; the encoder never
// writes one. The encoder may rotate a triangle (keeping its winding) so
// that it starts on a known edge; it returns the indices as decoded.

import "fmt"

const (
	meshoptIndexHeader = 0xe1 // version 1
	meshoptEdgeFIFO    = 16
	meshoptVertexFIFO  = 16
	meshoptAuxTable    = 16
)

// meshoptAux is this encoder's aux table: common corner patterns of 0xFY
// triangles (entry 0: three new vertices). Any table is valid: it is
// written into the stream. Entries 14 and 15 are unused.
var meshoptAux = [meshoptAuxTable]byte{
	0x00, 0x01, 0x10, 0x12, 0x21, 0x02, 0x20, 0x11,
	0x13, 0x31, 0x23, 0x32, 0x03, 0x30, 0x00, 0x00,
}

// meshoptIndexState is the state shared by encoder and decoder.
type meshoptIndexState struct {
	edges      [2 * meshoptEdgeFIFO]uint32 // pushed one corner at a time
	edgeOff    int
	edgeCount  int // edges pushed so far (to skip unset entries)
	verts      [meshoptVertexFIFO]uint32
	vertOff    int
	vertCount  int
	next, last uint32
}

func (s *meshoptIndexState) edge(i int) (a, b uint32) {
	n := len(s.edges)
	return s.edges[(s.edgeOff-1-2*i)&(n-1)], s.edges[(s.edgeOff-2-2*i)&(n-1)]
}

// pushEdge records (a, b) as the edge a later triangle (a, b, c) may reuse.
func (s *meshoptIndexState) pushEdge(a, b uint32) {
	s.edges[s.edgeOff] = b
	s.edges[(s.edgeOff+1)&(len(s.edges)-1)] = a
	s.edgeOff = (s.edgeOff + 2) & (len(s.edges) - 1)
	s.edgeCount++
}

func (s *meshoptIndexState) vertex(i int) uint32 {
	return s.verts[(s.vertOff-1-i)&(meshoptVertexFIFO-1)]
}

func (s *meshoptIndexState) pushVertex(v uint32) {
	s.verts[s.vertOff] = v
	s.vertOff = (s.vertOff + 1) & (meshoptVertexFIFO - 1)
	s.vertCount++
}

// findVertex returns the vertex FIFO position of v in [lo, hi], or -1.
func (s *meshoptIndexState) findVertex(v uint32, lo, hi int) int {
	for i := lo; i <= hi && i < s.vertCount; i++ {
		if s.vertex(i) == v {
			return i
		}
	}
	return -1
}

// meshoptEncodeTriangles compresses a triangle list with the version 1
// index codec and returns the triangles as a decoder yields them (each
// triangle possibly rotated, winding kept).
func meshoptEncodeTriangles(ix []uint32) (enc []byte, decoded []uint32, err error) {
	if len(ix)%3 != 0 {
		return nil, nil, fmt.Errorf("tiles: meshopt: %d indices: not whole triangles", len(ix))
	}
	tris := len(ix) / 3
	codes := make([]byte, 1, 1+tris)
	codes[0] = meshoptIndexHeader
	var data []byte
	decoded = make([]uint32, 0, len(ix))
	s := &meshoptIndexState{}
	for t := range tris {
		tri := [3]uint32{ix[3*t], ix[3*t+1], ix[3*t+2]}
		var code byte
		if e, rot, ok := s.findEdge(tri); ok {
			tri = rot
			code, data = s.encodeEdgeTriangle(e, tri, data)
		} else {
			tri, code, data = s.encodeFreeTriangle(tri, data)
		}
		codes = append(codes, code)
		decoded = append(decoded, tri[:]...)
	}
	enc = append(append(codes, data...), meshoptAux[:]...)
	return enc, decoded, nil
}

// meshoptRotations are the three rotations of a triangle.
func meshoptRotations(t [3]uint32) [3][3]uint32 {
	return [3][3]uint32{t, {t[1], t[2], t[0]}, {t[2], t[0], t[1]}}
}

// findEdge looks for an edge FIFO entry that starts some rotation of tri.
func (s *meshoptIndexState) findEdge(tri [3]uint32) (int, [3]uint32, bool) {
	for e := 0; e < meshoptEdgeFIFO-1 && e < s.edgeCount; e++ {
		a, b := s.edge(e)
		for _, r := range meshoptRotations(tri) {
			if r[0] == a && r[1] == b {
				return e, r, true
			}
		}
	}
	return 0, tri, false
}

// encodeEdgeTriangle codes a triangle whose first edge is edge FIFO entry e.
func (s *meshoptIndexState) encodeEdgeTriangle(e int, tri [3]uint32, data []byte) (byte, []byte) {
	c := tri[2]
	var low byte
	push := true
	switch f := s.findVertex(c, 1, 12); {
	case c == s.next:
		s.next++
	case f >= 0:
		low, push = byte(f), false
	case c == s.last-1:
		low, s.last = 13, c
	case c == s.last+1:
		low, s.last = 14, c
	default:
		low = 15
		data = s.appendDelta(data, c)
	}
	if push {
		s.pushVertex(c)
	}
	s.pushEdge(c, tri[1])
	s.pushEdge(tri[0], c)
	return byte(e)<<4 | low, data
}

// appendDelta appends v as a zigzag varint delta to last and makes it last.
func (s *meshoptIndexState) appendDelta(data []byte, v uint32) []byte {
	d := int32(v - s.last)
	z := uint32(d<<1) ^ uint32(d>>31)
	for z >= 0x80 {
		data = append(data, byte(z)|0x80)
		z >>= 7
	}
	s.last = v
	return append(data, byte(z))
}

// encodeFreeTriangle codes a triangle that starts on no known edge, in
// the rotation that takes the fewest stream bytes.
func (s *meshoptIndexState) encodeFreeTriangle(tri [3]uint32, data []byte) ([3]uint32, byte, []byte) {
	best, bestCost := tri, -1
	for _, r := range meshoptRotations(tri) {
		trial := *s
		_, extra := trial.encodeFree(r, nil)
		if bestCost < 0 || len(extra) < bestCost {
			best, bestCost = r, len(extra)
		}
	}
	code, data := s.encodeFree(best, data)
	return best, code, data
}

// encodeFree codes triangle t as a 0xFY triangle in its given rotation.
func (s *meshoptIndexState) encodeFree(t [3]uint32, data []byte) (byte, []byte) {
	aNext := t[0] == s.next
	nx := s.next
	if aNext {
		nx++
	}
	z, nx := s.freeNibble(t[1], nx, true)
	// Without a next-first corner, aux byte 0 would reset next: never
	// let both other corners be "next" then.
	w, nx := s.freeNibble(t[2], nx, aNext || z != 0)
	e := z<<4 | w
	var code byte
	if i := meshoptAuxIndex(e); aNext && z != 15 && w != 15 && i >= 0 {
		code = 0xf0 | byte(i)
	} else {
		code = 0xfe
		data = append(data, e)
		if !aNext {
			code = 0xff
			data = s.appendDelta(data, t[0])
		}
		if z == 15 {
			data = s.appendDelta(data, t[1])
		}
		if w == 15 {
			data = s.appendDelta(data, t[2])
		}
	}
	s.next = nx
	s.pushVertex(t[0])
	if z == 0 || z == 15 {
		s.pushVertex(t[1])
	}
	if w == 0 || w == 15 {
		s.pushVertex(t[2])
	}
	s.pushEdge(t[1], t[0])
	s.pushEdge(t[2], t[1])
	s.pushEdge(t[0], t[2])
	return code, data
}

// freeNibble codes corner v of a 0xFY triangle: 0 when it is the next new
// vertex (if allowed), 1–14 for vertex FIFO entries 0–13, else 15
// (explicit). It returns next as it is after this corner.
func (s *meshoptIndexState) freeNibble(v, next uint32, allowNext bool) (byte, uint32) {
	if allowNext && v == next {
		return 0, next + 1
	}
	if f := s.findVertex(v, 0, 13); f >= 0 {
		return byte(f + 1), next
	}
	return 15, next
}

// meshoptAuxIndex is the position of e among the usable aux entries, or -1.
func meshoptAuxIndex(e byte) int {
	for i, v := range meshoptAux[:meshoptAuxTable-2] {
		if v == e {
			return i
		}
	}
	return -1
}
