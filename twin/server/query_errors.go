package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/network"
	"github.com/citytwin/citytwin/twin/query"
	"github.com/citytwin/citytwin/twin/query/clash"
	"github.com/citytwin/citytwin/twin/query/section"
)

// queryError writes the JSON error for a failed query: 400 for a bad
// request (with the field at fault), 404 for an unknown start feature,
// 422 for a network over the size guard, 504 past the deadline, 500
// otherwise.
func (h *queryRoutes) queryError(w http.ResponseWriter, r *http.Request, err error) {
	var br *query.BadRequestError
	switch {
	case errors.As(err, &br):
		writeError(w, http.StatusBadRequest, br.Error(), fieldDetail(br.Field))
	case errors.Is(err, clash.ErrInvalid), errors.Is(err, section.ErrInvalid), errors.Is(err, network.ErrBadRequest):
		writeError(w, http.StatusBadRequest, err.Error(), nil)
	case errors.Is(err, twin.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error(), nil)
	case errors.Is(err, network.ErrTooLarge):
		writeError(w, http.StatusUnprocessableEntity, err.Error(), "the network is larger than the trace's graph size guard")
	case query.IsTimeout(err) || errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusGatewayTimeout, err.Error(), "the query did not finish within its deadline; narrow it")
	case errors.Is(err, context.Canceled):
		h.s.log.Info("query canceled", "path", r.URL.Path)
		writeError(w, http.StatusServiceUnavailable, "query canceled", nil)
	default:
		h.s.log.Error("query", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "query failed", err.Error())
	}
}

func fieldDetail(field string) any {
	if field == "" {
		return nil
	}
	return map[string]string{"field": field}
}
