package osm

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/citytwin/citytwin/twin/ingest"
)

// encoding is the inner format of an OSM file.
type encoding int

const (
	encUnknown encoding = iota
	encPBF
	encXML
)

func (e encoding) String() string {
	switch e {
	case encPBF:
		return "pbf"
	case encXML:
		return "xml"
	}
	return "unknown"
}

const sniffBytes = 64 << 10 // how far to look for the XML root element

var (
	gzipMagic  = []byte{0x1f, 0x8b}
	bzip2Magic = []byte("BZh")
	utf8BOM    = []byte{0xef, 0xbb, 0xbf}
	errEmpty   = errors.New("empty file")
)

// osmExtensions are the file names this format claims without looking
// inside. A bare ".pbf" is not among them: vector tiles use it too.
var osmExtensions = []string{".osm", ".osm.pbf", ".osm.xml", ".osm.bz2", ".osm.gz",
	".osm.xml.bz2", ".osm.xml.gz"}

// detect reports whether a file looks like OSM data: by name, or by its
// first bytes (a PBF OSMHeader block, an XML <osm> root, or a gzip stream
// holding one of those).
func detect(name string, head []byte) bool {
	lower := strings.ToLower(name)
	for _, ext := range osmExtensions {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	if bytes.HasPrefix(head, gzipMagic) {
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			return false
		}
		head, _ = io.ReadAll(io.LimitReader(zr, sniffBytes))
	}
	enc, _ := sniff(head)
	return enc != encUnknown
}

// sniff tells the encoding of decompressed bytes from their start; for XML
// that is not OSM it says why.
func sniff(head []byte) (encoding, error) {
	if isPBFHeader(head) {
		return encPBF, nil
	}
	root, ok := xmlRoot(head)
	switch {
	case ok && root == "osm":
		return encXML, nil
	case ok:
		return encUnknown, fmt.Errorf("XML root element is <%s>, want <osm>", root)
	}
	return encUnknown, errors.New("neither OSM PBF nor OSM XML")
}

// isPBFHeader reports whether b starts with a PBF file block of type
// OSMHeader: a 4-byte length, then BlobHeader field 1 = "OSMHeader".
func isPBFHeader(b []byte) bool {
	return len(b) >= 15 && b[4] == 0x0a && b[5] == 9 && string(b[6:15]) == "OSMHeader"
}

// isPBFFrame reports whether b starts like a PBF file block of any type: a
// plausible BlobHeader length, then BlobHeader field 1 (the type string).
func isPBFFrame(b []byte) bool {
	return len(b) >= 6 && binary.BigEndian.Uint32(b) < maxBlobHeaderBytes && b[4] == 0x0a
}

// xmlRoot returns the name of the first element of an XML document.
func xmlRoot(b []byte) (string, bool) {
	b = bytes.TrimPrefix(b, utf8BOM)
	if len(bytes.TrimSpace(b)) == 0 || bytes.TrimSpace(b)[0] != '<' {
		return "", false
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return "", false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local, true
		}
	}
}

// input is one opened pass over a file: the decompressed stream and its
// encoding. read counts the bytes read from the file itself.
type input struct {
	r     io.Reader
	enc   encoding
	read  *atomic.Int64
	close func() error
}

// openInput opens src, unwraps gzip or bzip2, and sniffs the encoding.
func openInput(src ingest.Source) (*input, error) {
	f, err := src.Open(src.Name)
	if err != nil {
		return nil, err
	}
	counter := &countingReader{r: f}
	in := &input{read: &counter.n, close: f.Close}
	outer := bufio.NewReaderSize(counter, sniffBytes)
	magic, _ := outer.Peek(4)
	container := ""
	switch {
	case len(magic) == 0:
		return in, errEmpty
	case bytes.HasPrefix(magic, gzipMagic):
		zr, err := gzip.NewReader(outer)
		if err != nil {
			return in, err // gzip's errors say "gzip: ..."
		}
		container, outer = "gzip", bufio.NewReaderSize(zr, sniffBytes)
	case bytes.HasPrefix(magic, bzip2Magic):
		container, outer = "bzip2", bufio.NewReaderSize(bzip2.NewReader(outer), sniffBytes)
	}
	head, err := outer.Peek(sniffBytes)
	if err != nil && err != io.EOF {
		if container != "" {
			err = fmt.Errorf("%s stream: %w", container, err)
		}
		return in, err
	}
	if len(head) == 0 {
		return in, errors.New("empty after decompression")
	}
	in.r = outer
	in.enc, err = sniff(head)
	if in.enc == encUnknown && isPBFFrame(head) {
		in.enc, err = encPBF, nil // let the PBF reader say what is wrong
	}
	return in, err
}

// countingReader counts the bytes read through it; the count is read from
// another goroutine (osmpbf reads on its own).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress calls report with the bytes read from the file, at most every
// progressStep bytes and once at the end.
type progress struct {
	report func(int64)
	last   int64
}

const progressStep = 256 << 10

func (p *progress) update(read int64, final bool) {
	if p.report == nil || (!final && read-p.last < progressStep) {
		return
	}
	p.last = read
	p.report(read)
}
