// Package server is CityTwin's HTTP adapter: one handler per file, middleware
// as func(http.Handler) http.Handler, every route composed in routes.go.
// Errors are JSON {"error": "...", "detail": ...} with the right status.
//
// It serves the viewer (Options.App at / and /app/), CesiumJS
// (Options.CesiumDir at /cesium/), the 3D Tiles in the store (/tiles/), the
// JSON API (/api/v1/), health (/healthz, /readyz) and Prometheus metrics
// (/metrics).
package server

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/citytwin/citytwin/twin"
)

// Defaults of Options.
const (
	DefaultMaxBodyBytes    = 1 << 20
	DefaultTileCacheBytes  = 256 << 20
	DefaultAssetCacheBytes = 64 << 20
	DefaultTileStateTTL    = time.Second
	DefaultQueryTimeout    = 10 * time.Second
)

// Options configure the server; cmd/twin fills and validates them. Zero
// values take the defaults.
type Options struct {
	Store   twin.Store
	Logger  *slog.Logger
	Version string
	// App holds the viewer's files, index.html at its root (viewer.App()).
	// Nil: / and /app/ answer 404.
	App fs.FS
	// CesiumDir is the directory of CesiumJS's Build/Cesium (Cesium.js,
	// Widgets/, Assets/, Workers/, ThirdParty/). Empty or missing: /cesium/
	// answers 503.
	CesiumDir string
	// CORSOrigins are the origins allowed to call the server from a
	// browser ("https://example.org", or "*" for any); empty turns CORS off.
	CORSOrigins []string
	// MaxBodyBytes limits every request body (default 1 MiB).
	MaxBodyBytes int64
	// TileCacheBytes bounds the in-memory cache of tile files (default
	// 256 MiB; negative turns the cache off).
	TileCacheBytes int64
	// AssetCacheBytes bounds the in-memory cache of App and Cesium files
	// with their gzip variants (default 64 MiB; negative turns it off).
	AssetCacheBytes int64
	// TileStateTTL is how long the tile generation and layer states read
	// from the store are trusted before they are read again (default 1 s;
	// negative: on every request). A rebuild shows within this time.
	TileStateTTL time.Duration
	// QueryTimeout is the deadline of a feature search (default 10 s).
	QueryTimeout time.Duration
}

// Validate checks the options that a user sets.
func (o Options) Validate() error {
	if o.MaxBodyBytes < 0 {
		return fmt.Errorf("server: max body bytes %d is negative", o.MaxBodyBytes)
	}
	if o.QueryTimeout < 0 {
		return fmt.Errorf("server: query timeout %s is negative", o.QueryTimeout)
	}
	for _, origin := range o.CORSOrigins {
		if err := checkOrigin(origin); err != nil {
			return err
		}
	}
	return nil
}

// checkOrigin accepts "*" and scheme://host[:port] with http or https.
func checkOrigin(origin string) error {
	if origin == "*" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
		return fmt.Errorf("server: CORS origin %q: want * or scheme://host[:port]", origin)
	}
	return nil
}

// Server holds what the handlers share.
type Server struct {
	store     twin.Store
	log       *slog.Logger
	version   string
	app       fs.FS
	cesiumDir string
	cors      corsPolicy
	maxBody   int64
	queryTime time.Duration
	metrics   *metrics
	tiles     *lru[*tileEntry]
	assets    *lru[*assetEntry]
	state     tileStateCache
	stats     statsCache
	gzipPool  sync.Pool
	handler   http.Handler
	// ctx is the context of fast-path requests, which have none of their own.
	ctx context.Context
}

// New returns the whole server: an http.Handler, and a fastpath.Handler
// for tile requests (fastpath.Server puts it in front of net/http).
func New(opts Options) *Server {
	s := newServer(opts)
	s.handler = s.routes()
	return s
}

// ServeHTTP answers every route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func newServer(opts Options) *Server {
	s := &Server{store: opts.Store, log: opts.Logger, version: opts.Version, app: opts.App,
		cesiumDir: opts.CesiumDir, cors: newCORSPolicy(opts.CORSOrigins),
		maxBody: opts.MaxBodyBytes, queryTime: opts.QueryTimeout, ctx: context.Background()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.queryTime <= 0 {
		s.queryTime = DefaultQueryTimeout
	}
	s.metrics = newMetrics(s.version)
	s.tiles = newLRU(sizeOr(opts.TileCacheBytes, DefaultTileCacheBytes), tileEntrySize)
	s.assets = newLRU(sizeOr(opts.AssetCacheBytes, DefaultAssetCacheBytes), assetEntrySize)
	s.state.ttl = opts.TileStateTTL
	if s.state.ttl == 0 {
		s.state.ttl = DefaultTileStateTTL
	}
	s.gzipPool.New = func() any { return gzip.NewWriter(nil) }
	return s
}

// sizeOr is v, def for 0, 0 (off) for negative values.
func sizeOr(v, def int64) int64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// apiError is the JSON body of every error response.
type apiError struct {
	Error  string `json:"error"`
	Detail any    `json:"detail,omitempty"`
}

func writeError(w http.ResponseWriter, status int, msg string, detail any) {
	writeJSON(w, status, apiError{Error: msg, Detail: detail})
}

// writeJSON writes v as indented JSON, uncompressed and without
// validators (errors, small answers). serveJSON is for GET answers.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// readJSON decodes the JSON request body into v. On error it writes the
// JSON error (413 when the body is larger than Options.MaxBodyBytes, 400
// when it is not JSON of v's shape) and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "request body too large",
			map[string]int64{"limit_bytes": tooLarge.Limit})
		return false
	case err != nil:
		writeError(w, http.StatusBadRequest, "request body is not valid JSON", err.Error())
		return false
	}
	return true
}
