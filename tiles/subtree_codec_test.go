package tiles

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// subtreeBytes builds a binary subtree from raw JSON and binary chunks,
// with the lengths given in the header (unpadded).
func subtreeBytes(js string, bin []byte) []byte {
	h := make([]byte, 24)
	binary.LittleEndian.PutUint32(h, subtreeMagic)
	binary.LittleEndian.PutUint32(h[4:], 1)
	binary.LittleEndian.PutUint64(h[8:], uint64(len(js)))
	binary.LittleEndian.PutUint64(h[16:], uint64(len(bin)))
	return append(append(h, js...), bin...)
}

const validSubtreeJSON = `{"buffers":[{"byteLength":8}],"bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":1}],` +
	`"tileAvailability":{"bitstream":0,"availableCount":3},"childSubtreeAvailability":{"constant":0}}`

func TestDecodeSubtree(t *testing.T) {
	good := subtreeBytes(validSubtreeJSON, []byte{0b1011, 0, 0, 0, 0, 0, 0, 0})
	f, err := DecodeSubtree(good)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.Availability(Quadtree, 2)
	if err != nil {
		t.Fatal(err)
	}
	if a.Tile.Count() != 3 || !a.TileAvailable(Coord{Level: 1, Y: 1}) || a.TileAvailable(Coord{Level: 1, X: 1, Y: 1}) {
		t.Errorf("tile availability %08b", a.Tile.Bytes())
	}
	badVersion := bytes.Clone(good)
	badVersion[4] = 2
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a subtree"},
		{"glb", []byte("glTF\x02\x00\x00\x00"), "not a subtree"},
		{"short header", good[:20], "header"},
		{"version", badVersion, "version 2"},
		{"chunks too long", good[:len(good)-1], "exceed"},
		{"trailing", append(bytes.Clone(good), 0), "after the binary chunk"},
		{"bad json", subtreeBytes(`{"buffers":`, nil), "subtree json"},
		{"two objects", subtreeBytes(`{} {}`, nil), "data after"},
		{"buffer past chunk", subtreeBytes(validSubtreeJSON, []byte{1}), "buffer 0 needs 8"},
		{"view past buffer", subtreeBytes(strings.Replace(validSubtreeJSON, `"byteLength":1}`, `"byteLength":9}`, 1),
			make([]byte, 8)), "outside buffer"},
		{"internal buffer 1", subtreeBytes(`{"buffers":[{"byteLength":0},{"byteLength":0}],`+
			`"tileAvailability":{"constant":1},"childSubtreeAvailability":{"constant":0}}`, nil), "only buffer 0"},
		{"bitstream and constant", subtreeBytes(`{"tileAvailability":{"constant":1,"bitstream":0},`+
			`"childSubtreeAvailability":{"constant":0}}`, nil), "exactly one"},
		{"constant 2", subtreeBytes(`{"tileAvailability":{"constant":2},"childSubtreeAvailability":{"constant":0}}`, nil), "want 0 or 1"},
		{"no view", subtreeBytes(`{"tileAvailability":{"bitstream":0},"childSubtreeAvailability":{"constant":0}}`, nil), "buffer view 0 of 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeSubtree(c.data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
	if _, err := DecodeSubtree([]byte("xyz")); !errors.Is(err, ErrNotSubtree) {
		t.Errorf("err = %v, want ErrNotSubtree", err)
	}
}

func TestSubtreeAvailabilityErrors(t *testing.T) {
	cases := []struct {
		name, js string
		bin      []byte
		levels   int
		want     string
	}{
		{"count mismatch", strings.Replace(validSubtreeJSON, `"availableCount":3`, `"availableCount":4`, 1),
			make([]byte, 8), 2, "availableCount 4, bits say 0"},
		{"bitstream too short", validSubtreeJSON, make([]byte, 8), 3, "21 bits need 3 bytes"},
		{"external buffer", `{"buffers":[{"uri":"a.bin","byteLength":8}],"bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":8}],` +
			`"tileAvailability":{"bitstream":0},"childSubtreeAvailability":{"constant":0}}`, nil, 2, "external buffer"},
		{"too many levels", validSubtreeJSON, make([]byte, 8), 40, "subtree levels"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeSubtreeAvailability(subtreeBytes(c.js, c.bin), Quadtree, c.levels)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestSubtreeJSONFormat(t *testing.T) {
	js := `{"tileAvailability":{"constant":1},"contentAvailability":[{"constant":0}],` +
		`"childSubtreeAvailability":{"constant":0},"subtreeMetadata":{"class":"subtree","properties":{"n":18446744073709551615}}}`
	f, err := DecodeSubtree([]byte("\n " + js + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := EncodeSubtree(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(out)%8 != 0 || !bytes.HasPrefix(out[24:], []byte(js)) || binary.LittleEndian.Uint64(out[16:]) != 0 {
		t.Errorf("encoded %q", out)
	}
	a, err := f.Availability(Octree, 2)
	if err != nil {
		t.Fatal(err)
	}
	if a.Tile.Count() != 9 || a.Content[0].Count() != 0 {
		t.Errorf("counts %d %d, want 9 0", a.Tile.Count(), a.Content[0].Count())
	}
}

func FuzzDecodeSubtree(f *testing.F) {
	f.Add(subtreeBytes(validSubtreeJSON, []byte{0b1011, 0, 0, 0, 0, 0, 0, 0}))
	f.Add([]byte(`{"tileAvailability":{"constant":1},"childSubtreeAvailability":{"constant":0}}`))
	f.Add([]byte("subt"))
	for _, name := range []string{"SparseImplicitQuadtree/subtrees/0.0.0.subtree", "SparseImplicitOctree/subtrees/0.0.0.0.subtree"} {
		dir := filepath.Join(moduleRoot3DT(f), "..", "shared", "data", "3dtiles", "cesium_3d-tiles-samples", "1.1")
		if data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			f.Add(data) // seeds from the samples when present
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := DecodeSubtree(data)
		if err != nil {
			return
		}
		for _, s := range []SubdivisionScheme{Quadtree, Octree} {
			if a, err := sf.Availability(s, 2); err == nil {
				_ = a.Validate()
				_ = a.File()
			}
		}
		once, err := EncodeSubtree(sf)
		if err != nil {
			t.Fatalf("decoded subtree does not encode: %v", err)
		}
		again, err := DecodeSubtree(once)
		if err != nil {
			t.Fatalf("encoding does not decode: %v", err)
		}
		twice, err := EncodeSubtree(again)
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("encoding is not stable (err %v)", err)
		}
	})
}
