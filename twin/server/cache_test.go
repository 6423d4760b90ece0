package server_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/citytwin/citytwin/twin/server"
)

// TestTileCacheAfterRebuild serves every tile (filling the cache),
// changes the district and rebuilds, then checks that every tile served
// is the stored one and that deleted tiles are gone.
func TestTileCacheAfterRebuild(t *testing.T) {
	f := newFixture(t, true, server.Options{})
	served := func() map[string][]byte {
		out := map[string][]byte{}
		for _, layer := range []string{"", "buildings", "water"} {
			list, err := f.store.ListTiles(context.Background(), layer)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range list {
				want := f.tile(t, b.Path)
				for range 2 { // the second one comes from the cache
					resp, body := f.get(t, "/tiles/"+b.Path)
					if resp.StatusCode != 200 || !bytes.Equal(body, want.Data) || resp.Header.Get("ETag") != `"`+want.Hash+`"` {
						t.Fatalf("%s: %d, %d bytes (want %d), ETag %s", b.Path, resp.StatusCode, len(body), len(want.Data), resp.Header.Get("ETag"))
					}
				}
				out[b.Path] = want.Data
			}
		}
		return out
	}
	before := served()
	f.addBuilding(t, 260) // a tower: the buildings tile and the root change
	f.build(t)
	after := served()
	changed, gone := 0, 0
	for p, data := range before {
		now, ok := after[p]
		switch {
		case !ok:
			gone++
			if resp, _ := f.get(t, "/tiles/"+p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("deleted %s: %d", p, resp.StatusCode)
			}
		case !bytes.Equal(now, data):
			changed++
		}
	}
	if changed == 0 || gone == 0 {
		t.Errorf("the rebuild changed %d files and deleted %d: the test needs both", changed, gone)
	}
}

// TestTileStateTTL checks that a rebuild shows once the tile state's TTL
// has passed, not before.
func TestTileStateTTL(t *testing.T) {
	const ttl = 300 * time.Millisecond
	f := newFixture(t, true, server.Options{TileStateTTL: ttl})
	_, old := f.get(t, "/tiles/tileset.json")
	f.addBuilding(t, 260)
	f.build(t)
	if _, body := f.get(t, "/tiles/tileset.json"); !bytes.Equal(body, old) {
		t.Log("the rebuild showed before the TTL passed (slow machine?)")
	}
	time.Sleep(ttl + 50*time.Millisecond)
	want := f.tile(t, "tileset.json").Data
	if bytes.Equal(want, old) {
		t.Fatal("the rebuild did not change the root tileset")
	}
	if _, body := f.get(t, "/tiles/tileset.json"); !bytes.Equal(body, want) {
		t.Errorf("the rebuilt root tileset does not show after the TTL")
	}
}
