package server

import (
	"context"
	"sync"
	"time"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/tiler"
)

// maxPendingChanges is how many change-log entries after the tiles'
// sequence tileState reads to tell which layers are stale; beyond it every
// layer counts as stale.
const maxPendingChanges = 10000

// tileSnapshot is what the handlers know of the stored tiles at one time.
type tileSnapshot struct {
	at         time.Time
	generation int64
	// root is the state of the root tileset; nil when no tiles were built.
	root *twin.TileLayerState
	// layers are the states of the layers with tiles, by name (Meta left out).
	layers map[string]twin.TileLayerState
	// lastSeq is the store's newest change.
	lastSeq int64
	// pending names the layers with changes the tiles do not reflect;
	// allStale says every layer is (too many changes to tell).
	pending  map[string]bool
	allStale bool
}

// hasTiles reports whether a root tileset was built.
func (t *tileSnapshot) hasTiles() bool { return t.root != nil }

// builtSeq is the change-log sequence the tiles reflect (0 without tiles).
func (t *tileSnapshot) builtSeq() int64 {
	if t.root == nil {
		return 0
	}
	return t.root.BuiltSeq
}

// stale reports whether the store changed since the tiles were built.
func (t *tileSnapshot) stale() bool { return t.hasTiles() && t.builtSeq() < t.lastSeq }

// layerStale reports whether layer has changes its tiles do not show.
func (t *tileSnapshot) layerStale(layer string) bool {
	if !t.hasTiles() {
		return true
	}
	return t.stale() && (t.allStale || t.pending[layer])
}

// tileStateCache keeps the last snapshot for ttl.
type tileStateCache struct {
	ttl  time.Duration
	mu   sync.Mutex
	snap *tileSnapshot
}

// tileState returns the tile state, read again from the store when the
// cached one is older than Options.TileStateTTL. The store's TileState
// also reads the tiler's records, too much for every tile request.
func (s *Server) tileState(ctx context.Context) (*tileSnapshot, error) {
	c := &s.state
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != nil && c.ttl > 0 && time.Since(c.snap.at) < c.ttl {
		return c.snap, nil
	}
	if c.snap != nil {
		if same, err := s.sameTiles(ctx, c.snap); err != nil {
			return nil, err
		} else if same {
			renewed := *c.snap
			renewed.at = time.Now()
			c.snap = &renewed
			return c.snap, nil
		}
	}
	snap, err := s.readTileState(ctx)
	if err != nil {
		return nil, err
	}
	c.snap = snap
	return snap, nil
}

// sameTiles reports whether the tile generation and the change log are
// where snap saw them: two one-row reads, where readTileState reads the
// tiler's records too (a few hundred kB). Requests wait on this under the
// cache's lock, so it must stay cheap.
func (s *Server) sameTiles(ctx context.Context, snap *tileSnapshot) (bool, error) {
	gen, err := s.store.TileGeneration(ctx)
	if err != nil {
		return false, err
	}
	last, err := s.store.LastSeq(ctx)
	if err != nil {
		return false, err
	}
	return gen == snap.generation && last == snap.lastSeq, nil
}

func (s *Server) readTileState(ctx context.Context) (*tileSnapshot, error) {
	snap := &tileSnapshot{at: time.Now(), layers: map[string]twin.TileLayerState{}}
	lastSeq, err := s.store.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.store.TileState(ctx)
	if err != nil {
		return nil, err
	}
	snap.generation, snap.lastSeq = st.Generation, lastSeq
	for _, l := range st.Layers {
		l.Meta = nil
		if l.Layer == "" {
			snap.root = &l
			continue
		}
		snap.layers[l.Layer] = l
	}
	if snap.stale() {
		if err := s.readPending(ctx, snap); err != nil {
			return nil, err
		}
	}
	return snap, nil
}

// readPending notes the layers that changed after the tiles were built.
func (s *Server) readPending(ctx context.Context, snap *tileSnapshot) error {
	changes, err := s.store.Changes(ctx, snap.builtSeq(), maxPendingChanges)
	if err != nil {
		return err
	}
	snap.allStale = len(changes) >= maxPendingChanges
	snap.pending = map[string]bool{}
	for _, c := range changes {
		snap.pending[c.Layer] = true
	}
	return nil
}

// tilesetURL is the URL of a layer's tileset ("" for the root's).
func tilesetURL(layer string) string {
	if layer == "" {
		return "/tiles/" + tiler.RootTilesetPath
	}
	return "/tiles/" + tiler.LayerTilesetPath(layer)
}
