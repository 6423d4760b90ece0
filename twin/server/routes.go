package server

import "net/http"

// routes composes every route and the middleware. GET patterns also answer
// HEAD; a path without a route is 404 and a route asked with another
// method 405, both as JSON (jsonErrors).
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleIndex)
	mux.HandleFunc("GET /app/{path...}", s.handleApp)
	mux.HandleFunc("GET /cesium/{path...}", s.handleCesium)
	mux.HandleFunc("GET /tiles/{path...}", s.handleTile)
	mux.HandleFunc("GET /status", s.handleStatusPage)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.HandleFunc("GET /metrics", s.handleMetrics)
	mux.HandleFunc("GET /api/v1/datasets", s.handleDatasets)
	mux.HandleFunc("GET /api/v1/datasets/{name}", s.handleDataset)
	mux.HandleFunc("GET /api/v1/layers", s.handleLayers)
	mux.HandleFunc("GET /api/v1/scene", s.handleScene)
	mux.HandleFunc("GET /api/v1/features", s.handleFeatureSearch)
	mux.HandleFunc("GET /api/v1/features/{id...}", s.handleFeature)
	s.registerQueryRoutes(mux)
	var h http.Handler = mux
	h = s.limitBody(h)
	h = s.withCORS(h)
	h = jsonErrors(h)
	h = s.recoverPanics(h)
	return s.observe(h)
}
