package querytest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
)

// TestMemStore checks the filters of MemStore.Search over a small scene.
func TestMemStore(t *testing.T) {
	seg := func(id, ds string, net twin.Network, y float64) *twin.UtilitySegment {
		return &twin.UtilitySegment{Header: twin.Header{ID: ds + ":" + id, Dataset: ds, SourceID: id}, Network: net,
			Centreline: []geo.Point3{At(-10, y, -1), At(10, y, -1)}, DiameterMM: 100, Status: twin.StatusExisting}
	}
	house := &twin.Building{Header: twin.Header{ID: "t:house", Dataset: "t", SourceID: "house"}, Footprint: Rect(20, 20, 30, 30), RoofM: 9}
	m := &MemStore{Feats: []twin.Feature{seg("w", "t", twin.NetworkWater, 0), seg("g", "u", twin.NetworkGas, 5), house}}
	near := Scene().SearchBounds(-1, -1, 1, 1, -5, 5)
	for _, tc := range []struct {
		name   string
		b      geo.Bounds3
		filter twin.Filter
		want   []string
	}{
		{"world", World(), twin.Filter{}, []string{"t:w", "u:g", "t:house"}},
		{"bounds", near, twin.Filter{}, []string{"t:w"}},
		{"kinds", World(), twin.Filter{Kinds: []twin.Kind{twin.KindBuilding}}, []string{"t:house"}},
		{"layers", World(), twin.Filter{Layers: []string{"gas"}}, []string{"u:g"}},
		{"datasets", World(), twin.Filter{Datasets: []string{"t"}}, []string{"t:w", "t:house"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := m.Search(context.Background(), tc.b, tc.filter, func(f twin.Feature) bool {
				got = append(got, f.Head().ID)
				return true
			})
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := m.Search(ctx, World(), twin.Filter{}, func(twin.Feature) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// TestFixture checks that a Fixture fills its store once, that Demo keeps
// the summary and that the store holds what the summary counts.
func TestFixture(t *testing.T) {
	var fix Fixture
	defer fix.Close()
	var sum demo.Summary
	fills := 0
	fill := func(ctx context.Context, s twin.Store) error {
		fills++
		return Demo(1, &sum)(ctx, s)
	}
	for _, name := range []string{"first load", "second load"} {
		t.Run(name, func(t *testing.T) {
			s := fix.Load(t, fill)
			n := 0
			err := s.Search(context.Background(), World(), twin.Filter{}, func(twin.Feature) bool {
				n++
				return true
			})
			if err != nil || fills != 1 || sum.Seed != 1 || n != sum.Buildings+sum.Segments+sum.Nodes {
				t.Errorf("%d fills, %d features (%v), summary %d + %d + %d of seed %d", fills, n, err,
					sum.Buildings, sum.Segments, sum.Nodes, sum.Seed)
			}
		})
	}
}
