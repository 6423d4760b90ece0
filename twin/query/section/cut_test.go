package section

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
)

// at converts scene metres (x east, y north, z height) to lon°, lat°, h m.
func at(x, y, z float64) geo.Point3 { return querytest.At(x, y, z) }

// scene: a water main along y = 0 (Ø 200, axis −1.2 m, ground 0.3 m), a
// gas pipe along x = 4 (Ø 110, axis −0.8 m, ground 0.1 m) and a building
// from x = 10 to 20, y = −5 to 5 (base 0.2 m, roof 9.2 m).
func scene() *querytest.MemStore {
	seg := func(id string, net twin.Network, d, ground float64, a, b geo.Point3) *twin.UtilitySegment {
		return &twin.UtilitySegment{Header: twin.Header{ID: "t:" + id, Dataset: "t", SourceID: id}, Network: net,
			Centreline: []geo.Point3{a, b}, DiameterMM: d, GroundM: ground, DepthM: ground - a[2], Status: twin.StatusExisting}
	}
	return &querytest.MemStore{Feats: []twin.Feature{
		seg("main", twin.NetworkWater, 200, 0.3, at(-50, 0, -1.2), at(50, 0, -1.2)),
		seg("gas", twin.NetworkGas, 110, 0.1, at(4, -20, -0.8), at(4, 20, -0.8)),
		&twin.Building{Header: twin.Header{ID: "t:house", Dataset: "t", SourceID: "house"}, Footprint: querytest.Rect(10, -5, 20, 5), BaseM: 0.2, RoofM: 9.2},
	}}
}

// TestCutScene checks a section with known answers: a north-south line at
// x = 0 crosses the main; an east-west line at y = 0.5 runs along the main,
// crosses the gas pipe and passes through the house.
func TestCutScene(t *testing.T) {
	ns := mustCut(t, scene(), Request{Line: []geo.Point3{at(0, -10, 0), at(0, 10, 0)}})
	if len(ns.Crossings) != 1 || ns.Crossings[0].FeatureID != "t:main" || !near(ns.Crossings[0].StationM, 10) ||
		!near(ns.Crossings[0].DepthM, 1.5) || !near(ns.Crossings[0].AngleDeg, 90) || len(ns.Along) != 0 || len(ns.Buildings) != 0 {
		t.Errorf("north-south: %+v", ns)
	}
	ew := mustCut(t, scene(), Request{Line: []geo.Point3{at(-30, 0.5, 0), at(30, 0.5, 0)}})
	if len(ew.Crossings) != 1 || ew.Crossings[0].FeatureID != "t:gas" || !near(ew.Crossings[0].StationM, 34) || !near(ew.Crossings[0].CentreM, -0.8) {
		t.Errorf("east-west crossings: %+v", ew.Crossings)
	}
	if len(ew.Along) != 1 || ew.Along[0].FeatureID != "t:main" || !near(ew.Along[0].FromM, 0) || !near(ew.Along[0].ToM, 60) || !near(ew.Along[0].OffsetM, 0.5) {
		t.Errorf("east-west along: %+v", ew.Along)
	}
	if len(ew.Buildings) != 1 || len(ew.Buildings[0].Spans) != 1 || !near(ew.Buildings[0].Spans[0][0], 40) || !near(ew.Buildings[0].Spans[0][1], 50) || !near(ew.Buildings[0].HeightM, 9) {
		t.Errorf("east-west buildings: %+v", ew.Buildings)
	}
	if g := groundAt(ew.Ground, 45); !near(g, 0.2) {
		t.Errorf("ground in the house %v, want its base 0.2 m (profile %+v)", g, ew.Ground)
	}
	gas := mustCut(t, scene(), Request{Line: []geo.Point3{at(-30, 0.5, 0), at(30, 0.5, 0)}, Layers: []string{"gas"}})
	if len(gas.Crossings) != 1 || len(gas.Along) != 0 || len(gas.Buildings) != 0 {
		t.Errorf("gas layer only: %+v", gas)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 2e-3 }

func TestInvalid(t *testing.T) {
	ok := []geo.Point3{at(0, 0, 0), at(10, 0, 0)}
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"one point", Request{Line: ok[:1]}},
		{"no length", Request{Line: []geo.Point3{ok[0], ok[0]}}},
		{"bad point", Request{Line: []geo.Point3{ok[0], {0, 95, 0}}}},
		{"NaN", Request{Line: []geo.Point3{ok[0], {math.NaN(), 0, 0}}}},
		{"too long", Request{Line: []geo.Point3{{10, 50, 0}, {10, 50.1, 0}}}},
		{"too wide", Request{Line: ok, HalfWidthM: MaxHalfWidthM + 1}},
		{"limit", Request{Line: ok, Limit: -1}},
		{"layer", Request{Line: ok, Layers: []string{"lava"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Cut(context.Background(), scene(), tc.req); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestBounds checks the result cap and the deadline.
func TestBounds(t *testing.T) {
	req := Request{Line: []geo.Point3{at(-30, 0.5, 0), at(30, 0.5, 0)}, Limit: 2}
	res := mustCut(t, scene(), req)
	if !res.Truncated || len(res.Crossings)+len(res.Along)+len(res.Buildings) != 2 || len(res.Buildings) != 0 {
		t.Errorf("limit 2: %+v", res)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Cut(ctx, scene(), req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if _, err := Cut(ctx, scene(), req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past deadline: err = %v", err)
	}
}

// FuzzCut decodes requests and drawing options from JSON and cuts and
// draws them over a small scene: no input may panic.
func FuzzCut(f *testing.F) {
	for _, s := range []string{
		`{"line":[[9.9995,50,0],[10.0005,50,0]]}`,
		`{"line":[[9.9995,50.00001,0],[10.0005,50.00001,0],[10.0005,50.0002,0]],"half_width_m":25,"layers":["water","buildings"],"limit":1}`,
		`{"line":[[10,49.9998,0],[10,50.0002,0]],"half_width_m":0.001}`,
		`{"line":[[10,50,0],[10,50,0]]}`,
	} {
		f.Add([]byte(s), 1.0, 6.0)
	}
	f.Fuzz(func(t *testing.T, data []byte, e, above float64) {
		var req Request
		if err := json.Unmarshal(data, &req); err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		res, err := Cut(ctx, scene(), req)
		if err != nil {
			return
		}
		doc, err := SVG(res, SVGOptions{VerticalExaggeration: e, MaxAboveGroundM: above})
		if err == nil && len(doc) == 0 {
			t.Error("empty drawing")
		}
	})
}
