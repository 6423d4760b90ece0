package server

import (
	"net/http"
	"slices"
	"sort"
)

// handleHealth is the liveness check: the process answers HTTP. It does
// not touch the store (that is /readyz).
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.version})
}

// readiness is the body of /readyz.
type readiness struct {
	Status string `json:"status"`
	// Reason says why the server is not ready.
	Reason   string `json:"reason,omitempty"`
	BuiltSeq int64  `json:"built_seq"`
	LastSeq  int64  `json:"last_seq"`
	// Stale is true when the store changed since the tiles were built
	// (the server still serves the old tiles); StaleLayers names the
	// layers with changes.
	Stale       bool     `json:"stale"`
	StaleLayers []string `json:"stale_layers,omitempty"`
}

// handleReady is the readiness check: 200 when the store answers and tiles
// exist, else 503 with the reason.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	snap, err := s.tileState(r.Context())
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "not ready",
			readiness{Status: "unavailable", Reason: "store unavailable: " + err.Error()})
		return
	}
	rd := readiness{Status: "ready", BuiltSeq: snap.builtSeq(), LastSeq: snap.lastSeq, Stale: snap.stale()}
	if rd.Stale {
		for l := range snap.pending {
			rd.StaleLayers = append(rd.StaleLayers, layerLabel(l))
		}
		sort.Strings(rd.StaleLayers)
		rd.StaleLayers = slices.Compact(rd.StaleLayers)
	}
	if !snap.hasTiles() {
		rd.Status, rd.Reason = "no tiles", "no tiles built: run twin build"
		writeError(w, http.StatusServiceUnavailable, "not ready", rd)
		return
	}
	writeJSON(w, http.StatusOK, rd)
}
