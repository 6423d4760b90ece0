package section

import (
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// alongTan is tan 30°: a utility runs along the line when it stays in the
// corridor over more stations than a crossing at 30° would, 2·w/tan 30°.
var alongTan = math.Tan(30 * math.Pi / 180)

// segment records a utility segment's crossings, its runs along the line
// and a ground sample where it comes closest.
func (c *cutter) segment(s *twin.UtilitySegment) {
	if len(s.Centreline) < 2 {
		return
	}
	pts := c.f.LocalAll(s.Centreline)
	if st, d := c.l.projectPolyline(pts); d <= GroundMarginM {
		c.samples = append(c.samples, GroundPoint{StationM: st, GroundM: s.GroundM, From: s.ID})
	}
	for _, x := range c.crossings(pts) {
		cr := Crossing{
			FeatureID: s.ID, Network: s.Network, Status: s.Status, Material: s.Material,
			StationM: round3(x.station), CentreM: round3(x.p[2]), GroundM: s.GroundM,
			DepthM: round3(s.GroundM - x.p[2]), DiameterMM: s.DiameterMM, WidthMM: s.WidthMM, HeightMM: s.HeightMM,
			AngleDeg: math.Round(x.angle*10) / 10, Location: c.f.LLH(x.p),
		}
		c.res.Crossings = append(c.res.Crossings, cr)
		c.samples = append(c.samples, GroundPoint{StationM: x.station, GroundM: s.GroundM, From: s.ID})
	}
	for _, run := range c.runs(pts) {
		c.res.Along = append(c.res.Along, Along{
			FeatureID: s.ID, Network: s.Network, Status: s.Status, Material: s.Material,
			FromM: round3(run.from.st), ToM: round3(run.to.st), OffsetM: round3(run.offset),
			FromCentreM: round3(run.from.z), ToCentreM: round3(run.to.z), GroundM: s.GroundM, DepthM: s.DepthM,
			DiameterMM: s.DiameterMM, WidthMM: s.WidthMM, HeightMM: s.HeightMM,
		})
	}
}

// projectPolyline returns the station of the line's point nearest to a
// polyline and the plan distance.
func (l line) projectPolyline(pts []geo.Point3) (float64, float64) {
	best, st := math.Inf(1), 0.0
	for i := 1; i < len(l.pts); i++ {
		for j := 1; j < len(pts); j++ {
			d, p, _ := geo.SegmentDistance(flat(l.pts[i-1], l.pts[i]), flat(pts[j-1], pts[j]))
			if d < best {
				best, st = d, l.st[i-1]+p.Dist(l.pts[i-1])
			}
		}
	}
	return st, best
}

type crossing struct {
	station, angle float64
	p              geo.Point3 // local, z = axis height
}

// crossings returns the plan intersections of the line with a polyline,
// one per place (a crossing through a shared vertex counts once).
func (c *cutter) crossings(pts []geo.Point3) []crossing {
	var out []crossing
	for i := 1; i < len(c.l.pts); i++ {
		a, b := c.l.pts[i-1], c.l.pts[i]
		for j := 1; j < len(pts); j++ {
			t, u, ok := crossParams(a, b, pts[j-1], pts[j])
			if !ok {
				continue
			}
			st := c.l.st[i-1] + t*(c.l.st[i]-c.l.st[i-1])
			if slices.ContainsFunc(out, func(x crossing) bool { return math.Abs(x.station-st) < 1e-6 }) {
				continue
			}
			out = append(out, crossing{station: st, angle: planAngle(a, b, pts[j-1], pts[j]), p: pts[j-1].Lerp(pts[j], u)})
		}
	}
	return out
}

type stationZ struct{ st, z float64 }

type run struct {
	from, to stationZ
	offset   float64
}

// runs returns the station ranges where a polyline stays inside the
// corridor for longer than a 30° crossing would.
func (c *cutter) runs(pts []geo.Point3) []run {
	var parts []run
	for j := 1; j < len(pts); j++ {
		a, b := pts[j-1], pts[j]
		for i := 1; i < len(c.l.pts); i++ {
			lo, hi, d, ok := within(a, b, c.l.pts[i-1], c.l.pts[i], c.w)
			if !ok {
				continue
			}
			pa, pb := a.Lerp(b, lo), a.Lerp(b, hi)
			sa, _ := c.l.project(pa)
			sb, _ := c.l.project(pb)
			r := run{from: stationZ{sa, pa[2]}, to: stationZ{sb, pb[2]}, offset: d}
			if sb < sa {
				r.from, r.to = r.to, r.from
			}
			parts = append(parts, r)
		}
	}
	return mergeRuns(parts, 2*c.w/alongTan)
}

// mergeRuns joins overlapping runs (within 0.5 m) and keeps those longer
// than minLen.
func mergeRuns(parts []run, minLen float64) []run {
	slices.SortFunc(parts, func(a, b run) int { return cmpOr(a.from.st, b.from.st, "", "") })
	var out []run
	for _, p := range parts {
		if n := len(out); n > 0 && p.from.st <= out[n-1].to.st+0.5 {
			if p.to.st > out[n-1].to.st {
				out[n-1].to = p.to
			}
			out[n-1].offset = min(out[n-1].offset, p.offset)
			continue
		}
		out = append(out, p)
	}
	return slices.DeleteFunc(out, func(r run) bool { return r.to.st-r.from.st < minLen })
}

// building records the spans of the line inside a building's footprint.
func (c *cutter) building(b *twin.Building) {
	rings := make([][]geo.Point3, 0, len(b.Footprint))
	for _, r := range b.Footprint {
		l := make([]geo.Point3, len(r))
		for i, p := range r {
			l[i] = c.f.Local(geo.Point3{p[0], p[1], 0})
		}
		rings = append(rings, l)
	}
	if len(rings) == 0 || len(rings[0]) < 3 {
		return
	}
	spans := c.l.inside(rings)
	if len(spans) == 0 {
		return
	}
	for _, sp := range spans {
		c.samples = append(c.samples, GroundPoint{StationM: sp[0], GroundM: b.BaseM, From: b.ID},
			GroundPoint{StationM: sp[1], GroundM: b.BaseM, From: b.ID})
	}
	for i := range spans {
		spans[i] = [2]float64{round3(spans[i][0]), round3(spans[i][1])}
	}
	c.res.Buildings = append(c.res.Buildings, Building{FeatureID: b.ID, Spans: spans, BaseM: b.BaseM, RoofM: b.RoofM, HeightM: round3(b.RoofM - b.BaseM)})
}

// inside returns the station ranges of the line inside the polygon.
func (l line) inside(rings [][]geo.Point3) [][2]float64 {
	var out [][2]float64
	for i := 1; i < len(l.pts); i++ {
		a, b := l.pts[i-1], l.pts[i]
		cuts := []float64{0, 1}
		for _, r := range rings {
			for k := range r {
				if t, _, ok := crossParams(a, b, r[k], r[(k+1)%len(r)]); ok {
					cuts = append(cuts, t)
				}
			}
		}
		slices.Sort(cuts)
		for k := 1; k < len(cuts); k++ {
			t0, t1 := cuts[k-1], cuts[k]
			if t1-t0 < 1e-12 || !geo.PointInPolygon(rings, a.Lerp(b, (t0+t1)/2)) {
				continue
			}
			s0, s1 := l.st[i-1]+t0*(l.st[i]-l.st[i-1]), l.st[i-1]+t1*(l.st[i]-l.st[i-1])
			if n := len(out); n > 0 && math.Abs(out[n-1][1]-s0) < 1e-9 {
				out[n-1][1] = s1
			} else {
				out = append(out, [2]float64{s0, s1})
			}
		}
	}
	return out
}
