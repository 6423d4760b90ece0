package server

import "net/http"

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.LastSeq(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, "store unavailable", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.version})
}
