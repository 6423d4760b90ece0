package clash

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
)

// TestPlantedIssues checks that the default table finds the problems the
// demo district plants (demo.Summary.Issues): each planted segment, taken
// as a proposal, conflicts with the features the issue names, as the
// issue's kind says; and the oracle agrees with every answer.
func TestPlantedIssues(t *testing.T) {
	s, sum := stores.Demo(t)
	n := 0
	for _, is := range sum.Issues {
		if is.Kind != KindClash && is.Kind != KindClearance {
			continue
		}
		n++
		t.Run(is.Kind+" "+is.Features[0], func(t *testing.T) {
			seg := segmentByID(t, s, is.Features[0])
			req := Request{Pipe: pipeOf(seg), Exclude: []string{seg.ID}}
			res := mustCheck(t, s, req)
			for _, id := range is.Features[1:] {
				i := slices.IndexFunc(res.Conflicts, func(c Conflict) bool { return c.FeatureID == id })
				if i < 0 {
					t.Errorf("planted %s with %s not found; conflicts %+v", is.Kind, id, res.Conflicts)
					continue
				}
				c := res.Conflicts[i]
				if c.Kind != is.Kind {
					t.Errorf("%s: kind %s, want %s (%+v)", id, c.Kind, is.Kind, c)
				}
				if is.Kind == KindClearance && (math.Abs(c.VerticalM-0.04) > 0.002 || c.HorizontalM != 0 || c.Required.VerticalM != 0.2) {
					t.Errorf("%s: separations h %.4f v %.4f required %+v, want the planted 0.04 m over a crossing, 0.2 m required", id, c.HorizontalM, c.VerticalM, c.Required)
				}
			}
			compareOracle(t, res, oracle(t, s, req))
		})
	}
	if n < 2 {
		t.Fatalf("the demo plants %d clash/clearance issues, want 2", n)
	}
}

// TestPlantedExcavation digs a pit over the planted gas/heating crossing:
// it must meet the gas main and both heating pipes.
func TestPlantedExcavation(t *testing.T) {
	s, sum := stores.Demo(t)
	i := slices.IndexFunc(sum.Issues, func(is demo.Issue) bool { return is.Kind == KindClearance })
	if i < 0 {
		t.Fatal("no planted clearance issue")
	}
	is := sum.Issues[i]
	gas := segmentByID(t, s, is.Features[0])
	res := mustCheck(t, s, Request{Pipe: pipeOf(gas), Exclude: []string{gas.ID}})
	at := res.Conflicts[0].Location
	f := geo.NewENU(geo.Point3{at[0], at[1], 0})
	var ring []geo.Point3
	for _, c := range [][2]float64{{-2, -2}, {2, -2}, {2, 2}, {-2, 2}, {-2, -2}} {
		ring = append(ring, f.ToLLH(geo.Point3{c[0], c[1], 0}))
	}
	ex := mustCheck(t, s, Request{Excavation: &Excavation{ID: "pit", Polygon: [][]geo.Point3{ring}, BottomDepthM: 2.0}})
	for _, id := range is.Features {
		if !slices.ContainsFunc(ex.Conflicts, func(c Conflict) bool { return c.FeatureID == id && c.Kind == KindClash }) {
			t.Errorf("the pit does not meet %s: %+v", id, ex.Conflicts)
		}
	}
	if len(ex.Ground) != 1 || ex.Ground[0].GroundM != 150 {
		t.Errorf("ground of the pit %+v, want the demo's 150 m", ex.Ground)
	}
}

// TestOracleRandom checks random pipes through the demo district and the
// Nanaimo network against the oracle.
func TestOracleRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("oracle runs take a while")
	}
	cases := []struct {
		name  string
		store func(testing.TB) twin.Store
		n     int
	}{
		{"demo", func(tb testing.TB) twin.Store { s, _ := stores.Demo(tb); return s }, 12},
		{"nanaimo", stores.Nanaimo, 8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.store(t)
			r := rand.New(rand.NewPCG(7, 11))
			segs := allSegments(t, s)
			for k := range tc.n {
				req := randomProposal(r, segs, k)
				switch k % 4 {
				case 2:
					req = offsetProposal(r, segs, k)
				case 3:
					req = randomExcavation(r, segs, k)
				}
				name := fmt.Sprintf("excavation-%d", k)
				if req.Pipe != nil {
					name = req.Pipe.ID
				}
				t.Run(name, func(t *testing.T) {
					compareOracle(t, mustCheck(t, s, req), oracle(t, s, req))
				})
			}
		})
	}
}

// allSegments reads every stored segment.
func allSegments(tb testing.TB, s twin.Store) []*twin.UtilitySegment {
	tb.Helper()
	var out []*twin.UtilitySegment
	err := s.Search(context.Background(), querytest.World(), twin.Filter{Kinds: []twin.Kind{twin.KindSegment}}, func(f twin.Feature) bool {
		out = append(out, f.(*twin.UtilitySegment))
		return true
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// randomProposal lays a pipe from a point of one stored segment towards
// another's, about 60–200 m long, at the first one's depth (so that it
// meets pipes at the same depth) or offset by up to ±0.6 m, through a
// kinked middle vertex; networks vary.
func randomProposal(r *rand.Rand, segs []*twin.UtilitySegment, k int) Request {
	a := segs[r.IntN(len(segs))]
	p0 := a.Centreline[0]
	f := geo.NewENU(geo.Point3{p0[0], p0[1], 0})
	ang := r.Float64() * 2 * math.Pi
	l := 60 + 140*r.Float64()
	dz := []float64{0, 0.3, -0.6, 0.15}[k%4]
	mid := geo.Point3{l / 2 * math.Cos(ang), l / 2 * math.Sin(ang), 0}
	kink := geo.Point3{mid[0] + 5*math.Sin(ang), mid[1] - 5*math.Cos(ang), 0}
	end := geo.Point3{l * math.Cos(ang), l * math.Sin(ang), 0}
	var line []geo.Point3
	for i, q := range []geo.Point3{{0, 0, 0}, kink, end} {
		llh := f.ToLLH(q)
		line = append(line, geo.Point3{llh[0], llh[1], p0[2] + dz + 0.1*float64(i)})
	}
	nets := []twin.Network{twin.NetworkGas, twin.NetworkWater, twin.NetworkTelecom, twin.NetworkSewer}
	return Request{Pipe: &Pipe{ID: "random-" + string(rune('a'+k)), Network: nets[k%len(nets)], Centreline: line, DiameterMM: 110 + 50*float64(k)}}
}

// offsetProposal copies a random stored segment shifted sideways (in plan,
// at right angles to its first leg) and up or down so that it keeps a
// clear gap a little under the default clearance: the case a search that
// forgets its margins misses.
func offsetProposal(r *rand.Rand, segs []*twin.UtilitySegment, k int) Request {
	var s *twin.UtilitySegment
	for s == nil || s.DiameterMM == 0 {
		s = segs[r.IntN(len(segs))]
	}
	a, b := s.Centreline[0], s.Centreline[len(s.Centreline)-1]
	f := geo.NewENU(geo.Point3{a[0], a[1], 0})
	d := f.FromLLH(geo.Point3{b[0], b[1], 0})
	n := math.Hypot(d[0], d[1])
	const pipeMM = 160
	gap := s.DiameterMM/2000 + pipeMM/2000.0
	side, up := 0.0, 0.0
	if k%2 == 0 {
		side = gap + 0.35 // 0.35 m clear beside: under the 0.4 m horizontal
	} else {
		up = -(gap + 0.15) // 0.15 m clear below: under the 0.2 m vertical
	}
	line := make([]geo.Point3, len(s.Centreline))
	for i, p := range s.Centreline {
		q := f.FromLLH(geo.Point3{p[0], p[1], 0})
		q = geo.Point3{q[0] - side*d[1]/n, q[1] + side*d[0]/n, 0}
		llh := f.ToLLH(q)
		line[i] = geo.Point3{llh[0], llh[1], p[2] + up}
	}
	return Request{Pipe: &Pipe{ID: fmt.Sprintf("offset-%d", k), Network: twin.NetworkTelecom, Centreline: line, DiameterMM: pipeMM}}
}

// randomExcavation digs an L-shaped pit, 4–24 m across and 1–3 m deep,
// turned at random, around a point of a random stored segment.
func randomExcavation(r *rand.Rand, segs []*twin.UtilitySegment, k int) Request {
	s := segs[r.IntN(len(segs))]
	c := s.Centreline[r.IntN(len(s.Centreline))]
	f := geo.NewENU(geo.Point3{c[0], c[1], 0})
	w, h := 4+20*r.Float64(), 4+20*r.Float64()
	ang := r.Float64() * math.Pi
	cos, sin := math.Cos(ang), math.Sin(ang)
	var ring []geo.Point3
	for _, q := range [][2]float64{{0, 0}, {w, 0}, {w, h / 2}, {w / 2, h / 2}, {w / 2, h}, {0, h}, {0, 0}} {
		x, y := q[0]-w/3, q[1]-h/3
		ring = append(ring, f.ToLLH(geo.Point3{x*cos - y*sin, x*sin + y*cos, 0}))
	}
	top, bottom := s.GroundM, s.GroundM-1-2*r.Float64()
	return Request{Excavation: &Excavation{ID: fmt.Sprintf("pit-%d", k), Polygon: [][]geo.Point3{ring}, TopM: &top, BottomM: &bottom}}
}
