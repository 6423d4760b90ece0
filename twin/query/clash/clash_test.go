package clash

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
)

func TestTableLookup(t *testing.T) {
	over, err := DefaultTable().Merge([]Clearance{
		{A: "heating", B: "gas", HorizontalM: 1, VerticalM: 0.5},
		{A: "*", B: "*", HorizontalM: 0.5, VerticalM: 0.25, Source: "utility's own rules"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		table Table
		a, b  string
		want  Required
	}{
		{"water sewer", DefaultTable(), "water", "sewer", Required{3.05, 0.46, "water/sewer"}},
		{"symmetric", DefaultTable(), "storm", "water", Required{3.05, 0.46, "water/storm"}},
		{"default pair", DefaultTable(), "gas", "heating", Required{0.4, 0.2, "*/*"}},
		{"power telecom", DefaultTable(), "telecom", "power", Required{0.3, 0.3, "power/telecom"}},
		{"building wildcard", DefaultTable(), "gas", "building", Required{0.4, 0.4, "building/*"}},
		{"excavation building", DefaultTable(), "excavation", "building", Required{1, 0.5, "excavation/building"}},
		{"excavation utility", DefaultTable(), "excavation", "water", Required{0.46, 0.3, "excavation/*"}},
		{"override pair", over, "gas", "heating", Required{1, 0.5, "heating/gas"}},
		{"override default", over, "gas", "water", Required{0.5, 0.25, "*/*"}},
		{"empty table", Table{}, "gas", "water", Required{Pair: "none"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.table.Lookup(tc.a, tc.b); got != tc.want {
				t.Errorf("Lookup(%s, %s) = %+v, want %+v", tc.a, tc.b, got, tc.want)
			}
		})
	}
	if n := len(over.Rows()); n != len(DefaultTable().Rows())+1 {
		t.Errorf("merged table has %d rows, want one more than the default", n)
	}
}

func TestTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		row  Clearance
	}{
		{"unknown party", Clearance{A: "lava", B: "*", HorizontalM: 1}},
		{"negative", Clearance{A: "gas", B: "*", HorizontalM: -1}},
		{"not a number", Clearance{A: "gas", B: "*", VerticalM: math.NaN()}},
		{"too large", Clearance{A: "gas", B: "*", VerticalM: MaxClearanceM + 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewTable([]Clearance{tc.row}); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestGeometry checks the conflict rule on scenes with known answers.
func TestGeometry(t *testing.T) {
	pipe := func(net twin.Network, dMM float64, pts ...[3]float64) *Pipe {
		return &Pipe{ID: "p", Network: net, DiameterMM: dMM, Centreline: line(pts...)}
	}
	type want struct {
		id, kind     string
		h, v, dist   float64
		locX, locY   float64
		checkLocaton bool
	}
	cases := []struct {
		name string
		pipe *Pipe
		want []want
	}{
		{"crossing 0.1 m over the main", pipe(twin.NetworkGas, 100, [3]float64{0, -2, -0.75}, [3]float64{0, 2, -0.75}),
			[]want{{"t:main", KindClearance, 0, 0.1, 0.1, 0, 0, true}}},
		{"crossing 0.3 m over the main", pipe(twin.NetworkGas, 100, [3]float64{0, -2, -0.55}, [3]float64{0, 2, -0.55}), nil},
		{"crossing through the main", pipe(twin.NetworkGas, 100, [3]float64{3, -2, -1}, [3]float64{3, 2, -1}),
			[]want{{"t:main", KindClash, 0, 0, 0, 3, 0, true}}},
		{"parallel 0.3 m beside", pipe(twin.NetworkGas, 100, [3]float64{-10, 0.45, -1}, [3]float64{10, 0.45, -1}),
			[]want{{"t:main", KindClearance, 0.3, 0, 0.3, 0, 0, false}}},
		{"parallel 0.5 m beside", pipe(twin.NetworkGas, 100, [3]float64{-10, 0.65, -1}, [3]float64{10, 0.65, -1}), nil},
		{"beside and above", pipe(twin.NetworkGas, 100, [3]float64{-10, 0.45, -0.6}, [3]float64{10, 0.45, -0.6}), nil},
		{"sewer 2 m beside and 0.35 m under the water main", pipe(twin.NetworkSewer, 300, [3]float64{-10, 2.25, -1.6}, [3]float64{10, 2.25, -1.6}),
			[]want{{"t:main", KindClearance, 2, 0.35, math.Hypot(2, 0.35), 0, 0, false}}},
		{"sewer 2 m beside and 0.5 m under the water main", pipe(twin.NetworkSewer, 300, [3]float64{-10, 2.25, -1.75}, [3]float64{10, 2.25, -1.75}), nil},
		{"telecom over the power duct", pipe(twin.NetworkTelecom, 100, [3]float64{1, -5, -0.45}, [3]float64{1, -1, -0.45}),
			[]want{{"t:duct", KindClearance, 0, 0.2, 0.2, 1, -3, true}}},
		{"beside the house", pipe(twin.NetworkGas, 100, [3]float64{-10, 5.65, -1}, [3]float64{10, 5.65, -1}),
			[]want{{"t:house", KindClearance, 0.3, 0, 0.3, 0, 6, false}}},
		{"under the house", pipe(twin.NetworkGas, 100, [3]float64{0, 4, -3}, [3]float64{0, 20, -3}), nil},
		{"into the house", pipe(twin.NetworkGas, 100, [3]float64{0, 4, -1}, [3]float64{0, 20, -1}),
			[]want{{"t:house", KindClash, 0, 0, 0, 0, 6, true}}},
		{"tie-in to the main", pipe(twin.NetworkWater, 100, [3]float64{20, 0, -1}, [3]float64{20, 4, -1}), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := mustCheck(t, scene(), Request{Pipe: tc.pipe})
			if len(res.Conflicts) != len(tc.want) {
				t.Fatalf("%d conflicts, want %d: %+v", len(res.Conflicts), len(tc.want), res.Conflicts)
			}
			for i, w := range tc.want {
				c := res.Conflicts[i]
				if c.FeatureID != w.id || c.Kind != w.kind || !near(c.HorizontalM, w.h) || !near(c.VerticalM, w.v) || !near(c.DistanceM, w.dist) {
					t.Errorf("got %s %s h %.4f v %.4f dist %.4f, want %s %s h %.4f v %.4f dist %.4f",
						c.FeatureID, c.Kind, c.HorizontalM, c.VerticalM, c.DistanceM, w.id, w.kind, w.h, w.v, w.dist)
				}
				if l := querytest.Scene().Local(c.Location); w.checkLocaton && math.Hypot(l[0]-w.locX, l[1]-w.locY) > 0.01 {
					t.Errorf("location at %.3f, %.3f m, want %.3f, %.3f", l[0], l[1], w.locX, w.locY)
				}
				if c.ProposalID != "p" || c.Severity <= 0 || c.Severity > 1 {
					t.Errorf("proposal %q severity %v", c.ProposalID, c.Severity)
				}
			}
			if tc.name == "tie-in to the main" && (len(res.TieIns) != 1 || res.TieIns[0] != "t:main") {
				t.Errorf("tie-ins %v, want the main", res.TieIns)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-3 }

// TestDepthInput gives heights as depths below an estimated or given ground.
func TestDepthInput(t *testing.T) {
	st := scene()
	st.Feats[0].(*twin.UtilitySegment).GroundM = 0.2 // the main's ground
	g := 0.5
	for _, tc := range []struct {
		name     string
		ground   *float64
		from     string
		wantV    float64
		wantKind string
	}{
		// axis at 0.2 − 0.95 = −0.75: 0.1 m clear over the main
		{"estimated from the main", nil, "t:main", 0.1, KindClearance},
		// axis at 0.5 − 0.95 = −0.45: 0.4 m clear, no conflict
		{"given", &g, "request", 0.4, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Pipe{Network: twin.NetworkGas, DiameterMM: 100, Centreline: line([3]float64{0, -1.2, 99}, [3]float64{0, 2, 99}),
				DepthM: []float64{0.95, 0.95}, GroundM: tc.ground}
			res := mustCheck(t, st, Request{Pipe: p, SkipBuildings: true})
			if len(res.Ground) != 2 || res.Ground[0].From != tc.from {
				t.Fatalf("ground %+v, want from %s", res.Ground, tc.from)
			}
			switch {
			case tc.wantKind == "" && len(res.Conflicts) != 0:
				t.Errorf("conflicts %+v, want none", res.Conflicts)
			case tc.wantKind != "" && (len(res.Conflicts) != 1 || !near(res.Conflicts[0].VerticalM, tc.wantV)):
				t.Errorf("conflicts %+v, want one %.2f m over the main", res.Conflicts, tc.wantV)
			}
		})
	}
	far := &Pipe{Network: twin.NetworkGas, DiameterMM: 100, Centreline: line([3]float64{0, 500, 0}, [3]float64{0, 510, 0}), DepthM: []float64{1, 1}}
	if _, err := Check(context.Background(), st, Request{Pipe: far}); !errors.Is(err, ErrInvalid) {
		t.Errorf("depths far from any feature: err = %v, want ErrInvalid", err)
	}
}

func TestInvalidRequests(t *testing.T) {
	ok := line([3]float64{0, 0, 0}, [3]float64{1, 0, 0})
	neg := -1.0
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"nothing", Request{}},
		{"both", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: ok}, Excavation: &Excavation{}}},
		{"no network", Request{Pipe: &Pipe{DiameterMM: 100, Centreline: ok}}},
		{"bad network", Request{Pipe: &Pipe{Network: "lava", DiameterMM: 100, Centreline: ok}}},
		{"one point", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: ok[:1]}}},
		{"no size", Request{Pipe: &Pipe{Network: "gas", Centreline: ok}}},
		{"huge", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 1e6, Centreline: ok}}},
		{"bad point", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: []geo.Point3{{0, 0, 0}, {200, 0, 0}}}}},
		{"NaN", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: []geo.Point3{{0, 0, 0}, {0, math.NaN(), 0}}}}},
		{"depth count", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: ok, DepthM: []float64{1}}}},
		{"too long", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: []geo.Point3{{10, 50, 0}, {10, 51, 0}}}}},
		{"limit", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: ok}, Limit: MaxLimit + 1}},
		{"foundation", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: ok}, FoundationDepthM: -1}},
		{"status", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: ok}, Statuses: []twin.Status{"melted"}}},
		{"clearance", Request{Pipe: &Pipe{Network: "gas", DiameterMM: 100, Centreline: ok}, Clearances: []Clearance{{A: "gas", B: "?"}}}},
		{"excavation ring", Request{Excavation: &Excavation{Polygon: [][]geo.Point3{ok}, BottomDepthM: 1}}},
		{"excavation depths", Request{Excavation: &Excavation{Polygon: [][]geo.Point3{append(ok, at(0, 1, 0))}, TopDepthM: 2, BottomDepthM: 1}}},
		{"excavation levels", Request{Excavation: &Excavation{Polygon: [][]geo.Point3{append(ok, at(0, 1, 0))}, TopM: &neg}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Check(context.Background(), scene(), tc.req); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestBounds checks the result cap and the deadline.
func TestBounds(t *testing.T) {
	s := scene()
	// a gas pipe crossing through the main and the duct and into the house
	req := Request{Pipe: &Pipe{ID: "p", Network: "gas", DiameterMM: 100, Centreline: line([3]float64{0, -6, -0.9}, [3]float64{0, 10, -0.9})}}
	all := mustCheck(t, s, req)
	if len(all.Conflicts) != 3 || all.Truncated {
		t.Fatalf("%d conflicts, truncated %v: %+v", len(all.Conflicts), all.Truncated, all.Conflicts)
	}
	req.Limit = 1
	one := mustCheck(t, s, req)
	if len(one.Conflicts) != 1 || !one.Truncated || one.Conflicts[0] != all.Conflicts[0] {
		t.Errorf("limit 1: %+v, truncated %v; want the worst of %+v", one.Conflicts, one.Truncated, all.Conflicts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Check(ctx, s, req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if _, err := Check(ctx, s, req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past deadline: err = %v", err)
	}
}
