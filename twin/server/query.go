package server

import "net/http"

// registerQueryRoutes adds the planning queries under /api/v1/query/.
func (s *Server) registerQueryRoutes(mux *http.ServeMux) {}
