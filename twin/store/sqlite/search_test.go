package sqlite

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// randomFeatures makes features whose coordinates lie on a 1e-7° grid near
// lon 4.9, lat 52.3: most are not float32 numbers, so the R*Tree's rounding
// matters, and many share exact coordinates with the query boxes below.
func randomFeatures(rng *rand.Rand, dataset string, n int) []twin.Feature {
	coord := func(base float64) float64 { return base + float64(rng.IntN(20000))*1e-7 }
	z := func() float64 { return float64(rng.IntN(400))/10 - 20 }
	feats := make([]twin.Feature, 0, n)
	for i := range n {
		src := fmt.Sprintf("f%d", i)
		net := twin.Networks[rng.IntN(len(twin.Networks))]
		switch rng.IntN(3) {
		case 0:
			feats = append(feats, segment(dataset, src, net,
				geo.Point3{coord(4.9), coord(52.3), z()}, geo.Point3{coord(4.9), coord(52.3), z()}))
		case 1:
			feats = append(feats, node(dataset, src, net, geo.Point3{coord(4.9), coord(52.3), z()}, 25))
		default:
			base := z()
			feats = append(feats, building(dataset, src, coord(4.9), coord(52.3), float64(1+rng.IntN(300))*1e-7, base, base+10))
		}
	}
	return feats
}

// randomBox returns a query box whose edges are often exactly a feature's
// bound, or the next float64 beside it.
func randomBox(rng *rand.Rand, feats []twin.Feature) geo.Bounds3 {
	var q geo.Bounds3
	for i := range 3 {
		a, b := edge(rng, feats, i), edge(rng, feats, i)
		q.Min[i], q.Max[i] = min(a, b), max(a, b)
	}
	return q
}

func edge(rng *rand.Rand, feats []twin.Feature, axis int) float64 {
	bb := feats[rng.IntN(len(feats))].Bounds()
	v := bb.Min[axis]
	if rng.IntN(2) == 0 {
		v = bb.Max[axis]
	}
	switch rng.IntN(4) {
	case 0:
		return math.Nextafter(v, math.Inf(1))
	case 1:
		return math.Nextafter(v, math.Inf(-1))
	case 2:
		return v + (rng.Float64()-0.5)*1e-3
	}
	return v
}

func TestSearchExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	s := openTemp(t)
	// "east" is loaded twice: the reload moves every feature (the R*Tree's
	// update trigger) and drops a third of them (its delete trigger).
	load(t, s, "east", randomFeatures(rng, "east", 900)...)
	all := randomFeatures(rng, "east", 600)
	load(t, s, "east", all...)
	west := randomFeatures(rng, "west", 600)
	load(t, s, "west", west...)
	all = append(all, west...)
	filters := []struct {
		name string
		f    twin.Filter
	}{
		{"no filter", twin.Filter{}},
		{"segments", twin.Filter{Kinds: []twin.Kind{twin.KindSegment}}},
		{"nodes and buildings", twin.Filter{Kinds: []twin.Kind{twin.KindNode, twin.KindBuilding}}},
		{"water and gas layers", twin.Filter{Layers: []string{"water", "gas"}}},
		{"dataset west", twin.Filter{Datasets: []string{"west"}}},
		{"all three", twin.Filter{Kinds: []twin.Kind{twin.KindSegment}, Layers: []string{"sewer"}, Datasets: []string{"east"}}},
	}
	checkIndex(t, s)
	for _, fc := range filters {
		t.Run(fc.name, func(t *testing.T) {
			checkSearch(t, s, rng, all, fc.f)
		})
	}
	// Deleting a dataset no larger than the rest removes its entries one by
	// one; deleting one larger than the rest rebuilds the R*Tree from the rest.
	north := randomFeatures(rng, "north", 100)
	load(t, s, "north", north...)
	for _, step := range []struct {
		drop string
		left []twin.Feature
	}{{"east", append(west, north...)}, {"west", north}} {
		if err := s.DeleteDataset(context.Background(), step.drop); err != nil {
			t.Fatal(err)
		}
		t.Run("after deleting "+step.drop, func(t *testing.T) {
			checkIndex(t, s)
			checkSearch(t, s, rng, step.left, twin.Filter{})
		})
	}
}

// checkSearch compares Search with brute force on random boxes.
func checkSearch(t *testing.T, s *Store, rng *rand.Rand, all []twin.Feature, f twin.Filter) {
	t.Helper()
	hits := 0
	for range 150 {
		q := randomBox(rng, all)
		want := bruteForce(all, q, f)
		got := searchIDs(t, s, q, f)
		if !slices.Equal(got, want) {
			t.Fatalf("box %v: got %d features, brute force %d\n got %q\nwant %q", q, len(got), len(want), got, want)
		}
		hits += len(got)
	}
	if hits == 0 {
		t.Error("no query found anything: the test proves nothing")
	}
}

// bruteForce is Search by definition: every feature whose bounds intersect
// q and that passes f.
func bruteForce(feats []twin.Feature, q geo.Bounds3, f twin.Filter) []string {
	var out []string
	for _, ft := range feats {
		if !ft.Bounds().Intersects(q) ||
			(len(f.Kinds) > 0 && !slices.Contains(f.Kinds, ft.Kind())) ||
			(len(f.Layers) > 0 && !slices.Contains(f.Layers, ft.Layer())) ||
			(len(f.Datasets) > 0 && !slices.Contains(f.Datasets, ft.Head().Dataset)) {
			continue
		}
		out = append(out, ft.Head().ID)
	}
	slices.Sort(out)
	return out
}

func TestSearchEdgeCases(t *testing.T) {
	s := openTemp(t)
	a := segment("d", "a", twin.NetworkWater, geo.Point3{4.9, 52.3, -1}, geo.Point3{4.9000001, 52.3000001, -1})
	load(t, s, "d", a)
	inf := math.Inf(1)
	cases := []struct {
		name string
		box  geo.Bounds3
		want []string
	}{
		{"touching the max corner", geo.Bounds3{Min: geo.Point3{4.9000001, 52.3000001, -1}, Max: geo.Point3{5, 53, 0}}, []string{"d:a"}},
		{"just past the max corner", geo.Bounds3{Min: geo.Point3{math.Nextafter(4.9000001, 5), 52, -1}, Max: geo.Point3{5, 53, 0}}, nil},
		{"just below the min corner", geo.Bounds3{Min: geo.Point3{4, 52, -2}, Max: geo.Point3{math.Nextafter(4.9, 4), 53, 0}}, nil},
		{"infinite box", geo.Bounds3{Min: geo.Point3{-inf, -inf, -inf}, Max: geo.Point3{inf, inf, inf}}, []string{"d:a"}},
		{"empty box", geo.EmptyBounds(), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := searchIDs(t, s, tc.box, twin.Filter{}); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("NaN box", func(t *testing.T) {
		nan := geo.Bounds3{Min: geo.Point3{math.NaN(), 0, 0}, Max: geo.Point3{1, 1, 1}}
		if err := s.Search(context.Background(), nan, twin.Filter{}, func(twin.Feature) bool { return true }); err == nil {
			t.Error("want an error")
		}
	})
}

func TestSearchStops(t *testing.T) {
	s := openTemp(t)
	if _, err := s.LoadDataset(context.Background(), meta("city"), func(w twin.FeatureWriter) error {
		return synthSegments(5, "city", 500, w.Put)
	}); err != nil {
		t.Fatal(err)
	}
	world := geo.Bounds3{Min: geo.Point3{-180, -90, -100}, Max: geo.Point3{180, 90, 100}}
	t.Run("callback returns false", func(t *testing.T) {
		n := 0
		err := s.Search(context.Background(), world, twin.Filter{}, func(twin.Feature) bool { n++; return n < 10 })
		if err != nil || n != 10 {
			t.Errorf("n = %d, err = %v; want 10, nil", n, err)
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := s.Search(ctx, world, twin.Filter{}, func(twin.Feature) bool {
			if n++; n == 10 {
				cancel()
			}
			return true
		})
		if !errors.Is(err, context.Canceled) || n != 10 {
			t.Errorf("n = %d, err = %v; want 10, %v", n, err, context.Canceled)
		}
	})
}
