package clash

import (
	"context"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
)

// The oracle checks a proposal against EVERY stored segment and building
// (one Search over the whole world, no chunks, no pruning by the code
// under test) and finds each pair's minima by a best-first Lipschitz
// branch and bound over arc length: it samples the two axes ever more
// densely where the minimum may still be, and needs no convexity. It
// shares with the package only the definitions: the clearance table and
// h = max(0, plan distance − rh), v = max(0, |Δz| − rv).

const (
	oracleEpsM    = 0.01  // the oracle's max(h/H, v/V) is within this of the minimum
	oracleEpsDist = 0.005 // its surface distance within this many metres
	oracleCut     = 1.01  // minima above this are not refined
)

// oracleFrame is the oracle's own local frame: ENU x, y at a point, the
// stored height as z.
type oracleFrame struct{ enu geo.ENU }

func (f oracleFrame) loc(q geo.Point3) geo.Point3 {
	l := f.enu.FromLLH(geo.Point3{q[0], q[1], 0})
	return geo.Point3{l[0], l[1], q[2]}
}

func (f oracleFrame) all(pts []geo.Point3) []geo.Point3 {
	out := make([]geo.Point3, len(pts))
	for i, q := range pts {
		out[i] = f.loc(q)
	}
	return out
}

func (f oracleFrame) rings(rs [][]geo.Point3) [][]geo.Point3 {
	out := make([][]geo.Point3, len(rs))
	for i, r := range rs {
		out[i] = f.all(r)
		for j := range out[i] {
			out[i][j][2] = 0
		}
	}
	return out
}

func sectionOf(d, w, h float64) (float64, float64) {
	if d > 0 {
		return d / 2000, d / 2000
	}
	return w / 2000, h / 2000
}

// oracleCase is one proposal in the oracle's frame.
type oracleCase struct {
	f          oracleFrame
	table      Table
	found      float64
	party      string
	prop       polyline // a pipe's axis
	prh, prv   float64
	exc        [][]geo.Point3 // an excavation's polygon
	ztop, zbot float64
}

func newOracleCase(tb testing.TB, req Request) *oracleCase {
	table, err := DefaultTable().Merge(req.Clearances)
	if err != nil {
		tb.Fatal(err)
	}
	c := &oracleCase{table: table, found: foundationOr(req.FoundationDepthM), party: PartyExcavation}
	if p := req.Pipe; p != nil {
		c.f = oracleFrame{geo.NewENU(geo.Point3{p.Centreline[0][0], p.Centreline[0][1], 0})}
		c.prop, c.party = newPolyline(c.f.all(p.Centreline)), string(p.Network)
		c.prh, c.prv = sectionOf(p.DiameterMM, p.WidthMM, p.HeightMM)
		return c
	}
	o := req.Excavation.Polygon[0][0]
	c.f = oracleFrame{geo.NewENU(geo.Point3{o[0], o[1], 0})}
	c.exc = c.f.rings(req.Excavation.Polygon)
	c.ztop, c.zbot = *req.Excavation.TopM, *req.Excavation.BottomM
	return c
}

// oracle checks a pipe (absolute heights) or an excavation (absolute
// levels) the brute-force way.
func oracle(tb testing.TB, s twin.Store, req Request) map[string]oracleHit {
	tb.Helper()
	c := newOracleCase(tb, req)
	excluded := map[string]bool{}
	for _, id := range req.Exclude {
		excluded[id] = true
	}
	out := map[string]oracleHit{}
	err := s.Search(context.Background(), querytest.World(), twin.Filter{}, func(ft twin.Feature) bool {
		if excluded[ft.Head().ID] {
			return true
		}
		hit := oracleHit{m: math.Inf(1)}
		switch v := ft.(type) {
		case *twin.UtilitySegment:
			hit = c.segment(tb, v)
		case *twin.Building:
			hit = c.building(tb, v)
		}
		if hit.m < oracleCut {
			out[ft.Head().ID] = hit
		}
		return true
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func (c *oracleCase) segment(tb testing.TB, v *twin.UtilitySegment) oracleHit {
	ex := newPolyline(c.f.all(v.Centreline))
	rh, rv := sectionOf(v.DiameterMM, v.WidthMM, v.HeightMM)
	req := c.table.Lookup(c.party, string(v.Network))
	hit := oracleHit{m: math.Inf(1), kind: twin.KindSegment}
	switch {
	case c.exc != nil:
		hit = tubePrism(tb, ex, rh, rv, c.exc, c.zbot, c.ztop, req)
	case v.Network == twin.Network(c.party) && oracleTied(ex.pts, rh, rv, c.prop.pts, c.prh, c.prv):
	case farApart(ex.pts, c.prop.pts, rh+c.prh, rv+c.prv, req):
	default:
		hit = tubePair(tb, ex, c.prop, rh+c.prh, rv+c.prv, req)
	}
	hit.kind = twin.KindSegment
	return hit
}

func (c *oracleCase) building(tb testing.TB, v *twin.Building) oracleHit {
	var fp [][]geo.Point3
	for _, r := range v.Footprint {
		ring := make([]geo.Point3, len(r))
		for i, q := range r {
			ring[i] = c.f.loc(geo.Point3{q[0], q[1], 0})
		}
		fp = append(fp, ring)
	}
	req := c.table.Lookup(c.party, PartyBuilding)
	zlo, zhi := v.BaseM-c.found, max(v.RoofM, v.BaseM)
	var hit oracleHit
	if c.exc != nil {
		hit = prismPair(tb, fp, zlo, zhi, c.exc, c.zbot, c.ztop, req)
	} else {
		hit = tubePrism(tb, c.prop, c.prh, c.prv, fp, zlo, zhi, req)
	}
	hit.kind = twin.KindBuilding
	return hit
}

func foundationOr(d float64) float64 {
	if d == 0 {
		return DefaultFoundationDepthM
	}
	return d
}

// farApart reports whether the vertex boxes of two polylines are so far
// apart, in plan or in height, that no clearance can be broken.
func farApart(a, b []geo.Point3, rh, rv float64, req Required) bool {
	ba, bb := geo.EmptyBounds(), geo.EmptyBounds()
	for _, p := range a {
		ba = ba.Extend(p)
	}
	for _, p := range b {
		bb = bb.Extend(p)
	}
	dx := max(0, bb.Min[0]-ba.Max[0], ba.Min[0]-bb.Max[0])
	dy := max(0, bb.Min[1]-ba.Max[1], ba.Min[1]-bb.Max[1])
	dz := max(0, bb.Min[2]-ba.Max[2], ba.Min[2]-bb.Max[2])
	return math.Hypot(dx, dy)-rh >= req.HorizontalM+0.01 || dz-rv >= req.VerticalM+0.01
}

// oracleTied is the tie-in rule written out again: an end of either axis
// within the other's radius + 5 cm of its axis.
func oracleTied(ex []geo.Point3, rh, rv float64, pr []geo.Point3, prh, prv float64) bool {
	near := func(pts []geo.Point3, p geo.Point3, r float64) bool {
		for i := 1; i < len(pts); i++ {
			if (geo.Segment3{A: pts[i-1], B: pts[i]}).DistanceToPoint(p) <= r+0.05 {
				return true
			}
		}
		return false
	}
	for _, p := range []geo.Point3{pr[0], pr[len(pr)-1]} {
		if near(ex, p, max(rh, rv)) {
			return true
		}
	}
	for _, p := range []geo.Point3{ex[0], ex[len(ex)-1]} {
		if near(pr, p, max(prh, prv)) {
			return true
		}
	}
	return false
}

// compareOracle checks a result against the oracle's minima.
func compareOracle(t *testing.T, res Result, want map[string]oracleHit) {
	t.Helper()
	got := map[string]Conflict{}
	for _, c := range res.Conflicts {
		got[c.FeatureID] = c
	}
	n := 0
	for id, o := range want {
		if o.m >= 1-oracleEpsM-0.002 {
			continue // on the edge: either answer is right
		}
		n++
		if _, ok := got[id]; !ok {
			t.Errorf("%s: oracle finds a conflict (max(h/H, v/V) = %.4f, distance %.4f m), Check does not", id, o.m, o.dist)
		}
	}
	for id, c := range got {
		o, ok := want[id]
		m := 1 - c.Severity
		switch {
		case !ok || o.m >= 1+0.002:
			t.Errorf("%s: Check reports a %s (m = %.4f), the oracle finds none (m = %.4f)", id, c.Kind, m, o.m)
		case m > o.m+2e-3 || o.m-m > oracleEpsM+2e-3:
			t.Errorf("%s: m = %.4f, oracle %.4f", id, m, o.m)
		case c.DistanceM > o.dist+2e-3 || o.dist-c.DistanceM > oracleEpsDist+2e-3:
			t.Errorf("%s: distance %.4f m, oracle %.4f m", id, c.DistanceM, o.dist)
		case (c.Kind == KindClash) != (o.dist <= clashTolM) && math.Abs(o.dist-clashTolM) > oracleEpsDist:
			t.Errorf("%s: kind %s, oracle distance %.4f m", id, c.Kind, o.dist)
		}
	}
	b := 0
	for _, c := range res.Conflicts {
		if c.FeatureKind == twin.KindBuilding {
			b++
		}
	}
	t.Logf("%d conflicts (%d buildings), oracle %d clear-cut ones, %d candidates", len(res.Conflicts), b, n, res.Candidates)
}
