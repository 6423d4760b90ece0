package section

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
)

// TestOracle cuts sections through the demo district and the Nanaimo
// network and compares them with the brute-force oracle.
func TestOracle(t *testing.T) {
	s, sum := stores.Demo(t)
	cases := []struct {
		name  string
		store func(testing.TB) twin.Store
		lines func(testing.TB, twin.Store) []Request
	}{
		{"demo", func(testing.TB) twin.Store { return s }, func(tb testing.TB, s twin.Store) []Request { return demoLines(tb, s, sum) }},
		{"nanaimo", stores.Nanaimo, randomLines},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.store(t)
			for i, req := range tc.lines(t, st) {
				t.Run(fmt.Sprint(i), func(t *testing.T) {
					compareSection(t, mustCut(t, st, req), sectionOracle(t, st, req), req)
				})
			}
		})
	}
}

// demoLines are an east-west and a north-south line across the whole
// district, a kinked diagonal, and lines along a sewer (on a street's
// centreline) and a power duct bank (1.5 m from the façades).
func demoLines(tb testing.TB, s twin.Store, sum demo.Summary) []Request {
	out := []Request{
		{Line: acrossDemo(sum, [2]float64{-450, 5}, [2]float64{450, 5})},
		{Line: acrossDemo(sum, [2]float64{12, -400}, [2]float64{12, 400})},
		{Line: acrossDemo(sum, [2]float64{-300, -250}, [2]float64{-20, 30}, [2]float64{80, -40}, [2]float64{300, 260}), HalfWidthM: 3},
	}
	for _, id := range []string{"demo:sewer-pipe-v1-1-1", "demo:power-main-h2-1-1"} {
		f, err := s.Feature(t0(), id)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, Request{Line: shifted(f.(*twin.UtilitySegment).Centreline, 0.4), HalfWidthM: 1})
	}
	return out
}

// shifted offsets a polyline sideways by d metres (at right angles to its
// first leg) and extends it 10 m at both ends.
func shifted(pts []geo.Point3, d float64) []geo.Point3 {
	f := geo.NewENU(geo.Point3{pts[0][0], pts[0][1], 0})
	a, b := f.FromLLH(geo.Point3{pts[0][0], pts[0][1], 0}), f.FromLLH(geo.Point3{pts[len(pts)-1][0], pts[len(pts)-1][1], 0})
	ux, uy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(ux, uy)
	ux, uy = ux/l, uy/l
	out := make([]geo.Point3, len(pts))
	for i, p := range pts {
		q := f.FromLLH(geo.Point3{p[0], p[1], 0})
		ext := 0.0
		if i == 0 {
			ext = -10
		} else if i == len(pts)-1 {
			ext = 10
		}
		out[i] = f.ToLLH(geo.Point3{q[0] - d*uy + ext*ux, q[1] + d*ux + ext*uy, 0})
	}
	return out
}

// randomLines are lines 100–600 m long from random pipe vertices, some with
// a bend, and one along a pipe.
func randomLines(tb testing.TB, s twin.Store) []Request {
	r := rand.New(rand.NewPCG(3, 5))
	var segs []*twin.UtilitySegment
	err := s.Search(t0(), geo.Bounds3{Min: geo.Point3{-180, -90, -1e5}, Max: geo.Point3{180, 90, 1e5}},
		twin.Filter{Kinds: []twin.Kind{twin.KindSegment}}, func(f twin.Feature) bool {
			segs = append(segs, f.(*twin.UtilitySegment))
			return true
		})
	if err != nil {
		tb.Fatal(err)
	}
	var out []Request
	for k := range 5 {
		v := segs[r.IntN(len(segs))].Centreline[0]
		f := geo.NewENU(geo.Point3{v[0], v[1], 0})
		ang, l := r.Float64()*2*math.Pi, 100+500*r.Float64()
		pts := []geo.Point3{f.ToLLH(geo.Point3{3 * math.Sin(ang), -3 * math.Cos(ang), 0})} // 3 m off the vertex
		if k%2 == 1 {
			pts = append(pts, f.ToLLH(geo.Point3{l / 2 * math.Cos(ang+0.3), l / 2 * math.Sin(ang+0.3), 0}))
		}
		pts = append(pts, f.ToLLH(geo.Point3{l * math.Cos(ang), l * math.Sin(ang), 0}))
		out = append(out, Request{Line: pts, HalfWidthM: float64(1 + k)})
	}
	for {
		sg := segs[r.IntN(len(segs))]
		if len(sg.Centreline) == 2 && geoLen(sg.Centreline) > 40 {
			return append(out, Request{Line: shifted(sg.Centreline, 0.5), HalfWidthM: 1})
		}
	}
}

func geoLen(pts []geo.Point3) float64 {
	f := geo.NewENU(geo.Point3{pts[0][0], pts[0][1], 0})
	a, b := f.FromLLH(geo.Point3{pts[0][0], pts[0][1], 0}), f.FromLLH(geo.Point3{pts[1][0], pts[1][1], 0})
	return math.Hypot(b[0]-a[0], b[1]-a[1])
}

// compareSection checks a section against the oracle.
func compareSection(t *testing.T, res Result, o oracleResult, req Request) {
	t.Helper()
	if len(o.crossings) != len(res.Crossings) {
		t.Errorf("%d crossings, oracle %d", len(res.Crossings), len(o.crossings))
	}
	for _, oc := range o.crossings {
		found := false
		for _, c := range res.Crossings {
			if c.FeatureID == oc.id && math.Abs(c.StationM-oc.station) < 2e-3 {
				found = true
				if math.Abs(c.CentreM-oc.height) > 2e-3 {
					t.Errorf("%s at %.3f m: centre %.3f, oracle %.3f", oc.id, oc.station, c.CentreM, oc.height)
				}
			}
		}
		if !found {
			t.Errorf("oracle crossing %s at %.3f m missing", oc.id, oc.station)
		}
	}
	compareRuns(t, res, o, res.HalfWidthM)
	compareSpans(t, res, o)
	checkGround(t, res)
	t.Logf("%.0f m: %d crossings, %d along, %d buildings, %d ground points", res.LengthM, len(res.Crossings), len(res.Along), len(res.Buildings), len(res.Ground))
}

func compareRuns(t *testing.T, res Result, o oracleResult, w float64) {
	t.Helper()
	thr := 2 * w / alongTan
	const tol = 0.3
	for _, r := range o.runs {
		if r.to-r.from < thr+tol {
			continue
		}
		if !anyAlong(res.Along, r.id, r.from, r.to, tol) {
			t.Errorf("oracle run %s %.2f–%.2f m missing from %+v", r.id, r.from, r.to, res.Along)
		}
	}
	for _, a := range res.Along {
		ok := false
		for _, r := range o.runs {
			ok = ok || (r.id == a.FeatureID && r.to-r.from >= thr-tol && math.Abs(r.from-a.FromM) < tol && math.Abs(r.to-a.ToM) < tol)
		}
		if !ok {
			t.Errorf("along %s %.2f–%.2f m not in the oracle", a.FeatureID, a.FromM, a.ToM)
		}
	}
}

func anyAlong(as []Along, id string, from, to, tol float64) bool {
	for _, a := range as {
		if a.FeatureID == id && math.Abs(a.FromM-from) < tol && math.Abs(a.ToM-to) < tol {
			return true
		}
	}
	return false
}

func compareSpans(t *testing.T, res Result, o oracleResult) {
	t.Helper()
	if len(res.Buildings) != len(o.spans) {
		t.Errorf("%d buildings, oracle %d", len(res.Buildings), len(o.spans))
	}
	for _, b := range res.Buildings {
		want := o.spans[b.FeatureID]
		if len(want) != len(b.Spans) {
			t.Errorf("%s: spans %v, oracle %v", b.FeatureID, b.Spans, want)
			continue
		}
		for i := range want {
			if math.Abs(want[i][0]-b.Spans[i][0]) > 0.03 || math.Abs(want[i][1]-b.Spans[i][1]) > 0.03 {
				t.Errorf("%s: spans %v, oracle %v", b.FeatureID, b.Spans, want)
			}
		}
	}
}

// checkGround checks the profile's shape: by station from 0 to the length.
func checkGround(t *testing.T, res Result) {
	t.Helper()
	g := res.Ground
	if len(g) == 0 {
		if len(res.Crossings) > 0 {
			t.Error("no ground profile although the line crosses utilities")
		}
		return
	}
	if g[0].StationM != 0 || g[len(g)-1].StationM != res.LengthM {
		t.Errorf("ground from %.3f to %.3f m, want 0 to %.3f", g[0].StationM, g[len(g)-1].StationM, res.LengthM)
	}
	for i := 1; i < len(g); i++ {
		if g[i].StationM <= g[i-1].StationM {
			t.Errorf("ground not by station at %d: %v", i, g[i-1:i+1])
		}
	}
}
