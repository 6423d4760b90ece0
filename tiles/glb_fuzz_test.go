package tiles

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"
)

// FuzzDecodeGLB: DecodeGLB never panics, and what it accepts re-encodes
// without panicking either.
func FuzzDecodeGLB(f *testing.F) {
	for _, tc := range glbTestCases() {
		if tc.name == "large" {
			continue // seeds stay small so the fuzzer mutates quickly
		}
		f.Add(encodeTestGLB(f, tc.meshes, tc.table, tc.schema, tc.opts))
		if tc.opts.Quantize {
			opts := tc.opts
			opts.Meshopt = true
			f.Add(encodeTestGLB(f, tc.meshes, tc.table, tc.schema, opts))
		}
	}
	f.Add([]byte{})
	f.Add([]byte("glTF\x02\x00\x00\x00\x14\x00\x00\x00\x02\x00\x00\x00JSON{}"))
	f.Add([]byte("glTF\x02\x00\x00\x00\x40\x00\x00\x00\x20\x00\x00\x00JSON{\"asset\":{\"version\":\"2.0\"},\"buffers\":[null]}"))
	f.Fuzz(glbFuzzDecode)
}

// FuzzDecodeGLBChunks fuzzes the JSON and BIN chunks inside a well-formed
// GLB container, so mutations reach the glTF and extension objects
// instead of breaking the chunk lengths.
func FuzzDecodeGLBChunks(f *testing.F) {
	for _, tc := range glbTestCases() {
		if tc.name == "large" {
			continue
		}
		data := encodeTestGLB(f, tc.meshes, tc.table, tc.schema, tc.opts)
		jsonLen := binary.LittleEndian.Uint32(data[12:])
		f.Add(data[20:20+jsonLen], data[20+jsonLen+8:])
		if tc.opts.Quantize {
			opts := tc.opts
			opts.Meshopt = true
			data = encodeTestGLB(f, tc.meshes, tc.table, tc.schema, opts)
			jsonLen = binary.LittleEndian.Uint32(data[12:])
			f.Add(data[20:20+jsonLen], data[20+jsonLen+8:])
		}
	}
	f.Add([]byte(`{"asset":{"version":"2.0"},"buffers":[null]}`), []byte{})
	f.Add([]byte(`{"asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"children":[0]}]}`), []byte{})
	f.Fuzz(func(t *testing.T, jsonChunk, binChunk []byte) {
		glbFuzzDecode(t, glbContainer(jsonChunk, binChunk))
	})
}

// glbContainer wraps chunks in a GLB header with consistent lengths.
func glbContainer(jsonChunk, binChunk []byte) []byte {
	pad := func(b []byte, c byte) []byte {
		for len(b)%4 != 0 {
			b = append(b, c)
		}
		return b
	}
	jsonChunk = pad(append([]byte(nil), jsonChunk...), ' ')
	binChunk = pad(append([]byte(nil), binChunk...), 0)
	total := 12 + 8 + len(jsonChunk) + 8 + len(binChunk)
	out := binary.LittleEndian.AppendUint32([]byte("glTF"), 2)
	out = binary.LittleEndian.AppendUint32(out, uint32(total))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(jsonChunk)))
	out = append(append(out, "JSON"...), jsonChunk...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(binChunk)))
	return append(append(out, "BIN\x00"...), binChunk...)
}

// glbFuzzDecode decodes data and, if that works, uses and re-encodes the result.
func glbFuzzDecode(t *testing.T, data []byte) {
	dec, err := DecodeGLB(bytes.NewReader(data))
	if err != nil {
		return
	}
	for _, m := range dec.Meshes {
		if len(m.FeatureIDs) != 0 && len(m.FeatureIDs) != len(m.Positions) {
			t.Fatalf("%d feature ids for %d positions", len(m.FeatureIDs), len(m.Positions))
		}
	}
	for i := range dec.Tables {
		for name := range dec.Tables[i].Properties {
			dec.Tables[i].Value(dec.Schema, name, 0)
		}
	}
	if len(dec.Meshes) > 0 {
		_ = EncodeGLB(io.Discard, dec.Meshes, dec.Table(), dec.Schema, GLBOptions{Quantize: len(data)%2 == 0})
	}
}
