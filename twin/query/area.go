package query

import (
	"context"
	"fmt"

	"github.com/citytwin/citytwin/twin"
)

// AreaRequest asks for the features in an area.
type AreaRequest struct {
	AreaSpec
	Filters
	// Limit is the page size (default and cap in Limits); Offset skips
	// that many matches; Cursor continues after a previous page's
	// next_cursor. Matches are ordered by id.
	Limit  int    `json:"limit,omitempty"`
	Offset int    `json:"offset,omitempty"`
	Cursor string `json:"cursor,omitempty"`
	// IncludeGeometry adds each feature's GeoJSON to the results.
	IncludeGeometry bool `json:"include_geometry,omitempty"`
}

// AreaResponse is the answer to an AreaRequest.
type AreaResponse struct {
	// CRS of every geometry in the answer: always EPSG:4326.
	CRS string `json:"crs"`
	// AreaM2 is the area of the query polygon, m².
	AreaM2 float64 `json:"area_m2"`
	// Total counts every match, on every page; ByLayer splits it by layer.
	Total   int            `json:"total"`
	ByLayer map[string]int `json:"by_layer"`
	Offset  int            `json:"offset"`
	Limit   int            `json:"limit"`
	// Truncated is true when more matches follow this page: ask again
	// with NextCursor.
	Truncated  bool   `json:"truncated"`
	NextCursor string `json:"next_cursor,omitempty"`
	Features   []Item `json:"features"`
}

// Area returns the features in an area that pass the filters: a segment
// whose 2D centreline touches the area, a building whose footprint does,
// a node inside it (borders count as inside); heights do not matter.
func (e *Engine) Area(ctx context.Context, req AreaRequest) (*AreaResponse, error) {
	return WithDeadline(ctx, e.limits.Deadline, func(ctx context.Context) (*AreaResponse, error) {
		return e.area(ctx, req)
	})
}

func (e *Engine) area(ctx context.Context, req AreaRequest) (*AreaResponse, error) {
	reg, areaM2, err := e.parseArea(req.AreaSpec)
	if err != nil {
		return nil, err
	}
	limit, err := e.limits.resultLimit(req.Limit)
	if err != nil {
		return nil, err
	}
	if err := e.limits.checkOffset(req.Offset); err != nil {
		return nil, err
	}
	after, err := decodeCursor(req.Cursor)
	if err != nil {
		return nil, err
	}
	m, err := e.compileFilters(ctx, req.Filters)
	if err != nil {
		return nil, err
	}
	resp := &AreaResponse{CRS: OutputCRS, AreaM2: areaM2, ByLayer: map[string]int{}, Offset: req.Offset, Limit: limit}
	pg := newPager(after, req.Offset, limit)
	err = e.store.Search(ctx, reg.bounds, m.store, func(f twin.Feature) bool {
		if m.match(f) && reg.featureInRegion(f) {
			pg.add(f)
			resp.ByLayer[f.Layer()]++
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("query: area: %w", err)
	}
	resp.fill(pg, req.IncludeGeometry)
	return resp, nil
}

// fill sets the page, its totals and the cursor of the next page.
func (resp *AreaResponse) fill(pg *pager, withGeometry bool) {
	feats, more := pg.page()
	resp.Total, resp.Truncated = pg.total, more
	resp.Features = make([]Item, len(feats))
	for i, f := range feats {
		resp.Features[i] = newItem(f, withGeometry)
	}
	if more && len(feats) > 0 {
		resp.NextCursor = EncodeCursor(feats[len(feats)-1].Head().ID)
	}
}
