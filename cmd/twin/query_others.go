package main

import (
	"context"
	"os"
	"strings"

	"github.com/citytwin/citytwin/geo"

	"github.com/citytwin/citytwin/twin/network"
	"github.com/citytwin/citytwin/twin/query"
)

func runClashQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req query.ClashRequest
	if qc.file == nil {
		return nil, &query.BadRequestError{Field: "--file", Msg: "clash needs a request file (see the README)"}
	}
	if err := qc.decodeFile(&req); err != nil {
		return nil, err
	}
	setIf(qc, "crs", &req.CRS, qc.flags.crs)
	return qc.engine().Clash(ctx, req)
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

func runSectionQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req query.SectionRequest
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
	res, err := qc.engine().Section(ctx, req)
	if err != nil || qc.flags.svg == "" {
		return res, err
	}
	svg, err := query.SectionSVG(res, req)
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
