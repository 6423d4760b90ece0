package tiles

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTilesetRoundTripSamples decodes every JSON tileset under the shared
// 3D Tiles data and checks that re-encoding loses or changes nothing.
func TestTilesetRoundTripSamples(t *testing.T) {
	root := sharedData3DT(t, ".")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tilesets := 0
	for _, p := range files {
		rel, _ := filepath.Rel(root, p)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			orig, ok := genericJSON(t, data).(map[string]any)
			if !ok || orig["asset"] == nil || orig["root"] == nil {
				t.Skip("not a tileset JSON")
			}
			tilesets++
			ts, err := ParseTileset(data)
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(ts)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range jsonDiff("$", any(orig), genericJSON(t, out)) {
				t.Error(d)
			}
		})
	}
	if tilesets < 6 {
		t.Errorf("found %d tilesets, want at least 6 (1.0, 1.1 and pg2b3dm samples)", tilesets)
	}
}

func TestTilesetSampleContents(t *testing.T) {
	p := sharedData3DT(t, "cesium_3d-tiles-samples/1.1/MetadataGranularities/tileset.json")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := ParseTileset(data)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	maxDepth := 0
	ts.Root.Walk(func(tile *Tile, depth int) bool {
		maxDepth = max(maxDepth, depth)
		for _, c := range tile.AllContents() {
			if c.Group == nil || *c.Group >= len(ts.Groups) {
				t.Errorf("content %s: group %v of %d", c.URI, c.Group, len(ts.Groups))
			}
			uris = append(uris, c.URI)
		}
		return true
	})
	for _, u := range uris {
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), u)); err != nil {
			t.Errorf("content %s: %v", u, err)
		}
	}
	prop := ts.Schema.Classes["exampleTileMetadataClass"].Properties["population"]
	cases := []struct {
		name      string
		got, want any
	}{
		{"contents", len(uris), 20},
		{"depth", maxDepth, 1},
		{"schema id", ts.Schema.ID, "MetadataGranularitiesSchema"},
		{"component type", prop.ComponentType, ComponentUint32},
		{"tileset author", ts.Metadata.Properties["author"], "Cesium"},
		{"tile count is a json.Number", ts.Metadata.Properties["tileCount"], json.Number("4")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %#v, want %#v", c.got, c.want)
			}
		})
	}
}

func TestParseTilesetErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"not json", `nope`, "invalid character"},
		{"no version", `{"asset":{},"geometricError":1,"root":{"boundingVolume":{},"geometricError":1}}`, "asset.version"},
		{"trailing data", `{"asset":{"version":"1.1"},"geometricError":1,"root":{}} {}`, "data after"},
		{"wrong box length", `{"asset":{"version":"1.1"},"root":{"boundingVolume":{"box":[1,2,3,4,5,6,7,8,9,10,11,12,13]}}}`, "array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTileset([]byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestTilesetEncodeKeepsZeroAndEmpty(t *testing.T) {
	group := 0
	ts := Tileset{
		Asset:          Asset{Version: "1.1"},
		GeometricError: 0,
		Root: Tile{
			BoundingVolume: BoundingVolume{Sphere: &Sphere{0, 0, 0, 1}},
			Refine:         RefineAdd,
			Content:        &Content{URI: "a.glb", Group: &group},
			Children:       []Tile{},
		},
	}
	out, err := json.Marshal(&ts)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"asset":{"version":"1.1"},"geometricError":0,"root":{"boundingVolume":{"sphere":[0,0,0,1]},` +
		`"geometricError":0,"refine":"ADD","content":{"uri":"a.glb","group":0},"children":[]}}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func FuzzParseTileset(f *testing.F) {
	f.Add([]byte(`{"asset":{"version":"1.1"},"geometricError":1,"root":{"boundingVolume":{"box":[0,0,0,1,0,0,0,1,0,0,0,1]},"geometricError":0,"children":[]}}`))
	f.Add([]byte(`{"asset":{"version":"1.0","generator":"x"},"schema":{"id":"s","classes":{"c":{"properties":{"p":{"type":"SCALAR","componentType":"UINT64","noData":18446744073709551615}}}}},"root":{"transform":[1,0,0,0,0,1,0,0,0,0,1,0,5,6,7,1]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := ParseTileset(data)
		if err != nil {
			return
		}
		once, err := json.Marshal(ts)
		if err != nil {
			t.Fatalf("decoded tileset does not encode: %v", err)
		}
		again, err := ParseTileset(once)
		if err != nil {
			t.Fatalf("encoding does not decode: %v\n%s", err, once)
		}
		twice, err := json.Marshal(again)
		if err != nil || string(once) != string(twice) {
			t.Fatalf("encoding is not stable (err %v)\n%s\n%s", err, once, twice)
		}
	})
}
