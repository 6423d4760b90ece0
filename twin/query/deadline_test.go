package query

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// slowStore delays every feature a search yields.
type slowStore struct {
	twin.Store
	delay time.Duration
}

func (s slowStore) Search(ctx context.Context, b geo.Bounds3, f twin.Filter, fn func(twin.Feature) bool) error {
	return s.Store.Search(ctx, b, f, func(x twin.Feature) bool {
		time.Sleep(s.delay)
		return fn(x)
	})
}

// TestDeadline checks that a query past its deadline fails with a clear
// TimeoutError instead of returning what it found so far.
func TestDeadline(t *testing.T) {
	store, all := demoStore(t)
	ext := extent(all)
	bbox := []float64{ext.Min[0], ext.Min[1], ext.Max[0], ext.Max[1]}
	point := []byte(`{"type":"Point","coordinates":[37.62,55.75]}`)
	cases := []struct {
		name  string
		store twin.Store
		limit time.Duration
		run   func(e *Engine) error
	}{
		{"area, tiny deadline", store, time.Nanosecond, func(e *Engine) error {
			_, err := e.Area(context.Background(), AreaRequest{AreaSpec: AreaSpec{BBox: bbox}})
			return err
		}},
		{"area, slow store", slowStore{store, time.Millisecond}, 30 * time.Millisecond, func(e *Engine) error {
			_, err := e.Area(context.Background(), AreaRequest{AreaSpec: AreaSpec{BBox: bbox}})
			return err
		}},
		{"stats, slow store", slowStore{store, time.Millisecond}, 30 * time.Millisecond, func(e *Engine) error {
			_, err := e.Stats(context.Background(), StatsRequest{AreaSpec: AreaSpec{BBox: bbox}})
			return err
		}},
		{"proximity, slow store", slowStore{store, 5 * time.Millisecond}, 30 * time.Millisecond, func(e *Engine) error {
			_, err := e.Proximity(context.Background(), ProximityRequest{Geometry: point, DistanceM: 200})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := New(tc.store, Limits{Deadline: tc.limit})
			start := time.Now()
			err := tc.run(e)
			if !IsTimeout(err) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "deadline") {
				t.Fatalf("error %v, want a TimeoutError", err)
			}
			if took := time.Since(start); took > tc.limit+2*time.Second {
				t.Errorf("took %v past a deadline of %v", took, tc.limit)
			}
		})
	}
	t.Run("caller cancels", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := New(store, Limits{}).Area(ctx, AreaRequest{AreaSpec: AreaSpec{BBox: bbox}})
		if err == nil || IsTimeout(err) || !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want the caller's cancellation", err)
		}
	})
}

// TestRequestLimits checks the limits every query enforces.
func TestRequestLimits(t *testing.T) {
	store, _ := demoStore(t)
	e := New(store, Limits{})
	country := AreaSpec{BBox: []float64{30, 50, 40, 60}}
	small := AreaSpec{BBox: []float64{37.618, 55.749, 37.621, 55.751}}
	thin := AreaSpec{BBox: []float64{37.5, 55.749, 37.9, 55.7491}}
	point := []byte(`{"type":"Point","coordinates":[37.62,55.75]}`)
	ctx := context.Background()
	cases := []struct {
		name, want string
		run        func() error
	}{
		{"area of a country", "over the limit of 25 km²", func() error { _, err := e.Area(ctx, AreaRequest{AreaSpec: country}); return err }},
		{"thin and long", "over the limit of 20 km on a side", func() error { _, err := e.Area(ctx, AreaRequest{AreaSpec: thin}); return err }},
		{"stats of a country", "over the limit", func() error { _, err := e.Stats(ctx, StatsRequest{AreaSpec: country}); return err }},
		{"limit over the cap", "over the cap of 10000", func() error { _, err := e.Area(ctx, AreaRequest{AreaSpec: small, Limit: 10001}); return err }},
		{"negative offset", "offset: -1 is negative", func() error { _, err := e.Area(ctx, AreaRequest{AreaSpec: small, Offset: -1}); return err }},
		{"bad cursor", "not a cursor", func() error { _, err := e.Area(ctx, AreaRequest{AreaSpec: small, Cursor: "xyz"}); return err }},
		{"both bbox and geometry", "not both", func() error {
			_, err := e.Area(ctx, AreaRequest{AreaSpec: AreaSpec{BBox: small.BBox, Geometry: point}})
			return err
		}},
		{"point for an area", "needs a Polygon", func() error { _, err := e.Area(ctx, AreaRequest{AreaSpec: AreaSpec{Geometry: point}}); return err }},
		{"unknown dataset", `unknown dataset "nope"`, func() error {
			_, err := e.Area(ctx, AreaRequest{AreaSpec: small, Filters: Filters{Datasets: []string{"nope"}}})
			return err
		}},
		{"distance over the cap", "over the limit of 500 m", func() error {
			_, err := e.Proximity(ctx, ProximityRequest{Geometry: point, DistanceM: 501})
			return err
		}},
		{"no distance", "distance_m: missing", func() error { _, err := e.Proximity(ctx, ProximityRequest{Geometry: point}); return err }},
		{"probe depth with heights", "probe_depth_m", func() error {
			d := 1.0
			_, err := e.Proximity(ctx, ProximityRequest{Geometry: []byte(`{"type":"Point","coordinates":[37.62,55.75,150]}`), DistanceM: 5, ProbeDepthM: &d})
			return err
		}},
		{"unsorted bins", "strictly ascending", func() error {
			_, err := e.Stats(ctx, StatsRequest{AreaSpec: small, HeightBinsM: []float64{0, 10, 5}})
			return err
		}},
		{"bad op", "unknown op", func() error {
			_, err := e.Area(ctx, AreaRequest{AreaSpec: small, Filters: Filters{Where: []Condition{{Attr: "material", Op: "==", Value: "pvc"}}}})
			return err
		}},
		{"bad depth range", "above max", func() error {
			_, err := e.Area(ctx, AreaRequest{AreaSpec: small, Filters: Filters{DepthM: &Range{Min: fp(3), Max: fp(1)}}})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if !IsBadRequest(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want a bad request containing %q", err, tc.want)
			}
		})
	}
}
