package shapefile

import (
	"bytes"
	"encoding/binary"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// collector keeps features and warnings.
type collector struct {
	ingest.Collector
	warnings []error
}

func (c *collector) Warn(err error) { c.warnings = append(c.warnings, err) }

func moduleRoot(t testing.TB) string { return ingesttest.ModuleRoot(t) }

func sharedFile(t testing.TB, rel string) string { return ingesttest.SharedData(t, rel) }

func mapping(t testing.TB, name string) *ingest.Mapping {
	t.Helper()
	m, err := ingest.LoadMapping(filepath.Join(moduleRoot(t), "assets", "mappings", name))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func fileSource(t testing.TB, path string) ingest.Source { return ingesttest.FileSource(t, path) }

// memSource serves files from memory; the source is files[name].
func memSource(name string, files map[string][]byte) ingest.Source {
	open := func(n string) (io.ReadCloser, error) {
		data, ok := files[n]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	return ingest.Source{Name: name, Size: int64(len(files[name])), Open: open}
}

// Shape types used by the builder.
const (
	typeNull     = 0
	typePoint    = 1
	typePolyLine = 3
	typePolygon  = 5
)

// shape is one test record: its type, parts of x, y pairs and attributes
// (in the order of the fields of the set).
type shape struct {
	typ     int
	parts   [][][2]float64
	attrs   []string
	deleted bool
}

// field is a dBase column of the builder.
type field struct {
	name   string
	typ    byte
	length int
}

// build writes a .shp, .shx and .dbf named base+".shp" etc.
func build(base string, fields []field, shapes []shape) map[string][]byte {
	var shp, shx bytes.Buffer
	offset := 100
	for i, s := range shapes {
		content := shapeContent(s)
		shx.Write(be32(offset/2, len(content)/2))
		shp.Write(be32(i+1, len(content)/2))
		shp.Write(content)
		offset += 8 + len(content)
	}
	typ := typePolyLine
	if len(shapes) > 0 {
		typ = shapes[0].typ
	}
	return map[string][]byte{
		base + ".shp": append(fileHeader(typ, 100+shp.Len()), shp.Bytes()...),
		base + ".shx": append(fileHeader(typ, 100+shx.Len()), shx.Bytes()...),
		base + ".dbf": dbf(fields, shapes),
		base + ".prj": []byte(`PROJCS["NAD_1983_UTM_Zone_10N",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-123],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["Meter",1]]`),
	}
}

func be32(a, b int) []byte {
	out := make([]byte, 8)
	binary.BigEndian.PutUint32(out, uint32(a))
	binary.BigEndian.PutUint32(out[4:], uint32(b))
	return out
}

func fileHeader(typ, size int) []byte {
	h := make([]byte, 100)
	binary.BigEndian.PutUint32(h, 9994)
	binary.BigEndian.PutUint32(h[24:], uint32(size/2))
	binary.LittleEndian.PutUint32(h[28:], 1000)
	binary.LittleEndian.PutUint32(h[32:], uint32(typ))
	return h
}

func shapeContent(s shape) []byte {
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	le(int32(s.typ))
	switch s.typ {
	case typePoint:
		le(s.parts[0][0])
	case typePolyLine, typePolygon:
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		var n int32
		for _, p := range s.parts {
			for _, xy := range p {
				minX, minY, maxX, maxY = min(minX, xy[0]), min(minY, xy[1]), max(maxX, xy[0]), max(maxY, xy[1])
				n++
			}
		}
		le([4]float64{minX, minY, maxX, maxY})
		le(int32(len(s.parts)))
		le(n)
		start := int32(0)
		for _, p := range s.parts {
			le(start)
			start += int32(len(p))
		}
		for _, p := range s.parts {
			le(p)
		}
	}
	return b.Bytes()
}

func dbf(fields []field, shapes []shape) []byte {
	var b bytes.Buffer
	recordSize := 1
	for _, f := range fields {
		recordSize += f.length
	}
	hdr := make([]byte, 32)
	hdr[0], hdr[1], hdr[2], hdr[3] = 3, 124, 1, 1
	binary.LittleEndian.PutUint32(hdr[4:], uint32(len(shapes)))
	binary.LittleEndian.PutUint16(hdr[8:], uint16(32+32*len(fields)+1))
	binary.LittleEndian.PutUint16(hdr[10:], uint16(recordSize))
	b.Write(hdr)
	for _, f := range fields {
		d := make([]byte, 32)
		copy(d, f.name)
		d[11], d[16] = f.typ, byte(f.length)
		b.Write(d)
	}
	b.WriteByte(0x0d)
	for _, s := range shapes {
		flag := " "
		if s.deleted {
			flag = "*"
		}
		b.WriteString(flag)
		for i, f := range fields {
			v := ""
			if i < len(s.attrs) {
				v = s.attrs[i]
			}
			b.WriteString((v + strings.Repeat(" ", f.length))[:f.length])
		}
	}
	b.WriteByte(0x1a)
	return b.Bytes()
}

// Test fields and shapes near Nanaimo (UTM 10N).
var (
	pipeFields = []field{{"PIPEID", 'N', 11}, {"DIAMETER", 'N', 11}, {"MATERIAL", 'C', 20}, {"YEAR", 'N', 6}, {"LAID", 'D', 8}}
	line1      = [][][2]float64{{{430727.37, 5447300.69}, {430727.38, 5447301.15}, {430740, 5447320}}}
	square     = [][][2]float64{{{430700, 5447300}, {430700, 5447320}, {430720, 5447320}, {430720, 5447300}, {430700, 5447300}}}
)

func pipe(id string, parts [][][2]float64) shape {
	return shape{typ: typePolyLine, parts: parts, attrs: []string{id, "200", "PVC", "1995", "19950412"}}
}
