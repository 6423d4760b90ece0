package server

import (
	"errors"
	"net/http"

	"github.com/citytwin/citytwin/twin"
)

func (s *Server) handleDatasets(w http.ResponseWriter, r *http.Request) {
	ds, err := s.store.Datasets(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	if ds == nil {
		ds = []twin.Dataset{}
	}
	s.serveJSON(w, r, map[string]any{"datasets": ds}, "")
}

func (s *Server) handleDataset(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Dataset(r.Context(), r.PathValue("name"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.serveJSON(w, r, d, "")
}

// storeError writes a store error: 404 for twin.ErrNotFound, else 500.
func (s *Server) storeError(w http.ResponseWriter, err error) {
	if errors.Is(err, twin.ErrNotFound) {
		writeError(w, http.StatusNotFound, err.Error(), nil)
		return
	}
	s.log.Error("store", "err", err)
	writeError(w, http.StatusInternalServerError, "store error", err.Error())
}

// storeUnavailable writes 503 for a store that does not answer.
func (s *Server) storeUnavailable(w http.ResponseWriter, err error) {
	s.log.Error("store", "err", err)
	writeError(w, http.StatusServiceUnavailable, "store unavailable", err.Error())
}
