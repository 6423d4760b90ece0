package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/citytwin/citytwin/twin/network"
	"github.com/citytwin/citytwin/twin/query"
)

// traceQuery runs a network trace (its engine has the query deadline).
func (h *queryRoutes) traceQuery(ctx context.Context, req network.Request) (*network.Result, error) {
	return h.trace.Trace(ctx, req)
}

// section answers JSON, or the SVG drawing when the client asks for it
// with ?format=svg or Accept: image/svg+xml.
func (h *queryRoutes) section(w http.ResponseWriter, r *http.Request) {
	var req query.SectionRequest
	if err := query.Decode(r.Body, &req); err != nil {
		h.queryError(w, r, err)
		return
	}
	res, err := h.q.Section(r.Context(), req)
	if err != nil {
		h.queryError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") != "svg" && !strings.Contains(r.Header.Get("Accept"), "image/svg+xml") {
		writeJSON(w, http.StatusOK, res)
		return
	}
	svg, err := query.SectionSVG(res, req)
	if err != nil {
		h.queryError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(svg)
}
