package clash

import (
	"errors"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// ErrInvalid is wrapped by every error about the request itself.
var ErrInvalid = errors.New("clash: invalid request")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// options are the checked settings of a request.
type options struct {
	table      Table
	limit      int
	foundation float64
	statuses   map[twin.Status]bool
	exclude    map[string]bool
	filter     twin.Filter
}

// checkOptions validates everything in req but the proposal.
func checkOptions(req Request) (options, error) {
	o := options{limit: req.Limit, foundation: req.FoundationDepthM, exclude: map[string]bool{}}
	var err error
	if o.table, err = DefaultTable().Merge(req.Clearances); err != nil {
		return o, err
	}
	switch {
	case o.limit == 0:
		o.limit = DefaultLimit
	case o.limit < 0 || o.limit > MaxLimit:
		return o, invalid("limit %d outside 1..%d", req.Limit, MaxLimit)
	}
	switch {
	case o.foundation == 0:
		o.foundation = DefaultFoundationDepthM
	case math.IsNaN(o.foundation) || o.foundation < 0 || o.foundation > 100:
		return o, invalid("foundation_depth_m %v outside 0..100 m", req.FoundationDepthM)
	}
	for _, id := range req.Exclude {
		o.exclude[id] = true
	}
	if len(req.Statuses) > 0 {
		o.statuses = map[twin.Status]bool{}
		for _, st := range req.Statuses {
			s, err := twin.ParseStatus(string(st))
			if err != nil {
				return o, invalid("statuses: %v", err)
			}
			o.statuses[s] = true
		}
	}
	o.filter, err = searchFilter(req)
	return o, err
}

func searchFilter(req Request) (twin.Filter, error) {
	f := twin.Filter{Kinds: []twin.Kind{twin.KindSegment}, Datasets: req.Datasets}
	if !req.SkipBuildings {
		f.Kinds = append(f.Kinds, twin.KindBuilding)
	}
	for _, n := range req.Networks {
		net, err := twin.ParseNetwork(string(n))
		if err != nil {
			return f, invalid("networks: %v", err)
		}
		f.Layers = append(f.Layers, string(net))
	}
	if len(f.Layers) > 0 && !req.SkipBuildings {
		f.Layers = append(f.Layers, "buildings")
	}
	return f, nil
}

// checkPoints validates a geographic point list.
func checkPoints(what string, pts []geo.Point3) error {
	if len(pts) > MaxVertices {
		return invalid("%s: %d vertices, at most %d", what, len(pts), MaxVertices)
	}
	for i, p := range pts {
		if !p.Finite() || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 ||
			p[2] < twin.MinElevationM || p[2] > twin.MaxElevationM {
			return invalid("%s[%d]: %v is not a lon°, lat°, h m position", what, i, p)
		}
	}
	return nil
}

func checkPipe(p *Pipe) error {
	if p.Network == "" {
		return invalid("pipe: network missing")
	}
	net, err := twin.ParseNetwork(string(p.Network))
	if err != nil {
		return invalid("pipe: %v", err)
	}
	p.Network = net
	if len(p.Centreline) < 2 {
		return invalid("pipe: centreline has %d points, want 2 or more", len(p.Centreline))
	}
	if err := checkPoints("pipe: centreline", p.Centreline); err != nil {
		return err
	}
	if err := checkSection(p.DiameterMM, p.WidthMM, p.HeightMM); err != nil {
		return err
	}
	if p.DepthM != nil && len(p.DepthM) != len(p.Centreline) {
		return invalid("pipe: %d depths for %d centreline points", len(p.DepthM), len(p.Centreline))
	}
	for i, d := range p.DepthM {
		if math.IsNaN(d) || d < -twin.MaxDepthM || d > twin.MaxDepthM {
			return invalid("pipe: depth_m[%d] %v outside ±%v m", i, d, twin.MaxDepthM)
		}
	}
	return checkGround(p.GroundM)
}

func checkSection(d, w, h float64) error {
	for _, v := range []float64{d, w, h} {
		if math.IsNaN(v) || v < 0 || v > twin.MaxDiameterMM {
			return invalid("pipe: size %v mm outside 0..%v mm", v, twin.MaxDiameterMM)
		}
	}
	if d == 0 && (w == 0 || h == 0) {
		return invalid("pipe: give diameter_mm, or width_mm and height_mm")
	}
	return nil
}

func checkGround(g *float64) error {
	if g != nil && (math.IsNaN(*g) || *g < twin.MinElevationM || *g > twin.MaxElevationM) {
		return invalid("ground_m %v out of range", *g)
	}
	return nil
}

func checkExcavation(e *Excavation) error {
	if len(e.Polygon) == 0 || len(e.Polygon[0]) < 3 {
		return invalid("excavation: polygon needs an outer ring of 3 or more points")
	}
	n := 0
	for i, r := range e.Polygon {
		n += len(r)
		if err := checkPoints(fmt.Sprintf("excavation: polygon[%d]", i), r); err != nil {
			return err
		}
	}
	if n > MaxVertices {
		return invalid("excavation: %d vertices, at most %d", n, MaxVertices)
	}
	if (e.TopM == nil) != (e.BottomM == nil) {
		return invalid("excavation: give both top_m and bottom_m, or depths")
	}
	if e.TopM != nil {
		for _, v := range []float64{*e.TopM, *e.BottomM} {
			if math.IsNaN(v) || v < twin.MinElevationM || v > twin.MaxElevationM {
				return invalid("excavation: level %v m out of range", v)
			}
		}
		if *e.BottomM >= *e.TopM {
			return invalid("excavation: bottom_m %v not below top_m %v", *e.BottomM, *e.TopM)
		}
		return nil
	}
	t, b := e.TopDepthM, e.BottomDepthM
	if math.IsNaN(t) || math.IsNaN(b) || t < 0 || b <= t || b > twin.MaxDepthM {
		return invalid("excavation: depths %v..%v m, want 0 ≤ top_depth_m < bottom_depth_m ≤ %v", t, b, twin.MaxDepthM)
	}
	return checkGround(e.GroundM)
}
