// Package server is CityTwin's HTTP adapter: one handler per file, middleware
// as func(http.Handler) http.Handler, every route composed in routes.go.
// Errors are JSON {"error": "...", "detail": ...} with the right status.
package server

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/citytwin/citytwin/twin"
)

// Options configure the server; cmd/twin fills and validates them.
type Options struct {
	Store   twin.Store
	Logger  *slog.Logger
	Version string
}

// Server holds what the handlers share.
type Server struct {
	store   twin.Store
	log     *slog.Logger
	version string
}

// New returns the HTTP handler of the whole server.
func New(opts Options) http.Handler {
	s := &Server{store: opts.Store, log: opts.Logger, version: opts.Version}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s.routes()
}

// apiError is the JSON body of every error response.
type apiError struct {
	Error  string `json:"error"`
	Detail any    `json:"detail,omitempty"`
}

func writeError(w http.ResponseWriter, status int, msg string, detail any) {
	writeJSON(w, status, apiError{Error: msg, Detail: detail})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
