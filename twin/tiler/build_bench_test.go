package tiler

import (
	"context"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// benchCase is a store to build: the demo district under the default
// options (its buildings fit one tile) and under smaller tiles (an edit
// touches a small part of each layer), and Nanaimo's water mains.
type benchCase struct {
	name    string
	dataset string
	store   func(testing.TB) twin.Store
	opts    Options
}

func benchCases() []benchCase {
	demoStore := func(tb testing.TB) twin.Store { return demoStore(tb) }
	nanaimo := sharedDatasets()[1]
	return []benchCase{
		{"demo", "demo", demoStore, Options{}},
		{"demo-max100", "demo", demoStore, Options{MaxBuildings: 100, MaxUtility: 400}},
		{"nanaimo", nanaimo.name, func(tb testing.TB) twin.Store { return loadShared(tb, nanaimo) }, Options{}},
	}
}

// BenchmarkBuild is a full build with the real mesher; it reports
// features per second.
func BenchmarkBuild(b *testing.B) {
	for _, bc := range benchCases() {
		b.Run(bc.name, func(b *testing.B) {
			s := bc.store(b)
			m := NewMesher(MesherOptions{})
			opts := bc.opts
			opts.Full = true
			b.ReportAllocs()
			b.ResetTimer()
			features := 0
			for range b.N {
				rep := mustBuild(b, s, m, opts)
				for _, l := range rep.Layers {
					features += l.Features
				}
			}
			b.ReportMetric(float64(features)/b.Elapsed().Seconds(), "features/s")
		})
	}
}

// BenchmarkIncremental changes one feature (a building in the demo
// district, a pipe in Nanaimo) and rebuilds; it reports how many times
// faster that is than a full build of the same store, timed in the same
// run.
func BenchmarkIncremental(b *testing.B) {
	for _, bc := range benchCases() {
		b.Run(bc.name, func(b *testing.B) {
			s := bc.store(b)
			m := NewMesher(MesherOptions{})
			full := bc.opts
			full.Full = true
			start := time.Now()
			const fullRuns = 2
			for range fullRuns {
				mustBuild(b, s, m, full)
			}
			fullTime := time.Since(start) / fullRuns
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				loadEdit(b, s, bc.dataset, float64(i%2))
				b.StartTimer()
				if rep := mustBuild(b, s, m, bc.opts); rep.Full || len(rep.Layers) != 1 {
					b.Fatalf("report %+v", rep)
				}
			}
			b.ReportMetric(float64(fullTime)/(float64(b.Elapsed())/float64(b.N)), "x_full_speed")
			b.ReportMetric(float64(fullTime.Milliseconds()), "full_ms")
		})
	}
}

// loadEdit loads dataset "edit": one feature at the centre of dataset
// near, whose height depends on v: a building beside the demo district's
// buildings, a water pipe beside other pipes.
func loadEdit(tb testing.TB, s twin.Store, near string, v float64) {
	tb.Helper()
	ds, err := s.Dataset(context.Background(), near)
	if err != nil {
		tb.Fatal(err)
	}
	c := ds.Extent.Center()
	h := twin.Header{ID: "edit:f", Dataset: "edit", SourceID: "f"}
	var f twin.Feature = &twin.UtilitySegment{Header: h, Network: twin.NetworkWater, DiameterMM: 150,
		Vertical: twin.VerticalElevation, Status: twin.StatusExisting,
		Centreline: []geo.Point3{{c[0], c[1], c[2] - 1 - v}, {c[0] + 0.0003, c[1], c[2] - 1 - v}}}
	if ds.Buildings > 0 {
		ring := orb.Ring{{c[0], c[1]}, {c[0] + 0.0002, c[1]}, {c[0] + 0.0002, c[1] + 0.0001}, {c[0], c[1] + 0.0001}, {c[0], c[1]}}
		f = &twin.Building{Header: h, Footprint: orb.Polygon{ring}, BaseM: 150, RoofM: 170 + v, LoD: "1"}
	}
	meta := twin.DatasetMeta{Name: "edit", Sources: []string{"bench"}, CRS: "EPSG:4326"}
	_, err = s.LoadDataset(context.Background(), &meta, func(w twin.FeatureWriter) error { return w.Put(f) })
	if err != nil {
		tb.Fatal(err)
	}
}
