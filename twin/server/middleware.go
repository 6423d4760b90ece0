package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// statusRecorder remembers the status and counts the body bytes of a
// response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe counts the request in the metrics and logs one line per request.
// The route is the ServeMux pattern, which the mux sets on r as it
// dispatches.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inFlight.Add(1)
		defer s.metrics.inFlight.Add(-1)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.record(r.Context(), r.Method, r.URL.Path, routeLabel(r.Pattern), rec.status, rec.bytes, d,
			func() string { return r.RemoteAddr })
	})
}

// record counts an answered request in the metrics and writes its
// access-log line; remote is only called when the line is written.
func (s *Server) record(ctx context.Context, method, path, route string, status int, bytes int64, d time.Duration, remote func() string) {
	s.metrics.request(route, method, status, d, bytes)
	if !s.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "request",
		slog.String("method", method), slog.String("path", path),
		slog.String("route", route), slog.Int("status", status),
		slog.Int64("bytes", bytes), slog.Duration("duration", d),
		slog.String("remote", remote()))
}

// recoverPanics turns a handler panic into a 500 JSON error.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				writeError(w, http.StatusInternalServerError, "internal error", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses a request whose declared body is larger than
// Options.MaxBodyBytes with 413, and caps every body at that size
// (readJSON answers 413 when a handler reads past it).
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.maxBody {
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusRequestEntityTooLarge, "request body too large",
				map[string]int64{"limit_bytes": s.maxBody, "content_length": r.ContentLength})
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
		}
		next.ServeHTTP(w, r)
	})
}
