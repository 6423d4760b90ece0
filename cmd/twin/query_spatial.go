package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/citytwin/citytwin/twin/query"
)

func runAreaQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req query.AreaRequest
	if err := qc.decodeArea(&req, &req.AreaSpec, &req.Filters); err != nil {
		return nil, err
	}
	qf := qc.flags
	setIf(qc, "limit", &req.Limit, qf.limit)
	setIf(qc, "offset", &req.Offset, qf.offset)
	setIf(qc, "cursor", &req.Cursor, qf.cursor)
	setIf(qc, "geometry", &req.IncludeGeometry, qf.withGeometry)
	return qc.engine().Area(ctx, req)
}

func runStatsQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req query.StatsRequest
	if err := qc.decodeArea(&req, &req.AreaSpec, &req.Filters); err != nil {
		return nil, err
	}
	if qc.set["bins"] {
		bins, err := parseFloats("bins", qc.flags.bins, len(strings.Split(qc.flags.bins, ",")), 0)
		if err != nil {
			return nil, err
		}
		req.HeightBinsM = bins
	}
	return qc.engine().Stats(ctx, req)
}

func runProximityQuery(ctx context.Context, qc *queryContext) (any, error) {
	var req query.ProximityRequest
	if err := qc.decodeFile(&req); err != nil {
		return nil, err
	}
	qf := qc.flags
	setIf(qc, "crs", &req.CRS, qf.crs)
	g, err := qc.probeGeometry()
	if err != nil {
		return nil, err
	}
	if g != nil {
		req.Geometry = g
	}
	if qc.set["probe-depth"] {
		req.ProbeDepthM = &qf.probeDepth
	}
	setIf(qc, "within", &req.DistanceM, qf.within)
	setIf(qc, "limit", &req.Limit, qf.limit)
	setIf(qc, "geometry", &req.IncludeGeometry, qf.withGeometry)
	if err := qc.applyFilters(&req.Filters); err != nil {
		return nil, err
	}
	return qc.engine().Proximity(ctx, req)
}

// setIf sets *dst to v when the flag was given.
func setIf[T any](qc *queryContext, name string, dst *T, v T) {
	if qc.set[name] {
		*dst = v
	}
}

// decodeArea decodes the request file into req, then applies the area
// and filter flags to its area a and filters f.
func (qc *queryContext) decodeArea(req any, a *query.AreaSpec, f *query.Filters) error {
	if err := qc.decodeFile(req); err != nil {
		return err
	}
	if err := qc.applyArea(a); err != nil {
		return err
	}
	return qc.applyFilters(f)
}

// applyArea sets the area of a request from --crs, --bbox, --polygon.
func (qc *queryContext) applyArea(a *query.AreaSpec) error {
	qf := qc.flags
	setIf(qc, "crs", &a.CRS, qf.crs)
	if qc.set["bbox"] {
		b, err := parseFloats("bbox", qf.bbox, 4, 0)
		if err != nil {
			return err
		}
		a.BBox, a.Geometry = b, nil
	}
	if qc.set["polygon"] {
		a.Geometry, a.BBox = json.RawMessage(qf.polygon), nil
	}
	return nil
}

// applyFilters sets the filters given as flags.
func (qc *queryContext) applyFilters(f *query.Filters) error {
	qf := qc.flags
	setIf(qc, "layer", &f.Layers, []string(qf.layers))
	setIf(qc, "kind", &f.Kinds, []string(qf.kinds))
	setIf(qc, "network", &f.Networks, []string(qf.networks))
	setIf(qc, "status", &f.Statuses, []string(qf.statuses))
	setIf(qc, "dataset", &f.Datasets, []string(qf.datasets))
	if qc.set["where"] {
		c, err := qf.conditions()
		if err != nil {
			return err
		}
		f.Where = c
	}
	if qc.set["depth"] {
		r, err := qf.depthRange()
		if err != nil {
			return err
		}
		f.DepthM = r
	}
	return nil
}

// probeGeometry builds the probe from --point, --line or --polygon (nil
// when none is given).
func (qc *queryContext) probeGeometry() (json.RawMessage, error) {
	qf := qc.flags
	n := 0
	for _, name := range []string{"point", "line", "polygon"} {
		if qc.set[name] {
			n++
		}
	}
	switch {
	case n > 1:
		return nil, &query.BadRequestError{Msg: "give one of --point, --line and --polygon"}
	case qc.set["point"]:
		p, err := parseFloats("point", qf.point, 2, 3)
		if err != nil {
			return nil, err
		}
		return geometryJSON(query.TypePoint, [][]float64{p}), nil
	case qc.set["line"]:
		var pts [][]float64
		for _, s := range strings.Split(qf.line, ";") {
			p, err := parseFloats("line", s, 2, 3)
			if err != nil {
				return nil, err
			}
			pts = append(pts, p)
		}
		return geometryJSON(query.TypeLineString, pts), nil
	case qc.set["polygon"]:
		return json.RawMessage(qf.polygon), nil
	}
	return nil, nil
}
