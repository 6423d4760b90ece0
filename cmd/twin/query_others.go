package main

import (
	"context"
	"os"
	"strings"

	"github.com/citytwin/citytwin/geo"

	"github.com/citytwin/citytwin/twin/network"
	"github.com/citytwin/citytwin/twin/query"
	"github.com/citytwin/citytwin/twin/query/clash"
	"github.com/citytwin/citytwin/twin/query/section"
)

// clashFileRequest is clash.Request with the CRS of its coordinates, as
// the HTTP API takes it.
type clashFileRequest struct {
	CRS string `json:"crs,omitempty"`
	clash.Request
}

func runClashQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req clashFileRequest
	if qc.file == nil {
		return nil, &query.BadRequestError{Field: "--file", Msg: "clash needs a request file (see the README)"}
	}
	if err := qc.decodeFile(&req); err != nil {
		return nil, err
	}
	setIf(qc, "crs", &req.CRS, qc.flags.crs)
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
	deadline := qc.engine().Limits().Deadline
	return query.WithDeadline(ctx, deadline, func(ctx context.Context) (*clash.Result, error) {
		res, err := clash.Check(ctx, qc.store, req.Request)
		return &res, err
	})
}

func runTraceQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req network.Request
	if err := qc.decodeFile(&req); err != nil {
		return nil, err
	}
	setIf(qc, "start", &req.Start, qc.flags.start)
	if qc.set["trace-kind"] {
		req.Kind = network.Kind(qc.flags.traceKind)
	}
	eng := network.NewEngine(qc.store, network.Options{Timeout: qc.engine().Limits().Deadline})
	return eng.Trace(ctx, req)
}

// sectionFileRequest is section.Request with the CRS of its line and the
// SVG options, as the HTTP API takes it.
type sectionFileRequest struct {
	CRS string `json:"crs,omitempty"`
	section.Request
	SVG *section.SVGOptions `json:"svg,omitempty"`
}

func runSectionQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req sectionFileRequest
	if err := qc.decodeFile(&req); err != nil {
		return nil, err
	}
	setIf(qc, "crs", &req.CRS, qc.flags.crs)
	if qc.set["line"] {
		pts, err := parseLine(qc.flags.line)
		if err != nil {
			return nil, err
		}
		req.Line = pts
	}
	setIf(qc, "half-width", &req.HalfWidthM, qc.flags.halfWidth)
	if err := query.PointsToWGS84("line", req.CRS, req.Line); err != nil {
		return nil, err
	}
	deadline := qc.engine().Limits().Deadline
	res, err := query.WithDeadline(ctx, deadline, func(ctx context.Context) (*section.Result, error) {
		res, err := section.Cut(ctx, qc.store, req.Request)
		return &res, err
	})
	if err != nil || qc.flags.svg == "" {
		return res, err
	}
	opts := section.SVGOptions{}
	if req.SVG != nil {
		opts = *req.SVG
	}
	svg, err := section.SVG(*res, opts)
	if err != nil {
		return nil, err
	}
	return res, os.WriteFile(qc.flags.svg, svg, 0o644)
}

// parseLine reads "lon,lat[,h];lon,lat[,h];...".
func parseLine(s string) ([]geo.Point3, error) {
	var pts []geo.Point3
	for _, part := range strings.Split(s, ";") {
		p, err := parseFloats("line", part, 2, 3)
		if err != nil {
			return nil, err
		}
		var q geo.Point3
		copy(q[:], p)
		pts = append(pts, q)
	}
	return pts, nil
}
