package query

import (
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// probeFrame holds a probe in WGS84 and in the local east-north-up frame
// at its centre, where distances are measured.
type probeFrame struct {
	shape Shape
	frame geo.ENU
	local localProbe
}

// newProbeFrame places shape (heights already final) in a local frame.
func newProbeFrame(s Shape) *probeFrame {
	b := s.Bounds()
	pf := &probeFrame{shape: s, frame: geo.NewENU(b.Center())}
	if len(s.Line) == 1 {
		p := pf.toLocal(s.Line[0])
		pf.local.segs = []geo.Segment3{{A: p, B: p}}
		return pf
	}
	if len(s.Line) > 1 {
		pf.local.segs = pf.polyline(s.Line)
		return pf
	}
	// a polygon is flat at the mean height of its positions
	sum, n := 0.0, 0
	s.eachSlice(func(pts []geo.Point3) {
		for _, p := range pts {
			sum, n = sum+p[2], n+1
		}
	})
	h := sum / float64(n)
	var rings []orb.Ring
	for _, poly := range s.Polygons {
		for _, ring := range poly {
			flat := make([]geo.Point3, len(ring))
			for i, p := range ring {
				flat[i] = geo.Point3{p[0], p[1], h}
			}
			pf.local.segs = append(pf.local.segs, pf.polyline(flat)...)
			rings = append(rings, pf.ring(ring))
		}
	}
	pf.local.area = newPolyArea(rings)
	pf.local.h = pf.height(h)
	return pf
}

// toLocal converts lon°, lat°, h m to the local frame: east and north
// of the ENU frame at the probe's centre, and the height above the
// centre's (not the tangent plane's curving distance, 2 cm at 500 m), so
// that a depth difference stays a vertical one.
func (pf *probeFrame) toLocal(p geo.Point3) geo.Point3 {
	h0 := pf.frame.Origin()[2]
	l := pf.frame.FromLLH(geo.Point3{p[0], p[1], h0})
	return geo.Point3{l[0], l[1], p[2] - h0}
}

// toLLH converts a local point back to lon°, lat°, h m.
func (pf *probeFrame) toLLH(p geo.Point3) geo.Point3 {
	h0 := pf.frame.Origin()[2]
	q := pf.frame.ToLLH(geo.Point3{p[0], p[1], 0})
	return geo.Point3{q[0], q[1], p[2] + h0}
}

// polyline returns the segments of pts in the local frame.
func (pf *probeFrame) polyline(pts []geo.Point3) []geo.Segment3 {
	if len(pts) == 1 {
		p := pf.toLocal(pts[0])
		return []geo.Segment3{{A: p, B: p}}
	}
	segs := make([]geo.Segment3, 0, len(pts)-1)
	prev := pf.toLocal(pts[0])
	for _, p := range pts[1:] {
		q := pf.toLocal(p)
		segs = append(segs, geo.Segment3{A: prev, B: q})
		prev = q
	}
	return segs
}

// ring returns the x, y of a closed ring (lon°, lat°) in the local frame.
func (pf *probeFrame) ring(r []geo.Point3) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		l := pf.toLocal(p)
		out[i] = orb.Point{l[0], l[1]}
	}
	return out
}

// distance returns the 3D distance from the probe to f, or false for a
// kind it does not measure (meshes) or a feature without geometry.
func (pf *probeFrame) distance(f twin.Feature) (hit, bool) {
	switch f := f.(type) {
	case *twin.UtilitySegment:
		best := noHit()
		for _, s := range pf.polyline(f.Centreline) {
			best.take(pf.local.toSegment(s))
		}
		return best, len(f.Centreline) > 0
	case *twin.UtilityNode:
		return pf.local.toPoint(pf.toLocal(f.Position)), true
	case *twin.Building:
		if len(f.Footprint) == 0 || len(f.Footprint[0]) < 4 {
			return hit{}, false
		}
		rings := make([]orb.Ring, len(f.Footprint))
		for i, r := range f.Footprint {
			rings[i] = pf.orbRing(r)
		}
		base, roof := pf.height(f.BaseM), pf.height(f.RoofM)
		return pf.local.toPrism(prism{area: newPolyArea(rings), base: base, roof: roof}), true
	}
	return hit{}, false
}

func (pf *probeFrame) orbRing(r orb.Ring) orb.Ring {
	pts := make([]geo.Point3, len(r))
	for i, p := range r {
		pts[i] = geo.Point3{p[0], p[1]}
	}
	return pf.ring(pts)
}

// height converts an absolute height to the frame's z at its origin.
func (pf *probeFrame) height(h float64) float64 { return h - pf.frame.Origin()[2] }

// radiusM is the radius of a utility segment's section, metres: half
// the diameter, or half the larger side of a rectangular duct.
func radiusM(f twin.Feature) float64 {
	if s, ok := f.(*twin.UtilitySegment); ok {
		if s.DiameterMM > 0 {
			return s.DiameterMM / 2000
		}
		return math.Max(s.WidthMM, s.HeightMM) / 2000
	}
	return 0
}

// groundOf is the ground elevation a feature records: the ground above a
// utility, the base of a building.
func groundOf(f twin.Feature) (float64, bool) {
	switch f := f.(type) {
	case *twin.UtilitySegment:
		return f.GroundM, true
	case *twin.UtilityNode:
		return f.GroundM, true
	case *twin.Building:
		return f.BaseM, true
	}
	return 0, false
}

// medianGround is the median ground elevation of feats, false if none has
// one.
func medianGround(feats []twin.Feature) (float64, bool) {
	var gs []float64
	for _, f := range feats {
		if g, ok := groundOf(f); ok && !math.IsNaN(g) {
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 {
		return 0, false
	}
	slices.Sort(gs)
	return gs[len(gs)/2], true
}
