package tiles

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/qmuntal/gltf"
)

// meshoptStream is one buffer view of a real quantized GLB.
type meshoptStream struct {
	name          string
	mode          string // ATTRIBUTES or TRIANGLES
	data          []byte
	ix            []uint32 // TRIANGLES: the indices
	count, stride int
}

// meshoptGLBStreams returns the vertex attribute and index streams of a
// quantized (not meshopt-compressed) GLB of extruded buildings and pipes.
func meshoptGLBStreams(tb testing.TB) []meshoptStream {
	tb.Helper()
	meshes := []Mesh{meshoptExtrudedCity(tb, 150, 5), glbSphere([3]float64{5, 5, 5}, 20, 3)}
	doc, err := BuildGLTF(meshes, nil, nil, GLBOptions{Quantize: true})
	if err != nil {
		tb.Fatal(err)
	}
	var out []meshoptStream
	for _, m := range doc.Meshes {
		p := m.Primitives[0]
		for name, acc := range p.Attributes {
			out = append(out, meshoptAttributeStream(tb, doc, m.Name+"-"+name, acc))
		}
		ix, err := glbUints(doc, *p.Indices, 1<<32)
		if err != nil {
			tb.Fatal(err)
		}
		size := doc.Accessors[*p.Indices].ComponentType.ByteSize()
		out = append(out, meshoptStream{name: m.Name + "-indices", mode: "TRIANGLES", ix: ix, count: len(ix), stride: size})
	}
	return out
}

func meshoptAttributeStream(tb testing.TB, doc *gltf.Document, name string, acc int) meshoptStream {
	a := doc.Accessors[acc]
	data, err := glbViewBytes(doc, *a.BufferView)
	if err != nil {
		tb.Fatal(err)
	}
	stride := doc.BufferViews[*a.BufferView].ByteStride
	if stride == 0 {
		stride = a.Type.Components() * a.ComponentType.ByteSize()
	}
	return meshoptStream{name: name, mode: "ATTRIBUTES", data: data, count: a.Count, stride: stride}
}

// meshoptGLBCases are quantized GLB test cases, encoded with and without
// meshopt compression.
func meshoptGLBCases(tb testing.TB) []glbTestCase {
	var out []glbTestCase
	for _, tc := range glbTestCases() {
		if tc.opts.Quantize {
			out = append(out, tc)
		}
	}
	city := meshoptExtrudedCity(tb, 300, 8)
	return append(out,
		glbTestCase{name: "extruded", meshes: []Mesh{city}, table: glbTestTable(300), schema: glbTestSchema(), opts: GLBOptions{Quantize: true}},
		glbTestCase{name: "extruded_pipes", meshes: []Mesh{city, glbPipes(0)}, opts: GLBOptions{Quantize: true, DoubleSided: true}},
	)
}

// TestMeshoptGLB encodes GLBs with and without meshopt compression and
// checks that DecodeGLB reads the same triangles (up to rotation),
// attributes and tables from both.
func TestMeshoptGLB(t *testing.T) {
	for _, tc := range meshoptGLBCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			plain := encodeTestGLB(t, tc.meshes, tc.table, tc.schema, tc.opts)
			opts := tc.opts
			opts.Meshopt = true
			packed := encodeTestGLB(t, tc.meshes, tc.table, tc.schema, opts)
			want, err := DecodeGLB(bytes.NewReader(plain))
			if err != nil {
				t.Fatal(err)
			}
			doc := meshoptParseGLB(t, packed)
			meshoptCheckDocExtensions(t, doc)
			got, err := DecodeGLB(bytes.NewReader(packed))
			if err != nil {
				t.Fatalf("DecodeGLB of the meshopt file: %v", err)
			}
			if slices.Contains(got.Doc.ExtensionsUsed, ExtMeshoptCompression) || len(got.Doc.Buffers) != 1 {
				t.Errorf("decoded document still uses %s: %v, %d buffers", ExtMeshoptCompression, got.Doc.ExtensionsUsed, len(got.Doc.Buffers))
			}
			if len(got.Meshes) != len(want.Meshes) {
				t.Fatalf("%d meshes, want %d", len(got.Meshes), len(want.Meshes))
			}
			for i := range want.Meshes {
				meshoptCompareMeshes(t, &want.Meshes[i], &got.Meshes[i])
			}
			glbCompareTable(t, want.Table(), got.Table())
			t.Logf("%d → %d bytes", len(plain), len(packed))
		})
	}
}

func TestMeshoptGLBNeedsQuantize(t *testing.T) {
	_, err := BuildGLTF([]Mesh{glbBox([3]float64{}, [3]float64{1, 1, 1}, 0)}, nil, nil, GLBOptions{Meshopt: true})
	if !errors.Is(err, ErrMeshoptNeedsQuantize) {
		t.Fatalf("err = %v, want ErrMeshoptNeedsQuantize", err)
	}
}

// meshoptCheckDocExtensions checks the extension declarations and buffers.
func meshoptCheckDocExtensions(t *testing.T, doc *gltf.Document) {
	t.Helper()
	if !slices.Contains(doc.ExtensionsUsed, ExtMeshoptCompression) || !slices.Contains(doc.ExtensionsRequired, ExtMeshoptCompression) {
		t.Errorf("extensionsUsed %v, extensionsRequired %v: want %s in both", doc.ExtensionsUsed, doc.ExtensionsRequired, ExtMeshoptCompression)
	}
	if len(doc.Buffers) != 2 || doc.Buffers[1].URI != "" {
		t.Fatalf("%d buffers, want the binary chunk and a fallback without uri", len(doc.Buffers))
	}
	var fb meshoptBufferExt
	if ok, err := glbExtension(doc.Buffers[1].Extensions, ExtMeshoptCompression, &fb); !ok || err != nil || !fb.Fallback {
		t.Errorf("fallback buffer extension: found %v, %v, %+v", ok, err, fb)
	}
}

// meshoptCompareMeshes checks that got draws the triangles of want in the
// same order, each possibly rotated, with identical corner attributes.
func meshoptCompareMeshes(t *testing.T, want, got *Mesh) {
	t.Helper()
	wc, gc := glbCorners(want), glbCorners(got)
	if len(wc) != len(gc) || got.Mode != want.Mode || got.Color != want.Color {
		t.Fatalf("mesh %q: %d corners, mode %v; want %d, %v", want.Name, len(gc), got.Mode, len(wc), want.Mode)
	}
	per := 3
	if want.Mode == Lines {
		per = 2
	}
	for i := 0; i < len(wc); i += per {
		if !meshoptSameTriangle(want, got, wc[i:i+per], gc[i:i+per]) {
			t.Fatalf("mesh %q primitive %d: corners %v, want %v", want.Name, i/per, gc[i:i+per], wc[i:i+per])
		}
	}
}

// meshoptSameTriangle reports whether corners g of got are a rotation of
// corners w of want, comparing stored attributes exactly.
func meshoptSameTriangle(want, got *Mesh, w, g []uint32) bool {
	corner := func(m *Mesh, v uint32) string {
		s := fmt.Sprint(m.Positions[v])
		if len(m.Normals) > 0 {
			s += fmt.Sprint(m.Normals[v])
		}
		if len(m.FeatureIDs) > 0 {
			s += fmt.Sprint(m.FeatureIDs[v])
		}
		return s
	}
	for r := range len(w) {
		same := true
		for k := range w {
			same = same && corner(want, w[k]) == corner(got, g[(k+r)%len(g)])
		}
		if same {
			return true
		}
	}
	return false
}

// meshoptParseGLB reads a GLB's JSON and binary chunks. qmuntal/gltf's
// decoder refuses a second buffer without uri (the meshopt fallback), so
// the JSON is unmarshalled directly and buffer 0 gets the binary chunk.
func meshoptParseGLB(t *testing.T, data []byte) *gltf.Document {
	t.Helper()
	if len(data) < 20 || string(data[:4]) != "glTF" {
		t.Fatal("not a GLB")
	}
	jsonLen := int(binary.LittleEndian.Uint32(data[12:]))
	jsonEnd := 20 + jsonLen
	doc := new(gltf.Document)
	if err := json.Unmarshal(data[20:jsonEnd], doc); err != nil {
		t.Fatalf("GLB JSON: %v", err)
	}
	if len(data) < jsonEnd+8 || string(data[jsonEnd+4:jsonEnd+8]) != "BIN\x00" {
		t.Fatal("GLB without a binary chunk")
	}
	binLen := int(binary.LittleEndian.Uint32(data[jsonEnd:]))
	doc.Buffers[0].Data = data[jsonEnd+8 : jsonEnd+8+binLen]
	return doc
}
