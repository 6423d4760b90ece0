package shapefile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/twpayne/go-geom"
	gshp "github.com/twpayne/go-shapefile"
)

const (
	headerBytes       = 100
	recordHeaderBytes = 8
	progressStep      = 256 << 10
)

// shpReader streams the records of a .shp. It does the framing itself so
// that a file that ends inside a record is an error (go-shapefile's scanner
// takes it for the end of the file) and decodes each record's content with
// go-shapefile.
type shpReader struct {
	r        *bufio.Reader
	size     int64
	pos      int64 // bytes consumed, header included
	progress func(int64)
	last     int64
	buf      []byte
}

// shpRecord is one decoded record.
type shpRecord struct {
	offset, contentLength int64
	geom                  geom.T
}

func newSHPReader(r io.Reader, size int64, progress func(int64)) (*shpReader, error) {
	s := &shpReader{r: bufio.NewReaderSize(r, 64<<10), size: size, progress: progress}
	hdr := make([]byte, headerBytes)
	if _, err := io.ReadFull(s.r, hdr); err != nil {
		return nil, fmt.Errorf("header: %w (%d bytes, want at least %d)", errEOF(err), size, headerBytes)
	}
	s.pos = headerBytes
	if !bytes.HasPrefix(hdr, shpFileCode) {
		return nil, fmt.Errorf("not a .shp file: file code %x, want %x", hdr[:4], shpFileCode)
	}
	if n := 2 * int64(binary.BigEndian.Uint32(hdr[24:28])); n != size {
		return nil, fmt.Errorf("the header gives a length of %d bytes but the file has %d: truncated or corrupt", n, size)
	}
	if v := binary.LittleEndian.Uint32(hdr[28:32]); v != 1000 {
		return nil, fmt.Errorf("version %d, want 1000", v)
	}
	switch t := gshp.ShapeType(binary.LittleEndian.Uint32(hdr[32:36])); t {
	case gshp.ShapeTypeNull, gshp.ShapeTypePoint, gshp.ShapeTypePolyLine, gshp.ShapeTypePolygon,
		gshp.ShapeTypeMultiPoint, gshp.ShapeTypePointZ, gshp.ShapeTypePolyLineZ, gshp.ShapeTypePolygonZ,
		gshp.ShapeTypeMultiPointZ, gshp.ShapeTypePointM, gshp.ShapeTypePolyLineM, gshp.ShapeTypePolygonM,
		gshp.ShapeTypeMultiPointM:
	default:
		return nil, fmt.Errorf("shape type %d is not supported (MultiPatch or unknown)", t)
	}
	return s, nil
}

// next returns the next record, or io.EOF after the last.
func (s *shpReader) next() (*shpRecord, error) {
	if s.pos == s.size {
		return nil, io.EOF
	}
	offset := s.pos
	if s.size-s.pos < recordHeaderBytes {
		return nil, fmt.Errorf("the file ends inside a record header at byte %d", s.pos)
	}
	s.buf = growTo(s.buf, recordHeaderBytes)
	if _, err := io.ReadFull(s.r, s.buf); err != nil {
		return nil, fmt.Errorf("record header at byte %d: %w", s.pos, errEOF(err))
	}
	n := 2 * int64(binary.BigEndian.Uint32(s.buf[4:8]))
	if n < 4 || n > s.size-s.pos-recordHeaderBytes {
		return nil, fmt.Errorf("record at byte %d: content length %d does not fit the file", s.pos, n)
	}
	s.buf = growTo(s.buf, int(recordHeaderBytes+n))
	if _, err := io.ReadFull(s.r, s.buf[recordHeaderBytes:]); err != nil {
		return nil, fmt.Errorf("record at byte %d: %w", s.pos, errEOF(err))
	}
	s.pos += recordHeaderBytes + n
	s.report()
	g, err := decodeRecord(s.buf)
	if err != nil {
		return nil, fmt.Errorf("record at byte %d: %w", offset, err)
	}
	return &shpRecord{offset: offset, contentLength: n, geom: g}, nil
}

// decodeRecord decodes one record with go-shapefile. A panic in the
// third-party decoder on hostile bytes becomes an error.
func decodeRecord(b []byte) (g geom.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("corrupt record (%v)", r)
		}
	}()
	rec, err := gshp.ReadSHPRecord(bytes.NewReader(b), nil)
	if err != nil {
		return nil, err
	}
	return rec.Geom, nil
}

func (s *shpReader) report() {
	if s.progress != nil && s.pos-s.last >= progressStep {
		s.last = s.pos
		s.progress(s.pos)
	}
}

// finish sends the last progress report.
func (s *shpReader) finish() {
	if s.progress != nil && s.pos != s.last {
		s.last = s.pos
		s.progress(s.pos)
	}
}

// growTo returns b resized to n bytes, keeping its content.
func growTo(b []byte, n int) []byte {
	if cap(b) < n {
		nb := make([]byte, n)
		copy(nb, b)
		return nb
	}
	return b[:n]
}

// errEOF names an end of file met too early.
func errEOF(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("truncated file: %w", io.ErrUnexpectedEOF)
	}
	return err
}
