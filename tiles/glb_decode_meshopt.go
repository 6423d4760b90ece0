package tiles

// EXT_meshopt_compression in DecodeGLB.
//
// qmuntal/gltf refuses the fallback buffer of a compressed GLB (a buffer
// with neither uri nor data), so before it sees the file every compressed
// buffer view is decoded and appended to the binary chunk, the views are
// pointed at the decoded bytes, the fallback buffers are dropped and the
// extension is removed from extensionsUsed and extensionsRequired. The JSON
// is rewritten at the raw level: everything else is kept byte for byte.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// glbChunks splits a GLB into its JSON and (possibly empty) BIN chunks.
func glbChunks(data []byte) (jsonChunk, bin []byte, err error) {
	if len(data) < 20 || string(data[16:20]) != "JSON" {
		return nil, nil, ErrNotGLB
	}
	total := min(uint64(binary.LittleEndian.Uint32(data[8:])), uint64(len(data)))
	jsonEnd := 20 + uint64(binary.LittleEndian.Uint32(data[12:]))
	if jsonEnd > total {
		return nil, nil, fmt.Errorf("tiles: glb: JSON chunk overruns the file")
	}
	jsonChunk = data[20:jsonEnd]
	if jsonEnd+8 > total || string(data[jsonEnd+4:jsonEnd+8]) != "BIN\x00" {
		return jsonChunk, nil, nil
	}
	binEnd := jsonEnd + 8 + uint64(binary.LittleEndian.Uint32(data[jsonEnd:]))
	if binEnd > total {
		return nil, nil, fmt.Errorf("tiles: glb: BIN chunk overruns the file")
	}
	return jsonChunk, data[jsonEnd+8 : binEnd], nil
}

// glbAssemble builds a GLB from a JSON and a BIN chunk, padding both.
func glbAssemble(jsonChunk, bin []byte) []byte {
	jsonLen, binLen := (len(jsonChunk)+3)&^3, (len(bin)+3)&^3
	out := make([]byte, 0, 28+jsonLen+binLen)
	out = append(out, "glTF"...)
	out = binary.LittleEndian.AppendUint32(out, 2)
	out = binary.LittleEndian.AppendUint32(out, uint32(28+jsonLen+binLen))
	out = binary.LittleEndian.AppendUint32(out, uint32(jsonLen))
	out = append(out, "JSON"...)
	out = append(out, jsonChunk...)
	out = append(out, bytes.Repeat([]byte{' '}, jsonLen-len(jsonChunk))...)
	out = binary.LittleEndian.AppendUint32(out, uint32(binLen))
	out = append(out, "BIN\x00"...)
	out = append(out, bin...)
	return append(out, make([]byte, binLen-len(bin))...)
}

// meshoptGLBDoc is the part of a glTF document the expansion rewrites;
// Rest keeps every member as raw JSON.
type meshoptGLBDoc struct {
	Rest    map[string]json.RawMessage
	Views   []map[string]json.RawMessage
	Buffers []map[string]json.RawMessage
	Used    []string
	Req     []string
}

// meshoptExpandGLB returns data unchanged when it does not use
// EXT_meshopt_compression, else an equivalent GLB without it.
func meshoptExpandGLB(data []byte) ([]byte, error) {
	jsonChunk, bin, err := glbChunks(data)
	if err != nil || !bytes.Contains(jsonChunk, []byte(ExtMeshoptCompression)) {
		return data, nil // qmuntal reports format errors as it does today
	}
	doc, err := meshoptParseDoc(jsonChunk)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(doc.Used, ExtMeshoptCompression) {
		return data, nil
	}
	newBin, err := doc.expand(bin)
	if err != nil {
		return nil, fmt.Errorf("tiles: glb: %s: %w", ExtMeshoptCompression, err)
	}
	out, err := doc.marshal()
	if err != nil {
		return nil, err
	}
	return glbAssemble(out, newBin), nil
}

func meshoptParseDoc(jsonChunk []byte) (*meshoptGLBDoc, error) {
	doc := &meshoptGLBDoc{}
	if err := json.Unmarshal(jsonChunk, &doc.Rest); err != nil {
		return nil, fmt.Errorf("tiles: glb: JSON: %w", err)
	}
	for key, dst := range map[string]any{
		"bufferViews": &doc.Views, "buffers": &doc.Buffers,
		"extensionsUsed": &doc.Used, "extensionsRequired": &doc.Req,
	} {
		if raw, ok := doc.Rest[key]; ok {
			if err := json.Unmarshal(raw, dst); err != nil {
				return nil, fmt.Errorf("tiles: glb: JSON %s: %w", key, err)
			}
		}
	}
	return doc, nil
}

// marshal writes the rewritten document.
func (d *meshoptGLBDoc) marshal() ([]byte, error) {
	notExt := func(s string) bool { return s == ExtMeshoptCompression }
	set := func(key string, v any, keep bool) error {
		if !keep {
			delete(d.Rest, key)
			return nil
		}
		raw, err := json.Marshal(v)
		d.Rest[key] = raw
		return err
	}
	d.Used, d.Req = slices.DeleteFunc(d.Used, notExt), slices.DeleteFunc(d.Req, notExt)
	err := errors.Join(set("bufferViews", d.Views, d.Views != nil), set("buffers", d.Buffers, d.Buffers != nil),
		set("extensionsUsed", d.Used, len(d.Used) > 0), set("extensionsRequired", d.Req, len(d.Req) > 0))
	if err != nil {
		return nil, fmt.Errorf("tiles: glb: JSON: %w", err)
	}
	out, err := json.Marshal(d.Rest)
	if err != nil {
		return nil, fmt.Errorf("tiles: glb: JSON: %w", err)
	}
	return out, nil
}

// meshoptViewSource is the EXT_meshopt_compression object of a buffer
// view as read back; Filter is empty or NONE for what EncodeGLB writes.
type meshoptViewSource struct {
	meshoptViewExt
	Filter string `json:"filter"`
}

// expand decodes every compressed view into a copy of buffer 0's bytes
// and rewrites the views and buffers; it returns the new binary chunk.
func (d *meshoptGLBDoc) expand(bin []byte) ([]byte, error) {
	remap, err := d.keptBuffers(len(bin))
	if err != nil {
		return nil, err
	}
	src := bin[:meshoptInt(d.Buffers[0]["byteLength"])]
	out := slices.Clip(src)
	for i, v := range d.Views {
		if v == nil {
			return nil, fmt.Errorf("buffer view %d is null", i)
		}
		var exts map[string]json.RawMessage
		if raw, ok := v["extensions"]; ok {
			if err := json.Unmarshal(raw, &exts); err != nil {
				return nil, fmt.Errorf("buffer view %d: extensions: %w", i, err)
			}
		}
		raw, compressed := exts[ExtMeshoptCompression]
		if !compressed {
			b := meshoptInt(v["buffer"])
			if b < 0 || b >= len(remap) || remap[b] < 0 {
				return nil, fmt.Errorf("buffer view %d: uncompressed view in fallback or missing buffer %d", i, b)
			}
			v["buffer"] = meshoptRaw(remap[b])
			continue
		}
		if out, err = meshoptExpandView(out, src, v, raw); err != nil {
			return nil, fmt.Errorf("buffer view %d: %w", i, err)
		}
		delete(exts, ExtMeshoptCompression)
		v["extensions"], _ = json.Marshal(exts) // a map of raw messages always marshals
		if len(exts) == 0 {
			delete(v, "extensions")
		}
	}
	d.Buffers[0]["byteLength"] = meshoptRaw(len(out))
	d.Buffers = slices.DeleteFunc(d.Buffers, func(b map[string]json.RawMessage) bool { return b == nil })
	return out, nil
}

// keptBuffers maps old buffer indices to new ones, -1 for the fallback
// buffers, which are set to nil in d.Buffers. Buffer 0 must be the GLB's
// binary chunk.
func (d *meshoptGLBDoc) keptBuffers(binLen int) ([]int, error) {
	if len(d.Buffers) == 0 || d.Buffers[0] == nil {
		return nil, errors.New("no binary chunk buffer")
	}
	if _, ok := d.Buffers[0]["uri"]; ok {
		return nil, errors.New("buffer 0 has a uri; compressed data must be in the binary chunk")
	}
	if n := meshoptInt(d.Buffers[0]["byteLength"]); n < 0 || n > binLen {
		return nil, fmt.Errorf("buffer 0: byteLength %d for a %d byte binary chunk", n, binLen)
	}
	remap := make([]int, len(d.Buffers))
	next := 0
	for i, b := range d.Buffers {
		if b == nil {
			return nil, fmt.Errorf("buffer %d is null", i)
		}
		var ext struct {
			Extensions map[string]struct{ Fallback bool } `json:"extensions"`
		}
		raw, _ := json.Marshal(b)
		if err := json.Unmarshal(raw, &ext); err != nil {
			return nil, fmt.Errorf("buffer %d: %w", i, err)
		}
		if i > 0 && ext.Extensions[ExtMeshoptCompression].Fallback {
			remap[i], d.Buffers[i] = -1, nil
			continue
		}
		remap[i] = next
		next++
	}
	return remap, nil
}

// meshoptExpandView decodes the compressed data of view v from src,
// appends it to out and points v at it.
func meshoptExpandView(out, src []byte, v map[string]json.RawMessage, raw json.RawMessage) ([]byte, error) {
	var ext meshoptViewSource
	if err := json.Unmarshal(raw, &ext); err != nil {
		return nil, err
	}
	switch {
	case ext.Buffer != 0:
		return nil, fmt.Errorf("compressed data in buffer %d, only the binary chunk is supported", ext.Buffer)
	case ext.ByteOffset < 0 || ext.ByteLength < 0 || ext.ByteOffset > len(src)-ext.ByteLength:
		return nil, fmt.Errorf("compressed range %d+%d outside the %d byte binary chunk", ext.ByteOffset, ext.ByteLength, len(src))
	case ext.Filter != "" && ext.Filter != "NONE":
		return nil, fmt.Errorf("filter %q unsupported", ext.Filter)
	case ext.Count < 0 || ext.ByteStride <= 0 || ext.Count > meshoptInt(v["byteLength"])/ext.ByteStride ||
		ext.Count*ext.ByteStride != meshoptInt(v["byteLength"]):
		return nil, fmt.Errorf("%d elements of %d bytes for a %d byte view", ext.Count, ext.ByteStride, meshoptInt(v["byteLength"]))
	}
	data, err := meshoptDecodeView(src[ext.ByteOffset:ext.ByteOffset+ext.ByteLength], ext.Mode, ext.Count, ext.ByteStride)
	if err != nil {
		return nil, err
	}
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	v["buffer"], v["byteOffset"] = meshoptRaw(0), meshoptRaw(len(out))
	return append(out, data...), nil
}

// meshoptDecodeView decodes one compressed buffer view.
func meshoptDecodeView(src []byte, mode string, count, stride int) ([]byte, error) {
	switch mode {
	case "ATTRIBUTES":
		return meshoptDecodeVertices(src, count, stride)
	case "TRIANGLES":
		if stride != 2 && stride != 4 {
			return nil, fmt.Errorf("%w: index size %d", errMeshoptCorrupt, stride)
		}
		ix, err := meshoptDecodeTriangles(src, count)
		if err != nil {
			return nil, err
		}
		return meshoptIndexBytes(ix, stride), nil
	}
	return nil, fmt.Errorf("mode %q unsupported", mode)
}

// meshoptInt reads a JSON integer; anything else is -1.
func meshoptInt(raw json.RawMessage) int {
	var n int
	if raw == nil || json.Unmarshal(raw, &n) != nil {
		return -1
	}
	return n
}

func meshoptRaw(n int) json.RawMessage { return json.RawMessage(fmt.Sprint(n)) }
