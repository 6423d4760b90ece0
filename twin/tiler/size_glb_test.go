package tiler

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/citytwin/citytwin/tiles"
)

// glbJSON is the part of a GLB's JSON chunk that measureGLB reads.
type glbJSON struct {
	ExtensionsUsed []string `json:"extensionsUsed"`
	Accessors      []struct {
		BufferView    *int  `json:"bufferView"`
		Count         int64 `json:"count"`
		ComponentType int   `json:"componentType"`
	} `json:"accessors"`
	BufferViews []struct {
		glbSpan
		// Extensions has where the compressed bytes of a
		// meshopt-compressed view are.
		Extensions map[string]glbSpan `json:"extensions"`
	} `json:"bufferViews"`
	Meshes []struct {
		Primitives []glbPrimitive `json:"primitives"`
	} `json:"meshes"`
}

type glbSpan struct {
	Buffer     int   `json:"buffer"`
	ByteOffset int64 `json:"byteOffset"`
	ByteLength int64 `json:"byteLength"`
}

type glbPrimitive struct {
	Attributes map[string]int `json:"attributes"`
	Indices    *int           `json:"indices"`
	Mode       *int           `json:"mode"`
}

// measureGLB measures a GLB: its size, gzipped size, geometry (the views
// the primitives' accessors use, once each, compressed when meshopt
// compressed) and triangles.
func measureGLB(data []byte) (glbSize, *glbJSON, error) {
	doc, bin, err := splitGLB(data)
	if err != nil {
		return glbSize{}, nil, err
	}
	s := glbSize{Files: 1, FileBytes: int64(len(data)), FileGz: gzipLen(data)}
	views := map[int]bool{}
	for _, m := range doc.Meshes {
		for _, p := range m.Primitives {
			tris, err := doc.usePrimitive(p, views)
			if err != nil {
				return glbSize{}, nil, err
			}
			s.Triangles += tris
		}
	}
	geom, err := doc.viewBytes(views, bin)
	s.GeomBytes, s.GeomGz = int64(len(geom)), gzipLen(geom)
	return s, doc, err
}

// splitGLB returns the JSON document and the BIN chunk of a GLB.
func splitGLB(data []byte) (*glbJSON, []byte, error) {
	if len(data) < 20 || string(data[:4]) != "glTF" || string(data[16:20]) != "JSON" {
		return nil, nil, tiles.ErrNotGLB
	}
	n := int64(binary.LittleEndian.Uint32(data[12:]))
	if n > int64(len(data)-20) {
		return nil, nil, tiles.ErrNotGLB
	}
	doc := new(glbJSON)
	if err := json.Unmarshal(data[20:20+n], doc); err != nil {
		return nil, nil, err
	}
	var bin []byte
	if rest := data[20+n:]; len(rest) >= 8 && string(rest[4:8]) == "BIN\x00" {
		m := int64(binary.LittleEndian.Uint32(rest))
		if m > int64(len(rest)-8) {
			return nil, nil, tiles.ErrNotGLB
		}
		bin = rest[8 : 8+m]
	}
	return doc, bin, nil
}

// usePrimitive marks the views of p's accessors in views and returns
// its triangles (0 unless it is a triangle list).
func (doc *glbJSON) usePrimitive(p glbPrimitive, views map[int]bool) (int64, error) {
	use := func(acc int) (int64, error) {
		if acc < 0 || acc >= len(doc.Accessors) {
			return 0, fmt.Errorf("accessor %d out of range", acc)
		}
		if v := doc.Accessors[acc].BufferView; v != nil {
			views[*v] = true
		}
		return doc.Accessors[acc].Count, nil
	}
	var count int64
	for name, acc := range p.Attributes {
		n, err := use(acc)
		if err != nil {
			return 0, err
		}
		if name == "POSITION" {
			count = n
		}
	}
	if p.Indices != nil {
		n, err := use(*p.Indices)
		if err != nil {
			return 0, err
		}
		count = n
	}
	if p.Mode != nil && *p.Mode != 4 {
		return 0, nil
	}
	return count / 3, nil
}

// viewBytes concatenates the stored bytes of views, in order: the
// compressed bytes when a view is meshopt-compressed.
func (doc *glbJSON) viewBytes(views map[int]bool, bin []byte) ([]byte, error) {
	var out []byte
	for _, v := range slices.Sorted(maps.Keys(views)) {
		if v < 0 || v >= len(doc.BufferViews) {
			return nil, fmt.Errorf("buffer view %d out of range", v)
		}
		bv := doc.BufferViews[v]
		span := bv.glbSpan
		for name, ext := range bv.Extensions {
			if strings.HasSuffix(name, "_meshopt_compression") {
				span = ext
			}
		}
		end := span.ByteOffset + span.ByteLength
		if span.Buffer != 0 || span.ByteOffset < 0 || end < span.ByteOffset || end > int64(len(bin)) {
			return nil, fmt.Errorf("buffer view %d not in the BIN chunk", v)
		}
		out = append(out, bin[span.ByteOffset:end]...)
	}
	return out, nil
}

// kept describes the extensions of a document and the component type of
// its first _FEATURE_ID_0 attribute.
func (doc *glbJSON) kept() string {
	fid := "no _FEATURE_ID_0"
	for _, m := range doc.Meshes {
		for _, p := range m.Primitives {
			if acc, ok := p.Attributes["_FEATURE_ID_0"]; ok && acc >= 0 && acc < len(doc.Accessors) {
				fid = fmt.Sprintf("_FEATURE_ID_0 componentType %d", doc.Accessors[acc].ComponentType)
			}
		}
	}
	return fmt.Sprintf("%s, extensionsUsed %v", fid, doc.ExtensionsUsed)
}

// gzipLen is the length of data gzipped at the default level, as a CDN
// would serve it.
func gzipLen(data []byte) int64 {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return int64(buf.Len())
}
