package sqlite

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

func blob(path, layer, data string) twin.TileBlob {
	return twin.TileBlob{Path: path, Layer: layer, ContentType: "model/gltf-binary", Data: []byte(data)}
}

// putTiles applies u at the store's current generation and fails the test
// on error.
func putTiles(tb testing.TB, s *Store, u twin.TileUpdate) int64 {
	tb.Helper()
	st, err := s.TileState(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	u.Generation = st.Generation
	gen, err := s.PutTiles(context.Background(), u)
	if err != nil {
		tb.Fatal(err)
	}
	return gen
}

func tilePaths(tb testing.TB, s *Store, layer string) []string {
	tb.Helper()
	list, err := s.ListTiles(context.Background(), layer)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, b := range list {
		if b.Data != nil {
			tb.Errorf("ListTiles returned the data of %s", b.Path)
		}
		out = append(out, b.Path)
	}
	return out
}

func TestTilesPutGetDelete(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	gen := putTiles(t, s, twin.TileUpdate{
		Put: []twin.TileBlob{blob("layers/water/t/0/0/0-aa.glb", "water", "glb1"),
			blob("layers/water/tileset.json", "water", "{}"), blob("tileset.json", "", "{}")},
		Layers: []twin.TileLayerState{{Layer: "water", BuiltSeq: 7, Version: "v1", Meta: []byte("tree")}},
	})
	if gen != 1 {
		t.Errorf("generation %d, want 1", gen)
	}
	cases := []struct {
		name, path, data, layer string
		wantErr                 error
	}{
		{"glb", "layers/water/t/0/0/0-aa.glb", "glb1", "water", nil},
		{"root tileset", "tileset.json", "{}", "", nil},
		{"missing", "layers/gas/tileset.json", "", "", twin.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := s.Tile(ctx, tc.path)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err == nil && (string(b.Data) != tc.data || b.Layer != tc.layer || b.Size != int64(len(tc.data)) ||
				len(b.Hash) != 64 || b.UpdatedAt.IsZero()) {
				t.Errorf("got %+v", b)
			}
		})
	}
	st, err := s.TileState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Generation != 1 || len(st.Layers) != 1 || st.Layers[0].BuiltSeq != 7 || string(st.Layers[0].Meta) != "tree" {
		t.Errorf("state %+v", st)
	}
	putTiles(t, s, twin.TileUpdate{Delete: []string{"layers/water/t/0/0/0-aa.glb", "not/there.glb"},
		Put: []twin.TileBlob{blob("layers/water/t/0/0/0-bb.glb", "water", "glb2")}})
	if got, want := tilePaths(t, s, "water"), []string{"layers/water/t/0/0/0-bb.glb", "layers/water/tileset.json"}; !slices.Equal(got, want) {
		t.Errorf("water tiles %v, want %v", got, want)
	}
	putTiles(t, s, twin.TileUpdate{DropLayers: []string{"water"}})
	if got := tilePaths(t, s, "water"); len(got) != 0 {
		t.Errorf("dropped layer still has %v", got)
	}
	if st, _ := s.TileState(ctx); st.Generation != 3 || len(st.Layers) != 0 {
		t.Errorf("after drop: %+v", st)
	}
	if g, err := s.TileGeneration(ctx); err != nil || g != 3 {
		t.Errorf("TileGeneration = %d, %v; want 3 as TileState says", g, err)
	}
}

func TestTilesRefused(t *testing.T) {
	s := openTemp(t)
	putTiles(t, s, twin.TileUpdate{Put: []twin.TileBlob{blob("tileset.json", "", "{}")}})
	bad := blob("a.glb", "x", "data")
	bad.Hash = strings.Repeat("0", 64)
	cases := []struct {
		name    string
		u       twin.TileUpdate
		want    string
		wantErr error
	}{
		{"stale generation", twin.TileUpdate{Generation: 0, Put: []twin.TileBlob{blob("b.glb", "x", "d")}}, "generation 1", twin.ErrConflict},
		{"absolute path", twin.TileUpdate{Generation: 1, Put: []twin.TileBlob{blob("/etc/x", "x", "d")}}, "relative", nil},
		{"dot dot", twin.TileUpdate{Generation: 1, Put: []twin.TileBlob{blob("a/../../x", "x", "d")}}, "..", nil},
		{"no content type", twin.TileUpdate{Generation: 1, Put: []twin.TileBlob{{Path: "a.glb"}}}, "content type", nil},
		{"wrong hash", twin.TileUpdate{Generation: 1, Put: []twin.TileBlob{bad}}, "does not match", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.PutTiles(context.Background(), tc.u)
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if got := tilePaths(t, s, "x"); len(got) != 0 {
		t.Errorf("refused updates wrote %v", got)
	}
}

// TestTilesAtomic makes the database fail half-way through an update (a
// trigger refuses one path) and checks that nothing of it stayed.
func TestTilesAtomic(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	putTiles(t, s, twin.TileUpdate{Put: []twin.TileBlob{blob("old.glb", "x", "old")},
		Layers: []twin.TileLayerState{{Layer: "x", BuiltSeq: 1, Version: "v"}}})
	if _, err := s.write.Exec(`CREATE TRIGGER boom BEFORE INSERT ON tiles WHEN NEW.path = 'boom.glb'
		BEGIN SELECT RAISE(ABORT, 'boom refused'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := s.PutTiles(ctx, twin.TileUpdate{Generation: 1, Delete: []string{"old.glb"},
		Put:    []twin.TileBlob{blob("new.glb", "x", "new"), blob("boom.glb", "x", "b")},
		Layers: []twin.TileLayerState{{Layer: "x", BuiltSeq: 2, Version: "v"}}})
	if err == nil || !strings.Contains(err.Error(), "boom refused") {
		t.Fatalf("err = %v, want the trigger's", err)
	}
	if got := tilePaths(t, s, "x"); !slices.Equal(got, []string{"old.glb"}) {
		t.Errorf("tiles after a failed update: %v", got)
	}
	st, err := s.TileState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Generation != 1 || st.Layers[0].BuiltSeq != 1 {
		t.Errorf("state after a failed update: %+v", st)
	}
}

// TestMigrateV1Tiles opens a store file written with schema version 1
// (features, no tiles) and checks that it migrates with its features kept.
func TestMigrateV1Tiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	v1 := &Store{path: path}
	var err error
	if v1.write, err = openDB(ctx, path, true); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, v1.write, migrations[:1]); err != nil {
		t.Fatal(err)
	}
	if v1.read, err = openDB(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	load(t, v1, "a", building("a", "b1", 4.9, 52.3, 0.0001, 0, 10))
	before := takeSnapshot(t, v1)
	if err := v1.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	if err := s.read.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != SchemaVersion() {
		t.Fatalf("version %d (%v), want %d", version, err, SchemaVersion())
	}
	after := takeSnapshot(t, s)
	if after.lastSeq != before.lastSeq || len(after.feats) != 1 || after.feats["a:b1"] != before.feats["a:b1"] {
		t.Errorf("features changed by the migration: %+v → %+v", before, after)
	}
	if st, err := s.TileState(ctx); err != nil || st.Generation != 0 || len(st.Layers) != 0 {
		t.Errorf("tile state of a migrated store: %+v, %v", st, err)
	}
	putTiles(t, s, twin.TileUpdate{Put: []twin.TileBlob{blob("tileset.json", "", "{}")}})
	b, err := s.Tile(ctx, "tileset.json")
	if err != nil || !bytes.Equal(b.Data, []byte("{}")) {
		t.Errorf("tile after migration: %+v, %v", b, err)
	}
}
