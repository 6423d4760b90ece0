package sqlite

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// openTemp opens a new store in a test's temporary directory.
func openTemp(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), filepath.Join(tb.TempDir(), "twin.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

func segment(dataset, src string, net twin.Network, pts ...geo.Point3) *twin.UtilitySegment {
	return &twin.UtilitySegment{
		Header:     twin.Header{ID: twin.FeatureID(dataset, src), Dataset: dataset, SourceID: src},
		Network:    net,
		Centreline: pts,
		DiameterMM: 200,
		DepthM:     1.5,
		Vertical:   twin.VerticalDepth,
		Status:     twin.StatusExisting,
	}
}

func building(dataset, src string, lon, lat, size, base, roof float64) *twin.Building {
	ring := orb.Ring{{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}}
	return &twin.Building{
		Header:    twin.Header{ID: twin.FeatureID(dataset, src), Dataset: dataset, SourceID: src},
		Footprint: orb.Polygon{ring},
		BaseM:     base, RoofM: roof, LoD: "1",
	}
}

func node(dataset, src string, net twin.Network, p geo.Point3, ground float64) *twin.UtilityNode {
	return &twin.UtilityNode{
		Header:   twin.Header{ID: twin.FeatureID(dataset, src), Dataset: dataset, SourceID: src},
		Network:  net,
		NodeKind: twin.NodeManhole,
		Position: p,
		GroundM:  ground,
		DepthM:   ground - p[2],
		Vertical: twin.VerticalElevation,
		Status:   twin.StatusExisting,
	}
}

// load loads feats as dataset name and fails the test on error.
func load(tb testing.TB, s *Store, name string, feats ...twin.Feature) twin.LoadStats {
	tb.Helper()
	st, err := s.LoadDataset(context.Background(), meta(name), putAll(feats))
	if err != nil {
		tb.Fatalf("load %s: %v", name, err)
	}
	return st
}

func meta(name string) *twin.DatasetMeta {
	return &twin.DatasetMeta{Name: name, Sources: []string{name + ".geojson"}, CRS: "EPSG:4326"}
}

func putAll(feats []twin.Feature) func(twin.FeatureWriter) error {
	return func(w twin.FeatureWriter) error {
		for _, f := range feats {
			if err := w.Put(f); err != nil {
				return err
			}
		}
		return nil
	}
}

// City is the synthetic district: a box around Amsterdam about 20 km wide.
const (
	cityLon, cityLat = 4.80, 52.30
	citySpanLon      = 0.30
	citySpanLat      = 0.18
	metreLat         = 1.0 / 111_320
	metreLon         = metreLat / 0.61 // cos(52.3°)
)

// synthSegments calls put with n pipe segments of 10–100 m spread over the
// city, deterministic for a seed.
func synthSegments(seed uint64, dataset string, n int, put func(twin.Feature) error) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := range n {
		lon := cityLon + rng.Float64()*citySpanLon
		lat := cityLat + rng.Float64()*citySpanLat
		z := -0.5 - rng.Float64()*4
		pts := []geo.Point3{{lon, lat, z}}
		for range 1 + rng.IntN(3) {
			length, dir := 10+rng.Float64()*30, rng.Float64()*2*math.Pi
			lon += length * math.Cos(dir) * metreLon
			lat += length * math.Sin(dir) * metreLat
			pts = append(pts, geo.Point3{lon, lat, z - rng.Float64()*0.3})
		}
		net := twin.Networks[rng.IntN(len(twin.Networks))]
		if err := put(segment(dataset, fmt.Sprintf("s%07d", i), net, pts...)); err != nil {
			return err
		}
	}
	return nil
}

// ids lists the ids of the features Search finds, sorted.
func searchIDs(tb testing.TB, s *Store, b geo.Bounds3, f twin.Filter) []string {
	tb.Helper()
	var out []string
	err := s.Search(context.Background(), b, f, func(ft twin.Feature) bool {
		out = append(out, ft.Head().ID)
		return true
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// snapshot is everything a reader can see of a store, to compare states.
type snapshot struct {
	datasets []twin.Dataset
	lastSeq  int64
	feats    map[string]string
}

func takeSnapshot(tb testing.TB, s *Store) snapshot {
	tb.Helper()
	ctx := context.Background()
	var sn snapshot
	var err error
	if sn.datasets, err = s.Datasets(ctx); err != nil {
		tb.Fatal(err)
	}
	if sn.lastSeq, err = s.LastSeq(ctx); err != nil {
		tb.Fatal(err)
	}
	world := geo.Bounds3{Min: geo.Point3{-180, -90, -1e4}, Max: geo.Point3{180, 90, 1e4}}
	sn.feats = map[string]string{}
	err = s.Search(ctx, world, twin.Filter{}, func(f twin.Feature) bool {
		data, _ := twin.MarshalFeature(f)
		sn.feats[f.Head().ID] = string(data)
		return true
	})
	if err != nil {
		tb.Fatal(err)
	}
	return sn
}

// checkIndex checks that the R*Tree holds exactly one entry per feature,
// enclosing the feature's bounds (z divided by rtreeZDivisor) within float32
// rounding, and that the R*Tree is sound.
func checkIndex(tb testing.TB, s *Store) {
	tb.Helper()
	checks := []struct{ name, query, want string }{
		{"R*Tree integrity", `SELECT rtreecheck('features_rtree')`, "ok"},
		{"entries per feature", `SELECT (SELECT count(*) FROM features_rtree) - (SELECT count(*) FROM features)`, "0"},
		{"features without an entry or with a wrong one", `SELECT count(*) FROM features f WHERE NOT EXISTS (
			SELECT 1 FROM features_rtree r WHERE r.id = f.rowid
			AND r.min_lon <= f.min_lon AND r.max_lon >= f.max_lon AND f.min_lon - r.min_lon < 1e-5 AND r.max_lon - f.max_lon < 1e-5
			AND r.min_lat <= f.min_lat AND r.max_lat >= f.max_lat AND f.min_lat - r.min_lat < 1e-5 AND r.max_lat - f.max_lat < 1e-5
			AND r.min_z <= f.min_z / 111320.0 AND r.max_z >= f.max_z / 111320.0
			AND f.min_z / 111320.0 - r.min_z < 1e-9 AND r.max_z - f.max_z / 111320.0 < 1e-9)`, "0"},
	}
	for _, c := range checks {
		var got string
		if err := s.read.QueryRow(c.query).Scan(&got); err != nil {
			tb.Fatalf("%s: %v", c.name, err)
		}
		if got != c.want {
			tb.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
