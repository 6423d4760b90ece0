package query

import (
	"context"

	"github.com/citytwin/citytwin/twin/query/clash"
	"github.com/citytwin/citytwin/twin/query/section"
)

// ClashRequest is clash.Request with the CRS of its coordinates, as the
// API and `twin query clash --file` take it.
type ClashRequest struct {
	// CRS of the proposal's positions (default EPSG:4326).
	CRS string `json:"crs,omitempty"`
	clash.Request
}

// Clash converts the proposal to WGS84 and checks it within the engine's
// deadline.
func (e *Engine) Clash(ctx context.Context, req ClashRequest) (*clash.Result, error) {
	if req.Pipe != nil {
		if err := PointsToWGS84("pipe.centreline", req.CRS, req.Pipe.Centreline); err != nil {
			return nil, err
		}
	}
	if req.Excavation != nil {
		if err := PointsToWGS84("excavation.polygon", req.CRS, req.Excavation.Polygon...); err != nil {
			return nil, err
		}
	}
	return WithDeadline(ctx, e.limits.Deadline, func(ctx context.Context) (*clash.Result, error) {
		res, err := clash.Check(ctx, e.store, req.Request)
		return &res, err
	})
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

// Section converts the line to WGS84 and cuts the section within the
// engine's deadline.
func (e *Engine) Section(ctx context.Context, req SectionRequest) (*section.Result, error) {
	if err := PointsToWGS84("line", req.CRS, req.Line); err != nil {
		return nil, err
	}
	return WithDeadline(ctx, e.limits.Deadline, func(ctx context.Context) (*section.Result, error) {
		res, err := section.Cut(ctx, e.store, req.Request)
		return &res, err
	})
}

// SectionSVG draws a section result with the request's SVG options.
func SectionSVG(res *section.Result, req SectionRequest) ([]byte, error) {
	opts := section.SVGOptions{}
	if req.SVG != nil {
		opts = *req.SVG
	}
	return section.SVG(*res, opts)
}
