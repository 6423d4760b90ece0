package server

import (
	"context"
	"net/http"

	"github.com/citytwin/citytwin/twin/network"
	"github.com/citytwin/citytwin/twin/query"
)

// queryRoutes holds what the planning-query handlers share: the engines,
// built once per server so that the network engine's graph cache lives as
// long as the server.
type queryRoutes struct {
	s     *Server
	q     *query.Engine
	trace *network.Engine
}

// queryNames are the routes under /api/v1/query/.
var queryNames = []string{"area", "proximity", "stats", "clash", "section", "trace"}

// registerQueryRoutes adds the planning queries under /api/v1/query/: POST
// with a JSON body, JSON answers, errors as JSON with 400 for a bad
// request and 504 when a query runs past its deadline.
func (s *Server) registerQueryRoutes(mux *http.ServeMux) {
	limits := query.DefaultLimits()
	h := &queryRoutes{
		s:     s,
		q:     query.New(s.store, limits),
		trace: network.NewEngine(s.store, network.Options{Timeout: limits.Deadline, MaxResults: 50_000}),
	}
	mux.HandleFunc("POST /api/v1/query/area", serveQuery(h, h.q.Area))
	mux.HandleFunc("POST /api/v1/query/proximity", serveQuery(h, h.q.Proximity))
	mux.HandleFunc("POST /api/v1/query/stats", serveQuery(h, h.q.Stats))
	mux.HandleFunc("POST /api/v1/query/clash", serveQuery(h, h.q.Clash))
	mux.HandleFunc("POST /api/v1/query/trace", serveQuery(h, h.traceQuery))
	mux.HandleFunc("POST /api/v1/query/section", h.section)
	mux.HandleFunc("/api/v1/query/{name}", h.methodNotAllowed)
}

// serveQuery decodes the request strictly, runs it and writes the answer.
func serveQuery[Req, Resp any](h *queryRoutes, run func(context.Context, Req) (Resp, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req Req
		if err := query.Decode(r.Body, &req); err != nil {
			h.queryError(w, r, err)
			return
		}
		resp, err := run(r.Context(), req)
		if err != nil {
			h.queryError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

// methodNotAllowed answers anything but POST on a query route.
func (h *queryRoutes) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	for _, n := range queryNames {
		if n == r.PathValue("name") {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed: POST a JSON request", r.URL.Path)
			return
		}
	}
	writeError(w, http.StatusNotFound, "unknown query", map[string]any{"path": r.URL.Path, "queries": queryNames})
}
