package server

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/citytwin/citytwin/twin/server/fastpath"
)

// tileRoute is the route label of tile requests, the ServeMux pattern
// of handleTile.
const tileRoute = "GET /tiles/{path...}"

// ServeFast answers a GET or HEAD of a tile file without Range on the
// fast path (fastpath.Server): the same answer as handleTile through the
// middleware (headers, 304, gzip of tileset JSON, metrics, access log),
// written without net/http's per-request machinery. It declines, leaving
// the request to net/http, whatever it does not answer with 200 or 304
// from a tile it finds: other routes, Range, a CORS request, a missing
// tile, a store error, several If-None-Match or Accept-Encoding fields.
func (s *Server) ServeFast(w *fastpath.Response, req *fastpath.Request) bool {
	start := time.Now()
	p, ok := strings.CutPrefix(string(req.Path), "/tiles/")
	if !ok || p == "" || !s.fastHeaders(req) {
		return false
	}
	snap, err := s.tileState(s.ctx)
	if err != nil || !snap.hasTiles() {
		return false
	}
	e, err := s.loadTile(s.ctx, p, snap.generation)
	if err != nil {
		return false
	}
	s.metrics.inFlight.Add(1)
	defer s.metrics.inFlight.Add(-1)
	n := s.answerFast(w, req, e)
	status := w.Status()
	s.metrics.tileServed(layerLabel(e.layer), status, req.Method, n)
	d := time.Since(start)
	s.metrics.request(tileRoute, req.Method, status, d, n)
	if s.log.Enabled(s.ctx, slog.LevelInfo) {
		s.log.LogAttrs(s.ctx, slog.LevelInfo, "request",
			slog.String("method", req.Method), slog.String("path", string(req.Path)),
			slog.String("route", tileRoute), slog.Int("status", status),
			slog.Int64("bytes", n), slog.Duration("duration", d),
			slog.String("remote", req.RemoteAddr()))
	}
	return true
}

// fastHeaders reports whether the request's fields are ones the fast path
// answers as handleTile would: no Range or If-Range, no Origin when CORS
// is on, at most one If-None-Match and one Accept-Encoding field.
func (s *Server) fastHeaders(req *fastpath.Request) bool {
	for _, name := range []string{"Range", "If-Range"} {
		if _, n := req.Header(name); n > 0 {
			return false
		}
	}
	if _, n := req.Header("Origin"); n > 0 && s.cors.on() {
		return false
	}
	_, inm := req.Header("If-None-Match")
	_, ae := req.Header("Accept-Encoding")
	return inm <= 1 && ae <= 1
}

// answerFast writes the 200 or 304 of e for req, as serve and serveWhole
// would through withCORS, and returns the body bytes it sends.
func (s *Server) answerFast(w *fastpath.Response, req *fastpath.Request, e *tileEntry) int64 {
	p := e.p
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
	w.Header("Cache-Control", e.cacheControl())
	if s.cors.on() {
		w.Header("Vary", "Origin")
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
