package server

import (
	"context"
	"errors"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/tiler"
)

// Cache-Control of tile files: a file whose name carries its content hash
// never changes; a tileset JSON keeps its name across builds.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheTileset   = "public, max-age=10, must-revalidate"
)

// hashedName matches a file name that ends in "-<hex hash>.<ext>", as the
// tiler names tile contents ("3-0123456789ab.glb").
var hashedName = regexp.MustCompile(`-([0-9a-f]{12,64})\.[A-Za-z0-9]+$`)

// tileEntry is one tile file ready to serve.
type tileEntry struct {
	p     *payload
	layer string
	// immutable: the file's name carries its hash.
	immutable bool
}

func tileEntrySize(e *tileEntry) int64 { return e.p.size() + int64(len(e.layer)) }

// newTileEntry prepares a stored tile for serving: strong ETag from its
// hash, a gzip variant for JSON (GLBs are binary and compressed already).
func (s *Server) newTileEntry(b twin.TileBlob) *tileEntry {
	ctype := b.ContentType
	isJSON := strings.HasPrefix(ctype, tiler.ContentTypeJSON)
	p := &payload{data: b.Data, etag: `"` + b.Hash + `"`, contentType: ctype,
		compressible: isJSON, modTime: b.UpdatedAt}
	if isJSON {
		p.gz = s.gzip(b.Data)
	}
	e := &tileEntry{p: p, layer: b.Layer}
	if m := hashedName.FindStringSubmatch(path.Base(b.Path)); m != nil && strings.HasPrefix(b.Hash, m[1]) {
		e.immutable = true
	}
	return e
}

// handleTile serves /tiles/{path...} from the store, through the cache.
func (s *Server) handleTile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	snap, err := s.tileState(ctx)
	if err != nil {
		s.storeUnavailable(w, err)
		return
	}
	if !snap.hasTiles() {
		writeError(w, http.StatusServiceUnavailable, "no tiles built: run twin build", nil)
		return
	}
	p := r.PathValue("path")
	e, err := s.loadTile(ctx, p, snap.generation)
	if errors.Is(err, twin.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no such tile", p)
		return
	}
	if err != nil {
		s.storeError(w, err)
		return
	}
	rec := &statusOf{ResponseWriter: w}
	n := s.serve(rec, r, e.p, e.cacheControl())
	s.metrics.tileServed(layerLabel(e.layer), rec.status, r.Method, n)
}

// loadTile returns the tile file at p (a path below /tiles/) from the
// cache, or reads it from the store into the cache.
func (s *Server) loadTile(ctx context.Context, p string, generation int64) (*tileEntry, error) {
	if e, ok := s.tiles.get(p, generation); ok {
		return e, nil
	}
	b, err := s.store.Tile(ctx, p)
	if err != nil {
		return nil, err
	}
	e := s.newTileEntry(b)
	s.tiles.put(p, generation, e)
	return e, nil
}

// cacheControl is the Cache-Control of the tile file.
func (e *tileEntry) cacheControl() string {
	if e.immutable {
		return cacheImmutable
	}
	return cacheTileset
}

// layerLabel names the root tileset's layer in metrics.
func layerLabel(layer string) string {
	if layer == "" {
		return "root"
	}
	return layer
}

// statusOf remembers the status a handler wrote.
type statusOf struct {
	http.ResponseWriter
	status int
}

func (s *statusOf) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusOf) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusOf) Unwrap() http.ResponseWriter { return s.ResponseWriter }
