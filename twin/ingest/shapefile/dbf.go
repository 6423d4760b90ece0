package shapefile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	gshp "github.com/twpayne/go-shapefile"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/citytwin/citytwin/twin/ingest"
)

const (
	dbfHeaderBytes = 32
	dbfFieldBytes  = 32
)

// dbfField is one column of a .dbf.
type dbfField struct {
	name   string
	typ    byte
	length int
}

// dbfReader streams the records of a dBase III table. go-shapefile parses
// the header; the records are read here because its readers fail on values
// real files hold (blank dates, numbers overflowed to "*****").
type dbfReader struct {
	r       *bufio.Reader
	fields  []dbfField
	records int // in the header
	read    int
	buf     []byte
	decoder *encoding.Decoder // nil: UTF-8 when valid, else ISO 8859-1
}

func newDBFReader(r io.Reader, cpg string) (*dbfReader, error) {
	d := &dbfReader{r: bufio.NewReaderSize(r, 64<<10)}
	hdr := make([]byte, dbfHeaderBytes)
	if _, err := io.ReadFull(d.r, hdr); err != nil {
		return nil, fmt.Errorf("header: %w", errEOF(err))
	}
	h, err := gshp.ParseDBFHeader(hdr, nil)
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if h.HeaderSize < dbfHeaderBytes+1 || h.RecordSize < 1 {
		return nil, fmt.Errorf("header: sizes %d and %d are too small", h.HeaderSize, h.RecordSize)
	}
	d.records, d.buf = h.Records, make([]byte, h.RecordSize)
	if err := d.readFields(h.HeaderSize, h.RecordSize); err != nil {
		return nil, err
	}
	if cpg != "" {
		enc, _ := charset.Lookup(strings.ToLower(cpg))
		if enc == nil {
			return nil, fmt.Errorf(".cpg names an unknown code page %q", cpg)
		}
		d.decoder = enc.NewDecoder()
	}
	return d, nil
}

// readFields reads the field descriptors up to the 0x0d terminator and
// skips to the first record.
func (d *dbfReader) readFields(headerSize, recordSize int) error {
	desc := make([]byte, dbfFieldBytes)
	read, total := dbfHeaderBytes, 1 // the deletion flag
	for {
		if _, err := io.ReadFull(d.r, desc[:1]); err != nil {
			return fmt.Errorf("field descriptors: %w", errEOF(err))
		}
		read++
		if desc[0] == 0x0d {
			break
		}
		if read+dbfFieldBytes > headerSize {
			return fmt.Errorf("field descriptors run past the header size %d", headerSize)
		}
		if _, err := io.ReadFull(d.r, desc[1:]); err != nil {
			return fmt.Errorf("field descriptors: %w", errEOF(err))
		}
		read += dbfFieldBytes - 1
		name, _, _ := bytes.Cut(desc[:11], []byte{0})
		f := dbfField{name: strings.TrimSpace(string(name)), typ: desc[11], length: int(desc[16])}
		if !strings.ContainsRune("CDFLMN", rune(f.typ)) {
			return fmt.Errorf("field %s: type %q is not supported", f.name, f.typ)
		}
		d.fields = append(d.fields, f)
		total += f.length
	}
	if total != recordSize {
		return fmt.Errorf("the fields add up to %d bytes, the header says records have %d", total, recordSize)
	}
	if n := headerSize - read; n > 0 { // padding some writers add
		if _, err := d.r.Discard(n); err != nil {
			return fmt.Errorf("header: %w", errEOF(err))
		}
	}
	return nil
}

// next reads the next record; deleted reports a record marked deleted.
func (d *dbfReader) next() (props ingest.Props, deleted bool, err error) {
	if d.read >= d.records {
		return nil, false, fmt.Errorf("the .dbf has only %d records", d.records)
	}
	if _, err := io.ReadFull(d.r, d.buf); err != nil {
		return nil, false, fmt.Errorf("record %d: %w", d.read+1, errEOF(err))
	}
	d.read++
	switch d.buf[0] {
	case '*':
		return nil, true, nil
	case ' ':
	default:
		return nil, false, fmt.Errorf("record %d: deletion flag %q, want ' ' or '*'", d.read, d.buf[0])
	}
	props = make(ingest.Props, len(d.fields))
	offset := 1
	for _, f := range d.fields {
		v, err := d.value(f, d.buf[offset:offset+f.length])
		if err != nil {
			return nil, false, fmt.Errorf("field %s: %w", f.name, err)
		}
		props[f.name] = v
		offset += f.length
	}
	return props, false, nil
}

// value converts one field: numbers to float64 (blank or '*'-filled: nil),
// text trimmed, dates to "YYYY-MM-DD" (blank: nil), logicals to bool.
func (d *dbfReader) value(f dbfField, raw []byte) (any, error) {
	raw = bytes.TrimSpace(bytes.TrimRight(raw, "\x00"))
	switch f.typ {
	case 'N', 'F':
		if len(raw) == 0 || len(bytes.Trim(raw, "*")) == 0 {
			return nil, nil
		}
		v, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", raw)
		}
		return v, nil
	case 'D':
		if len(raw) == 0 || string(raw) == "00000000" {
			return nil, nil
		}
		if len(raw) == 8 && allDigits(raw) {
			return string(raw[:4]) + "-" + string(raw[4:6]) + "-" + string(raw[6:]), nil
		}
		return d.text(raw)
	case 'L':
		switch raw0 := string(raw); raw0 {
		case "T", "t", "Y", "y":
			return true, nil
		case "F", "f", "N", "n":
			return false, nil
		}
		return nil, nil
	}
	return d.text(raw)
}

func (d *dbfReader) text(raw []byte) (any, error) {
	switch {
	case d.decoder != nil:
		s, err := d.decoder.Bytes(raw)
		return string(s), err
	case utf8.Valid(raw):
		return string(raw), nil
	}
	s, err := charmap.ISO8859_1.NewDecoder().Bytes(raw)
	return string(s), err
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
