package server

import (
	"net/http"
	"slices"
	"strings"
)

// What CORS allows: the methods of the API, the request headers of
// conditional and range requests and JSON bodies, and the response headers
// a client may read beyond the safelisted ones.
const (
	corsMethods = "GET, HEAD, POST, OPTIONS"
	corsHeaders = "Content-Type, If-None-Match, If-Modified-Since, Range"
	corsExpose  = "ETag, Content-Length, Content-Range, Content-Encoding"
	corsMaxAge  = "600"
)

// corsPolicy is the set of allowed origins; empty means CORS is off.
type corsPolicy struct {
	any     bool
	origins []string
}

func newCORSPolicy(origins []string) corsPolicy {
	var p corsPolicy
	for _, o := range origins {
		o = strings.TrimSuffix(strings.TrimSpace(o), "/")
		switch o {
		case "":
		case "*":
			p.any = true
		default:
			p.origins = append(p.origins, o)
		}
	}
	return p
}

func (p corsPolicy) on() bool { return p.any || len(p.origins) > 0 }

// allowOrigin is the Access-Control-Allow-Origin value for origin, or "".
func (p corsPolicy) allowOrigin(origin string) string {
	switch {
	case origin == "":
		return ""
	case p.any:
		return "*"
	case slices.Contains(p.origins, origin):
		return origin
	}
	return ""
}

// cors adds the CORS headers for allowed origins and answers preflight
// requests (OPTIONS with Access-Control-Request-Method) with 204. Without
// configured origins it does nothing.
func (s *Server) withCORS(next http.Handler) http.Handler {
	if !s.cors.on() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		allowed := s.cors.allowOrigin(origin)
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if preflight {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			if allowed == "" {
				writeError(w, http.StatusForbidden, "origin not allowed", origin)
				return
			}
			h.Set("Access-Control-Allow-Origin", allowed)
			h.Set("Access-Control-Allow-Methods", corsMethods)
			h.Set("Access-Control-Allow-Headers", corsHeaders)
			h.Set("Access-Control-Max-Age", corsMaxAge)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if allowed != "" {
			h.Set("Access-Control-Allow-Origin", allowed)
			h.Set("Access-Control-Expose-Headers", corsExpose)
		}
		next.ServeHTTP(w, r)
	})
}
