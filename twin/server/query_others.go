package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/citytwin/citytwin/twin/network"
	"github.com/citytwin/citytwin/twin/query"
	"github.com/citytwin/citytwin/twin/query/clash"
	"github.com/citytwin/citytwin/twin/query/section"
)

// ClashRequest is clash.Request with the CRS of its coordinates.
type ClashRequest struct {
	// CRS of the proposal's positions (default EPSG:4326).
	CRS string `json:"crs,omitempty"`
	clash.Request
}

// clash converts the proposal to WGS84 and checks it within the query
// deadline.
func (h *queryRoutes) clash(ctx context.Context, req ClashRequest) (*clash.Result, error) {
	if req.Pipe != nil {
		if err := query.PointsToWGS84("pipe.centreline", req.CRS, req.Pipe.Centreline); err != nil {
			return nil, err
		}
	}
	if req.Excavation != nil {
		if err := query.PointsToWGS84("excavation.polygon", req.CRS, req.Excavation.Polygon...); err != nil {
			return nil, err
		}
	}
	return query.WithDeadline(ctx, h.q.Limits().Deadline, func(ctx context.Context) (*clash.Result, error) {
		res, err := clash.Check(ctx, h.s.store, req.Request)
		return &res, err
	})
}

// traceQuery runs a network trace (its engine has the query deadline).
func (h *queryRoutes) traceQuery(ctx context.Context, req network.Request) (*network.Result, error) {
	return h.trace.Trace(ctx, req)
}

// SectionRequest is section.Request with the CRS of its line and the
// options of the SVG drawing.
type SectionRequest struct {
	// CRS of the line's positions (default EPSG:4326).
	CRS string `json:"crs,omitempty"`
	section.Request
	// SVG steers the drawing when the answer is SVG.
	SVG *section.SVGOptions `json:"svg,omitempty"`
}

// sectionQuery converts the line to WGS84 and cuts the section within the
// query deadline.
func (h *queryRoutes) sectionQuery(ctx context.Context, req SectionRequest) (*section.Result, error) {
	if err := query.PointsToWGS84("line", req.CRS, req.Line); err != nil {
		return nil, err
	}
	return query.WithDeadline(ctx, h.q.Limits().Deadline, func(ctx context.Context) (*section.Result, error) {
		res, err := section.Cut(ctx, h.s.store, req.Request)
		return &res, err
	})
}

// section answers JSON, or the SVG drawing when the client asks for it
// with ?format=svg or Accept: image/svg+xml.
func (h *queryRoutes) section(w http.ResponseWriter, r *http.Request) {
	var req SectionRequest
	if err := query.Decode(r.Body, &req); err != nil {
		h.queryError(w, r, err)
		return
	}
	res, err := h.sectionQuery(r.Context(), req)
	if err != nil {
		h.queryError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") != "svg" && !strings.Contains(r.Header.Get("Accept"), "image/svg+xml") {
		writeJSON(w, http.StatusOK, res)
		return
	}
	opts := section.SVGOptions{}
	if req.SVG != nil {
		opts = *req.SVG
	}
	svg, err := section.SVG(*res, opts)
	if err != nil {
		h.queryError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(svg)
}
