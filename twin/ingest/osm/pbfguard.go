package osm

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"google.golang.org/protobuf/encoding/protowire"
)

// PBF framing limits, from the OSM PBF specification (and osmpbf's checks).
const (
	maxBlobHeaderBytes = 64 << 10
	maxBlobBytes       = 32 << 20
	// maxRawBytes bounds a decompressed block; the spec says "must be less
	// than 32 MiB", and the canonical re-encoding must fit maxBlobBytes.
	maxRawBytes = maxBlobBytes - 64
)

var (
	errNotPBF       = errors.New("not an OSM PBF file: the first block is not an OSMHeader")
	errUnsupported  = errors.New("unsupported blob compression (only raw and zlib are supported)")
	errBlobMismatch = errors.New("decompressed block size does not match its raw_size")
)

// pbfGuard sits between the file and osmpbf's decoder. osmpbf panics, in its
// own goroutines where no recover can reach, on some malformed blocks
// (negative sizes, string-table indices out of range, plain nodes). The
// guard reads each file block itself, decompresses it with bounded sizes,
// checks it (checkBlock), and hands osmpbf a canonical block with the data
// stored raw, so osmpbf never sees bytes the guard has not checked and never
// decompresses anything. Its errors are sticky.
type pbfGuard struct {
	r       io.Reader
	buf     bytes.Buffer // the canonical block being served
	block   int          // 1-based number of the block read last
	err     error
	header  [4]byte
	scratch []byte // reused for blob and decompressed bytes
	out     []byte
	zr      io.ReadCloser
	zsrc    bytes.Reader
}

func newPBFGuard(r io.Reader) *pbfGuard { return &pbfGuard{r: r} }

// Read implements io.Reader.
func (g *pbfGuard) Read(p []byte) (int, error) {
	for g.buf.Len() == 0 {
		if g.err != nil {
			return 0, g.err
		}
		if err := g.next(); err != nil {
			g.err = err
			if err != io.EOF && g.block > 0 {
				g.err = fmt.Errorf("block %d: %w", g.block, err)
			}
		}
	}
	return g.buf.Read(p)
}

// next reads one file block and queues its canonical form; blocks of
// unknown types are skipped, as the specification asks.
func (g *pbfGuard) next() error {
	if _, err := io.ReadFull(g.r, g.header[:]); err != nil {
		if err == io.EOF && g.block == 0 {
			return errNotPBF
		}
		return err
	}
	g.block++
	size := binary.BigEndian.Uint32(g.header[:])
	if size >= maxBlobHeaderBytes {
		return fmt.Errorf("blob header of %d bytes exceeds %d", size, maxBlobHeaderBytes)
	}
	kind, dataSize, err := readBlobHeader(g.r, int(size))
	if err != nil {
		return err
	}
	if g.block == 1 && kind != "OSMHeader" {
		return errNotPBF
	}
	raw, err := g.readBlob(dataSize)
	if err != nil {
		return err
	}
	switch {
	case kind == "OSMData":
		if err := checkBlock(raw); err != nil {
			return err
		}
	case kind != "OSMHeader" || len(raw) == 0:
		return nil // unknown or empty block: nothing for osmpbf
	}
	writeCanonical(&g.buf, kind, raw)
	return nil
}

// readBlobHeader reads a BlobHeader message and returns its type and data size.
func readBlobHeader(r io.Reader, size int) (kind string, dataSize int, err error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", 0, eofIsUnexpected(err)
	}
	ds := int64(-1)
	err = eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, n uint64) {
		switch {
		case num == 1 && typ == protowire.BytesType:
			kind = string(v)
		case num == 3 && typ == protowire.VarintType:
			ds = int64(int32(n))
		}
	})
	switch {
	case err != nil:
		return "", 0, fmt.Errorf("blob header: %w", err)
	case ds < 0 || ds >= maxBlobBytes:
		return "", 0, fmt.Errorf("blob header: data size %d outside 0..%d", ds, maxBlobBytes)
	}
	return kind, int(ds), nil
}

// readBlob reads a Blob message of size bytes and returns its data,
// decompressed.
func (g *pbfGuard) readBlob(size int) ([]byte, error) {
	b := grow(&g.scratch, size)
	if _, err := io.ReadFull(g.r, b); err != nil {
		return nil, eofIsUnexpected(err)
	}
	var raw, zdata []byte
	rawSize, compressed := int64(-1), false
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, n uint64) {
		switch {
		case num == 1 && typ == protowire.BytesType:
			raw, zdata, compressed = v, nil, false
		case num == 2 && typ == protowire.VarintType:
			rawSize = int64(int32(n))
		case num == 3 && typ == protowire.BytesType:
			raw, zdata, compressed = nil, v, true
		case num >= 4 && num <= 7:
			raw, zdata, compressed = nil, nil, true
		}
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("blob: %w", err)
	case len(raw) > maxRawBytes:
		return nil, fmt.Errorf("blob: %d raw bytes exceed %d", len(raw), maxRawBytes)
	case raw != nil || !compressed:
		return raw, nil
	case zdata == nil:
		return nil, errUnsupported
	}
	return g.inflate(zdata, rawSize)
}

// inflate decompresses zlib data that must come to exactly rawSize bytes.
func (g *pbfGuard) inflate(zdata []byte, rawSize int64) ([]byte, error) {
	if rawSize < 0 || rawSize > maxRawBytes {
		return nil, fmt.Errorf("blob: raw size %d outside 0..%d", rawSize, maxRawBytes)
	}
	g.zsrc.Reset(zdata)
	var err error
	if g.zr == nil {
		g.zr, err = zlib.NewReader(&g.zsrc)
	} else {
		err = g.zr.(zlib.Resetter).Reset(&g.zsrc, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: zlib: %w", err)
	}
	zr := g.zr
	out := grow(&g.out, int(rawSize)+1)
	n, err := io.ReadFull(zr, out)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		if int64(n) != rawSize {
			return nil, errBlobMismatch
		}
	case err != nil:
		return nil, fmt.Errorf("blob: zlib: %w", err)
	default:
		return nil, errBlobMismatch // more than rawSize bytes
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("blob: zlib: %w", err)
	}
	return out[:n], nil
}

// grow returns (*b)[:n], reallocating *b when it is too small.
func grow(b *[]byte, n int) []byte {
	if cap(*b) < n {
		*b = make([]byte, n)
	}
	return (*b)[:n]
}

// writeCanonical appends a file block holding raw, uncompressed data:
// BlobHeader{type, datasize} and Blob{raw, raw_size}.
func writeCanonical(w *bytes.Buffer, kind string, raw []byte) {
	n := uint64(len(raw))
	blobLen := 2 + protowire.SizeBytes(len(raw)) + protowire.SizeVarint(n)
	var head []byte
	head = protowire.AppendTag(head, 1, protowire.BytesType)
	head = protowire.AppendString(head, kind)
	head = protowire.AppendTag(head, 3, protowire.VarintType)
	head = protowire.AppendVarint(head, uint64(blobLen))
	w.Grow(4 + len(head) + blobLen)
	var size [4]byte
	binary.BigEndian.PutUint32(size[:], uint32(len(head)))
	w.Write(size[:])
	w.Write(head)
	w.Write(protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.BytesType), n))
	w.Write(raw)
	w.Write(protowire.AppendVarint(protowire.AppendTag(nil, 2, protowire.VarintType), n))
}

// eachField calls fn for every field of a protobuf message: v holds the
// bytes of length-delimited fields, n the value of varints.
func eachField(b []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, n uint64)) error {
	for len(b) > 0 {
		num, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return protowire.ParseError(l)
		}
		b = b[l:]
		var v []byte
		var n uint64
		switch typ {
		case protowire.BytesType:
			v, l = protowire.ConsumeBytes(b)
		case protowire.VarintType:
			n, l = protowire.ConsumeVarint(b)
		default:
			l = protowire.ConsumeFieldValue(num, typ, b)
		}
		if l < 0 {
			return protowire.ParseError(l)
		}
		b = b[l:]
		fn(num, typ, v, n)
	}
	return nil
}

func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
