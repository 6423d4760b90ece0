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
	writeJSON(w, http.StatusOK, map[string]any{"datasets": ds})
}

func (s *Server) handleDataset(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Dataset(r.Context(), r.PathValue("name"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) handleFeature(w http.ResponseWriter, r *http.Request) {
	f, err := s.store.Feature(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": f.Kind(), "layer": f.Layer(), "feature": f})
}

func (s *Server) storeError(w http.ResponseWriter, err error) {
	if errors.Is(err, twin.ErrNotFound) {
		writeError(w, http.StatusNotFound, err.Error(), nil)
		return
	}
	s.log.Error("store", "err", err)
	writeError(w, http.StatusInternalServerError, "store error", err.Error())
}
