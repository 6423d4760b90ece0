package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/citytwin/citytwin/twin/server/fastpath"
)

// Route labels of the requests the fast path answers: the ServeMux
// patterns of the same routes, so that metrics do not tell them apart.
const (
	tileRoute   = "GET /tiles/{path...}"
	indexRoute  = "GET /{$}"
	appRoute    = "GET /app/{path...}"
	cesiumRoute = "GET /cesium/{path...}"
)

// fastAnswer is what the fast path found to send for a request.
type fastAnswer struct {
	p            *payload
	cacheControl string
	route        string
	// tile is set for tile files (counted by layer in the metrics).
	tile *tileEntry
}

// ServeFast answers a GET or HEAD without Range of a tile file or a static
// file (the viewer's, CesiumJS's) on the fast path (fastpath.Server):
// the same answer as the handlers through the middleware (headers, 304,
// gzip, CORS, metrics, access log), written without net/http's
// per-request machinery. It declines, leaving the request to net/http,
// whatever it does not answer with 200 or 304 from a file it finds: other
// routes, Range, a missing file, a store error, a file too large to hold
// in memory, repeated If-None-Match, Accept-Encoding or Origin fields.
func (s *Server) ServeFast(w *fastpath.Response, req *fastpath.Request) bool {
	start := time.Now()
	if !fastHeaders(req) {
		return false
	}
	urlPath := string(req.Path)
	a, ok := s.findFast(urlPath)
	if !ok {
		return false
	}
	s.metrics.inFlight.Add(1)
	defer s.metrics.inFlight.Add(-1)
	n := s.answerFast(w, req, a)
	status := w.Status()
	if a.tile != nil {
		s.metrics.tileServed(layerLabel(a.tile.layer), status, req.Method, n)
	}
	s.record(s.ctx, req.Method, urlPath, a.route, status, n, time.Since(start), req.RemoteAddr)
	return true
}

// findFast finds the file of a request path: a tile from the cache or the
// store, or a static file held in memory. False sends the request to
// net/http, which answers it (or writes the error) itself.
func (s *Server) findFast(urlPath string) (fastAnswer, bool) {
	if p, ok := strings.CutPrefix(urlPath, "/tiles/"); ok {
		if p == "" {
			return fastAnswer{}, false
		}
		snap, err := s.tileState(s.ctx)
		if err != nil || !snap.hasTiles() {
			return fastAnswer{}, false
		}
		e, err := s.loadTile(s.ctx, p, snap.generation)
		if err != nil {
			return fastAnswer{}, false
		}
		return fastAnswer{p: e.p, cacheControl: e.cacheControl(), route: tileRoute, tile: e}, true
	}
	var e *assetEntry
	var err error
	a := fastAnswer{cacheControl: cacheApp, route: indexRoute}
	switch {
	case urlPath == "/" && s.app != nil:
		e, err = s.memoryAsset(s.app, "app:", "index.html")
	case strings.HasPrefix(urlPath, "/app/") && s.app != nil:
		a.route = appRoute
		e, err = s.memoryAsset(s.app, "app:", urlPath[len("/app/"):])
	case strings.HasPrefix(urlPath, "/cesium/") && s.cesiumDir != "":
		a.route, a.cacheControl = cesiumRoute, cacheCesium
		e, err = s.cesiumAsset(urlPath[len("/cesium/"):])
	default:
		return fastAnswer{}, false
	}
	if err != nil {
		return fastAnswer{}, false
	}
	a.p = e.p
	return a, true
}

// fastHeaders reports whether the request's fields are ones the fast path
// answers as the handlers would: no Range or If-Range, at most one
// If-None-Match, Accept-Encoding and Origin field.
func fastHeaders(req *fastpath.Request) bool {
	for _, name := range []string{"Range", "If-Range"} {
		if _, n := req.Header(name); n > 0 {
			return false
		}
	}
	for _, name := range []string{"If-None-Match", "Accept-Encoding", "Origin"} {
		if _, n := req.Header(name); n > 1 {
			return false
		}
	}
	return true
}

// answerFast writes the 200 or 304 of a for req, as serve and serveWhole
// would through withCORS, and returns the body bytes it sends.
func (s *Server) answerFast(w *fastpath.Response, req *fastpath.Request, a fastAnswer) int64 {
	p := a.p
	ae, _ := req.Header("Accept-Encoding")
	gz := p.compressible && len(ae) > 0 && acceptsGzip([]string{string(ae)})
	body, etag := s.variant(p, gz)
	var inm []string
	if v, n := req.Header("If-None-Match"); n > 0 {
		inm = []string{string(v)}
	}
	ims, _ := req.Header("If-Modified-Since")
	unchanged := notModified(inm, string(ims), etag, p.modTime)
	if unchanged {
		w.WriteHeader(http.StatusNotModified)
	} else {
		w.WriteHeader(http.StatusOK)
		w.Header("Content-Type", p.contentType)
	}
	w.Header("Cache-Control", a.cacheControl)
	if s.cors.on() {
		w.Header("Vary", "Origin")
		origin, _ := req.Header("Origin")
		if allowed := s.cors.allowOrigin(string(origin)); allowed != "" {
			w.Header("Access-Control-Allow-Origin", allowed)
			w.Header("Access-Control-Expose-Headers", corsExpose)
		}
	}
	if p.compressible {
		w.Header("Vary", "Accept-Encoding")
	}
	if gz && !unchanged {
		w.Header("Content-Encoding", "gzip")
	}
	w.Header("ETag", etag)
	if lm := p.lastModified(); lm != "" {
		w.Header("Last-Modified", lm)
	}
	if unchanged {
		return 0
	}
	w.Body(body)
	if req.Method == http.MethodHead {
		return 0
	}
	return int64(len(body))
}
