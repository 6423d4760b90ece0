package query

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// proxCase is one proximity test: a probe shape of some sort placed at a
// random feature, with or without heights.
type proxCase struct {
	name      string
	kind      string  // point, line, polygon
	sizeM     float64 // line length or polygon side
	withZ     bool
	depthM    float64 // below ground (no z), or below the anchor's ground (z)
	distanceM float64
	filters   Filters
}

func proxCases(nanaimo bool) []proxCase {
	cases := []proxCase{
		{name: "point at 1.2 m", kind: "point", depthM: 1.2, distanceM: 15},
		{name: "point with height", kind: "point", withZ: true, depthM: 2, distanceM: 30},
		{name: "trench", kind: "line", sizeM: 60, depthM: 1.5, distanceM: 5},
		{name: "trench with heights", kind: "line", sizeM: 40, withZ: true, depthM: 1, distanceM: 10},
		{name: "pit floor", kind: "polygon", sizeM: 18, withZ: true, depthM: 3, distanceM: 8},
		{name: "pit at surface", kind: "polygon", sizeM: 12, depthM: 0, distanceM: 4},
	}
	if nanaimo {
		cases = append(cases, proxCase{name: "large pipes", kind: "point", depthM: 1, distanceM: 60,
			filters: Filters{Where: []Condition{{Attr: "diameter_mm", Op: ">=", Value: 200.0}}}})
	} else {
		cases = append(cases,
			proxCase{name: "above roofs", kind: "point", withZ: true, depthM: -40, distanceM: 25, filters: Filters{Kinds: []string{"building"}}},
			proxCase{name: "water and sewer", kind: "line", sizeM: 30, depthM: 2, distanceM: 12, filters: Filters{Networks: []string{"water", "sewer"}}})
	}
	return cases
}

// probeShape builds the case's probe at a random anchor feature.
func (c proxCase) probeShape(rng *rand.Rand, all []twin.Feature) (Shape, json.RawMessage) {
	f := all[rng.IntN(len(all))]
	ctr := f.Bounds().Center()
	ground, _ := groundOf(f)
	z := ground - c.depthM
	pl := newPlane(ctr[0], ctr[1])
	off := func(x, y float64) []float64 {
		p := []float64{ctr[0] + x/pl.mx, ctr[1] + y/pl.my}
		if c.withZ {
			p = append(p, z)
		}
		return p
	}
	a := rng.Float64() * math.Pi
	dx, dy := math.Cos(a)*c.sizeM/2, math.Sin(a)*c.sizeM/2
	var g map[string]any
	switch c.kind {
	case "point":
		g = map[string]any{"type": "Point", "coordinates": off(0, 0)}
	case "line":
		g = map[string]any{"type": "LineString", "coordinates": [][]float64{off(-dx, -dy), off(dx/3, -dy/2), off(dx, dy)}}
	default:
		g = map[string]any{"type": "Polygon", "coordinates": [][][]float64{{off(-dx, -dy), off(dy, -dx), off(dx, dy), off(-dy, dx), off(-dx, -dy)}}}
	}
	raw, _ := json.Marshal(g)
	s, err := ParseGeometry("geometry", raw, "", 100)
	if err != nil {
		panic(err)
	}
	return s, raw
}

// TestProximityOracle compares Proximity with the sampling oracle on the
// demo district and Nanaimo: every feature the oracle puts clearly inside
// the distance is found with the same distance, none clearly outside is.
func TestProximityOracle(t *testing.T) {
	for _, ds := range []struct {
		name string
		load func(testing.TB) (*sqlite.Store, []twin.Feature)
	}{{"demo", demoStore}, {"nanaimo", nanaimoStore}} {
		t.Run(ds.name, func(t *testing.T) {
			store, all := ds.load(t)
			e := New(store, Limits{})
			rng := rand.New(rand.NewPCG(5, 6))
			found := 0
			for _, c := range proxCases(ds.name == "nanaimo") {
				for i := range 3 {
					t.Run(fmt.Sprintf("%s-%d", c.name, i), func(t *testing.T) {
						found += checkProximity(t, e, all, c, rng)
					})
				}
			}
			t.Logf("%d features found", found)
			if found < 30 {
				t.Errorf("only %d features found in all cases: the probes miss the data", found)
			}
		})
	}
}

func checkProximity(t *testing.T, e *Engine, all []twin.Feature, c proxCase, rng *rand.Rand) int {
	s, raw := c.probeShape(rng, all)
	req := ProximityRequest{Geometry: raw, DistanceM: c.distanceM, Filters: c.filters, Limit: 10_000}
	if !c.withZ {
		req.ProbeDepthM = &c.depthM
	}
	resp, err := e.Proximity(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !c.withZ {
		if resp.Probe.HeightSource != "ground" || resp.Probe.GroundM == nil {
			t.Fatalf("probe without heights: %+v", resp.Probe)
		}
		h := *resp.Probe.GroundM - c.depthM
		s.eachSlice(func(pts []geo.Point3) {
			for i := range pts {
				pts[i][2] = h
			}
		})
	}
	step, tol := 0.05, 0.03
	if c.kind == "polygon" {
		step, tol = 0.2, 0.15
	}
	want := oracleNear(filtered(all, c.filters), s, step, c.distanceM)
	got := map[string]NearFeature{}
	for i, r := range resp.Results {
		got[r.ID] = r
		if i > 0 && r.SurfaceDistanceM < resp.Results[i-1].SurfaceDistanceM {
			t.Errorf("results not sorted at %d", i)
		}
		if math.Abs(math.Hypot(r.HorizontalM, r.VerticalM)-r.DistanceM) > 0.002 {
			t.Errorf("%s: horizontal %v, vertical %v do not make distance %v", r.ID, r.HorizontalM, r.VerticalM, r.DistanceM)
		}
	}
	for id, d := range want {
		r, ok := got[id]
		switch {
		case d <= c.distanceM-tol && !ok:
			t.Errorf("%s at %.3f m (oracle) not found", id, d)
		case d > c.distanceM+tol && ok:
			t.Errorf("%s at %.3f m (oracle) found at %.3f m", id, d, r.SurfaceDistanceM)
		case ok && math.Abs(r.SurfaceDistanceM-d) > tol:
			t.Errorf("%s: distance %.3f m, oracle %.3f m", id, r.SurfaceDistanceM, d)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s found, but the oracle did not measure it", id)
		}
	}
	if resp.Total != len(resp.Results) || resp.Truncated {
		t.Errorf("total %d, %d results, truncated %v", resp.Total, len(resp.Results), resp.Truncated)
	}
	return len(resp.Results)
}

// filtered returns the features of all that pass f (through the engine's
// own matcher: the filters are tested against the area oracle).
func filtered(all []twin.Feature, f Filters) []twin.Feature {
	v := vocabulary{layers: []string{"buildings", "water", "sewer", "storm", "gas", "power", "telecom", "heating"}}
	m, err := f.compile(v)
	if err != nil {
		panic(err)
	}
	var out []twin.Feature
	for _, x := range all {
		if m.store.Kinds != nil && string(x.Kind()) != string(m.store.Kinds[0]) {
			continue
		}
		if m.match(x) {
			out = append(out, x)
		}
	}
	return out
}
