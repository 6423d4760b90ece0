package section

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/local"
)

// ErrInvalid is wrapped by every error about the request itself.
var ErrInvalid = errors.New("section: invalid request")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// chunkM is the plan length of the pieces of the line searched one by one.
const chunkM = 50.0

// Cut computes the cross-section of s along req.Line. It honours ctx (and
// applies DefaultTimeout when ctx has no deadline). Errors about the
// request wrap ErrInvalid.
func Cut(ctx context.Context, s twin.Store, req Request) (Result, error) {
	if s == nil {
		return Result{}, errors.New("section: no store")
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	c, err := newCutter(ctx, req)
	if err != nil {
		return Result{}, err
	}
	if err := c.run(s); err != nil {
		return Result{}, err
	}
	return c.finish(), nil
}

// cutter holds the state of one section.
type cutter struct {
	ctx     context.Context
	f       local.Frame
	l       line
	w       float64
	limit   int
	filter  twin.Filter
	seen    map[string]bool
	res     Result
	samples []GroundPoint
	err     error
}

func newCutter(ctx context.Context, req Request) (*cutter, error) {
	if err := checkRequest(&req); err != nil {
		return nil, err
	}
	f := local.Around(req.Line)
	l := newLine(f.LocalAll(req.Line))
	if l.length() > MaxLengthM {
		return nil, invalid("line is %.0f m long, at most %v m", l.length(), MaxLengthM)
	}
	if l.length() == 0 {
		return nil, invalid("line has no length")
	}
	c := &cutter{ctx: ctx, f: f, l: l, w: req.HalfWidthM, limit: req.Limit, seen: map[string]bool{}}
	c.filter = twin.Filter{Kinds: []twin.Kind{twin.KindSegment, twin.KindNode, twin.KindBuilding}, Layers: req.Layers, Datasets: req.Datasets}
	c.res = Result{LengthM: round3(l.length()), HalfWidthM: c.w, Vertices: roundAll(l.st)}
	return c, nil
}

func checkRequest(req *Request) error {
	if len(req.Line) < 2 || len(req.Line) > MaxVertices {
		return invalid("line has %d points, want 2..%d", len(req.Line), MaxVertices)
	}
	for i, p := range req.Line {
		if !p.Finite() || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return invalid("line[%d]: %v is not a lon°, lat° position", i, p)
		}
	}
	switch w := req.HalfWidthM; {
	case w == 0:
		req.HalfWidthM = DefaultHalfWidthM
	case math.IsNaN(w) || w < 0 || w > MaxHalfWidthM:
		return invalid("half_width_m %v outside 0..%v m", w, MaxHalfWidthM)
	}
	switch {
	case req.Limit == 0:
		req.Limit = DefaultLimit
	case req.Limit < 0 || req.Limit > MaxLimit:
		return invalid("limit %d outside 1..%d", req.Limit, MaxLimit)
	}
	req.Layers = slices.Clone(req.Layers)
	for i, layer := range req.Layers {
		if layer == "buildings" {
			continue
		}
		n, err := twin.ParseNetwork(layer)
		if err != nil {
			return invalid("layers: %v", err)
		}
		req.Layers[i] = string(n)
	}
	return nil
}

// run searches the store piece by piece along the line.
func (c *cutter) run(s twin.Store) error {
	margin := max(c.w, GroundMarginM) + twin.MaxDiameterMM/2000
	for i := 1; i < len(c.l.pts); i++ {
		a, b := c.l.pts[i-1], c.l.pts[i]
		n := max(1, int(math.Ceil(a.Dist(b)/chunkM)))
		for k := range n {
			p, q := a.Lerp(b, float64(k)/float64(n)), a.Lerp(b, float64(k+1)/float64(n))
			err := s.Search(c.ctx, c.bounds(p, q, margin), c.filter, c.visit)
			if c.err != nil {
				return c.err
			}
			if err != nil {
				return fmt.Errorf("section: search: %w", err)
			}
			if c.res.Truncated {
				return nil
			}
		}
	}
	return nil
}

// bounds returns the geographic search bounds of the plan box around p–q
// grown by margin metres, at every height.
func (c *cutter) bounds(p, q geo.Point3, margin float64) geo.Bounds3 {
	return c.f.SearchBounds(min(p[0], q[0])-margin, min(p[1], q[1])-margin,
		max(p[0], q[0])+margin, max(p[1], q[1])+margin, math.Inf(-1), math.Inf(1))
}

func (c *cutter) visit(f twin.Feature) bool {
	id := f.Head().ID
	if c.seen[id] {
		return true
	}
	c.seen[id] = true
	if err := c.ctx.Err(); err != nil {
		c.err = fmt.Errorf("section: %w", err)
		return false
	}
	if c.res.Candidates >= MaxCandidates {
		c.res.Truncated = true
		return false
	}
	c.res.Candidates++
	switch v := f.(type) {
	case *twin.UtilitySegment:
		c.segment(v)
	case *twin.UtilityNode:
		if st, d := c.l.project(c.f.Local(v.Position)); d <= GroundMarginM {
			c.samples = append(c.samples, GroundPoint{StationM: st, GroundM: v.GroundM, From: v.ID})
		}
	case *twin.Building:
		c.building(v)
	}
	return true
}

// finish sorts the answer, applies the cap and builds the ground profile.
func (c *cutter) finish() Result {
	r := &c.res
	slices.SortFunc(r.Crossings, func(a, b Crossing) int {
		return cmpOr(a.StationM, b.StationM, a.FeatureID, b.FeatureID)
	})
	slices.SortFunc(r.Along, func(a, b Along) int { return cmpOr(a.FromM, b.FromM, a.FeatureID, b.FeatureID) })
	slices.SortFunc(r.Buildings, func(a, b Building) int {
		return cmpOr(a.Spans[0][0], b.Spans[0][0], a.FeatureID, b.FeatureID)
	})
	left := c.limit
	r.Crossings, left = capped(r.Crossings, left, &r.Truncated)
	r.Along, left = capped(r.Along, left, &r.Truncated)
	r.Buildings, _ = capped(r.Buildings, left, &r.Truncated)
	r.Ground = profile(c.samples, c.l.length())
	return *r
}

func capped[T any](s []T, left int, truncated *bool) ([]T, int) {
	if s == nil {
		s = []T{}
	}
	if len(s) > left {
		*truncated = true
		s = s[:left]
	}
	return s, left - len(s)
}

func cmpOr(a, b float64, ida, idb string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case ida < idb:
		return -1
	case ida > idb:
		return 1
	}
	return 0
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func roundAll(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = round3(x)
	}
	return out
}
