package server

import "net/http"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleStatusPage)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /api/v1/datasets", s.handleDatasets)
	mux.HandleFunc("GET /api/v1/datasets/{name}", s.handleDataset)
	mux.HandleFunc("GET /api/v1/features/{id}", s.handleFeature)
	s.registerQueryRoutes(mux)
	mux.HandleFunc("/", s.handleNotFound)
	return s.recoverPanics(s.accessLog(mux))
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "not found", r.URL.Path)
}
