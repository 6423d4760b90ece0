package tiles

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// Subtree is the JSON part of an implicit-tiling subtree: where the
// availability bitstreams and metadata live.
type Subtree struct {
	Buffers     []SubtreeBuffer     `json:"buffers,omitzero"`
	BufferViews []SubtreeBufferView `json:"bufferViews,omitzero"`
	// PropertyTables holds the tile and content metadata tables, verbatim.
	PropertyTables           []json.RawMessage `json:"propertyTables,omitzero"`
	TileAvailability         Availability      `json:"tileAvailability"`
	ContentAvailability      []Availability    `json:"contentAvailability,omitzero"`
	ChildSubtreeAvailability Availability      `json:"childSubtreeAvailability"`
	TileMetadata             *int              `json:"tileMetadata,omitzero"`
	ContentMetadata          []int             `json:"contentMetadata,omitzero"`
	SubtreeMetadata          *MetadataEntity   `json:"subtreeMetadata,omitzero"`
	Extensions               Extensions        `json:"extensions,omitzero"`
	Extras                   json.RawMessage   `json:"extras,omitzero"`
}

// SubtreeBuffer is a binary blob: the subtree file's binary chunk when URI
// is empty (only buffer 0 may be), else an external file.
type SubtreeBuffer struct {
	Name       string          `json:"name,omitempty"`
	URI        string          `json:"uri,omitempty"`
	ByteLength int64           `json:"byteLength"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// SubtreeBufferView is a byte range of a buffer.
type SubtreeBufferView struct {
	Buffer     int             `json:"buffer"`
	ByteOffset int64           `json:"byteOffset"`
	ByteLength int64           `json:"byteLength"`
	Name       string          `json:"name,omitempty"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// Availability is the JSON form of one availability: a Bitstream buffer
// view index, or a Constant 0 or 1. AvailableCount is the number of 1 bits.
type Availability struct {
	Bitstream      *int            `json:"bitstream,omitzero"`
	AvailableCount *int            `json:"availableCount,omitzero"`
	Constant       *int            `json:"constant,omitzero"`
	Extensions     Extensions      `json:"extensions,omitzero"`
	Extras         json.RawMessage `json:"extras,omitzero"`
}

// SubtreeFile is a decoded subtree: its JSON and the binary chunk that an
// internal buffer (buffer 0 without a URI) refers to.
type SubtreeFile struct {
	Subtree Subtree
	Binary  []byte
}

// subtreeMagic is "subt" read as a little-endian uint32.
const (
	subtreeMagic      = 0x74627573
	subtreeVersion    = 1
	subtreeHeaderSize = 24
)

// ErrNotSubtree reports data that is neither a binary subtree (magic
// "subt") nor a JSON subtree.
var ErrNotSubtree = errors.New("tiles: not a subtree file")

// DecodeSubtree decodes a subtree file: the binary format (24-byte header,
// JSON chunk, binary chunk) or plain subtree JSON. It checks the header,
// the chunk lengths and every buffer, view and bitstream reference.
func DecodeSubtree(data []byte) (*SubtreeFile, error) {
	if len(data) >= 4 && binary.LittleEndian.Uint32(data) == subtreeMagic {
		return decodeSubtreeBinary(data)
	}
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, ErrNotSubtree
	}
	f := &SubtreeFile{}
	if err := decodeSubtreeJSON(data, &f.Subtree); err != nil {
		return nil, err
	}
	return f, f.check()
}

func decodeSubtreeBinary(data []byte) (*SubtreeFile, error) {
	if len(data) < subtreeHeaderSize {
		return nil, fmt.Errorf("tiles: subtree: header needs %d bytes, have %d", subtreeHeaderSize, len(data))
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != subtreeVersion {
		return nil, fmt.Errorf("tiles: subtree: version %d, want %d", v, subtreeVersion)
	}
	jsonLen := binary.LittleEndian.Uint64(data[8:])
	binLen := binary.LittleEndian.Uint64(data[16:])
	rest := uint64(len(data) - subtreeHeaderSize)
	if jsonLen > rest || binLen > rest-jsonLen {
		return nil, fmt.Errorf("tiles: subtree: chunks of %d+%d bytes exceed the %d bytes after the header", jsonLen, binLen, rest)
	}
	if jsonLen+binLen != rest {
		return nil, fmt.Errorf("tiles: subtree: %d bytes after the binary chunk", rest-jsonLen-binLen)
	}
	jsonEnd := subtreeHeaderSize + int(jsonLen)
	f := &SubtreeFile{}
	if err := decodeSubtreeJSON(data[subtreeHeaderSize:jsonEnd], &f.Subtree); err != nil {
		return nil, err
	}
	if binLen > 0 {
		f.Binary = bytes.Clone(data[jsonEnd:])
	}
	return f, f.check()
}

func decodeSubtreeJSON(data []byte, st *Subtree) error {
	data = bytes.TrimRight(data, " \x00")
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(st); err != nil {
		return fmt.Errorf("tiles: subtree json: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("tiles: subtree json: data after the object")
	}
	return nil
}

// EncodeSubtree returns f in the binary subtree format: the JSON chunk
// padded with spaces and the binary chunk padded with zeros, each to a
// multiple of 8 bytes.
func EncodeSubtree(f *SubtreeFile) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	js, err := json.Marshal(&f.Subtree)
	if err != nil {
		return nil, fmt.Errorf("tiles: subtree json: %w", err)
	}
	jsonLen, binLen := pad8(len(js)), pad8(len(f.Binary))
	out := make([]byte, subtreeHeaderSize, subtreeHeaderSize+jsonLen+binLen)
	binary.LittleEndian.PutUint32(out[0:], subtreeMagic)
	binary.LittleEndian.PutUint32(out[4:], subtreeVersion)
	binary.LittleEndian.PutUint64(out[8:], uint64(jsonLen))
	binary.LittleEndian.PutUint64(out[16:], uint64(binLen))
	out = append(out, js...)
	out = append(out, bytes.Repeat([]byte{' '}, jsonLen-len(js))...)
	out = append(out, f.Binary...)
	return append(out, make([]byte, binLen-len(f.Binary))...), nil
}

func pad8(n int) int { return (n + 7) &^ 7 }

// View returns the bytes of buffer view i. Only the internal buffer is at
// hand; a view of an external buffer is an error.
func (f *SubtreeFile) View(i int) ([]byte, error) {
	st := &f.Subtree
	if i < 0 || i >= len(st.BufferViews) {
		return nil, fmt.Errorf("tiles: subtree: buffer view %d of %d", i, len(st.BufferViews))
	}
	v := st.BufferViews[i]
	if v.Buffer < 0 || v.Buffer >= len(st.Buffers) {
		return nil, fmt.Errorf("tiles: subtree: buffer view %d: buffer %d of %d", i, v.Buffer, len(st.Buffers))
	}
	if b := st.Buffers[v.Buffer]; b.URI != "" {
		return nil, fmt.Errorf("tiles: subtree: buffer view %d is in external buffer %q", i, b.URI)
	}
	n := int64(len(f.Binary))
	if v.ByteOffset < 0 || v.ByteLength < 0 || v.ByteOffset > n || v.ByteLength > n-v.ByteOffset {
		return nil, fmt.Errorf("tiles: subtree: buffer view %d: bytes %d+%d outside the binary chunk", i, v.ByteOffset, v.ByteLength)
	}
	return f.Binary[v.ByteOffset : v.ByteOffset+v.ByteLength], nil
}

// check verifies that buffers fit the binary chunk, views fit their
// buffers and availabilities refer to existing views.
func (f *SubtreeFile) check() error {
	st := &f.Subtree
	for i, b := range st.Buffers {
		switch {
		case b.ByteLength < 0:
			return fmt.Errorf("tiles: subtree: buffer %d: negative byteLength", i)
		case b.URI == "" && i > 0:
			return fmt.Errorf("tiles: subtree: buffer %d has no uri; only buffer 0 may be internal", i)
		case b.URI == "" && b.ByteLength > int64(len(f.Binary)):
			return fmt.Errorf("tiles: subtree: buffer 0 needs %d bytes, binary chunk has %d", b.ByteLength, len(f.Binary))
		}
	}
	for i, v := range st.BufferViews {
		if v.Buffer < 0 || v.Buffer >= len(st.Buffers) {
			return fmt.Errorf("tiles: subtree: buffer view %d: buffer %d of %d", i, v.Buffer, len(st.Buffers))
		}
		if v.ByteOffset < 0 || v.ByteLength < 0 || v.ByteOffset > math.MaxInt64-v.ByteLength ||
			v.ByteOffset+v.ByteLength > st.Buffers[v.Buffer].ByteLength {
			return fmt.Errorf("tiles: subtree: buffer view %d: bytes %d+%d outside buffer %d", i, v.ByteOffset, v.ByteLength, v.Buffer)
		}
	}
	if err := st.TileAvailability.check("tile", len(st.BufferViews)); err != nil {
		return err
	}
	for i, a := range st.ContentAvailability {
		if err := a.check(fmt.Sprintf("content %d", i), len(st.BufferViews)); err != nil {
			return err
		}
	}
	return st.ChildSubtreeAvailability.check("child subtree", len(st.BufferViews))
}

func (a Availability) check(what string, views int) error {
	switch {
	case (a.Bitstream == nil) == (a.Constant == nil):
		return fmt.Errorf("tiles: subtree: %s availability needs exactly one of bitstream and constant", what)
	case a.Bitstream != nil && (*a.Bitstream < 0 || *a.Bitstream >= views):
		return fmt.Errorf("tiles: subtree: %s availability: buffer view %d of %d", what, *a.Bitstream, views)
	case a.Constant != nil && *a.Constant != 0 && *a.Constant != 1:
		return fmt.Errorf("tiles: subtree: %s availability: constant %d, want 0 or 1", what, *a.Constant)
	case a.AvailableCount != nil && *a.AvailableCount < 0:
		return fmt.Errorf("tiles: subtree: %s availability: negative availableCount", what)
	}
	return nil
}
