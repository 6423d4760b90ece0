package tiler

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// boxBuilder is a ContentBuilder for tests of the tree: every feature is
// the box of its bounds, with one "id" property. Coarse detail draws the
// same boxes with an error of CoarseErrorM.
type boxBuilder struct {
	CoarseErrorM float64
	// Repeat draws each box this many times (at least once), to make
	// tiles larger than the tree's estimates.
	Repeat int
}

func (bb *boxBuilder) Schema(layer string) *tiles.Schema {
	return &tiles.Schema{ID: "boxes", Classes: map[string]tiles.Class{
		"feature": {Properties: map[string]tiles.ClassProperty{"id": {Type: tiles.TypeString, Required: true}}},
	}}
}

func (bb *boxBuilder) Build(features []twin.Feature, frame geo.ENU, detail Detail) (Content, error) {
	c := Content{Bounds: geo.EmptyBounds()}
	if detail == DetailCoarse {
		c.ErrorM = bb.CoarseErrorM
	}
	mesh := tiles.Mesh{Name: "boxes", Color: [4]float32{0.5, 0.5, 0.5, 1}}
	for i, f := range features {
		local := geo.EmptyBounds()
		for _, p := range boxCorners(f.Bounds()) {
			local = local.Extend(frame.FromLLH(p))
		}
		for range max(1, bb.Repeat) {
			appendBox(&mesh, local, uint32(i))
		}
		c.Bounds = c.Bounds.Union(local)
		c.FeatureIDs = append(c.FeatureIDs, f.Head().ID)
	}
	if len(features) > 0 {
		c.Meshes = []tiles.Mesh{mesh}
		c.Table = &tiles.PropertyTable{Class: "feature", Count: len(features),
			Properties: map[string]tiles.PropertyValues{"id": tiles.Strings(c.FeatureIDs)}}
	}
	return c, nil
}

// appendBox adds the 12 triangles of box b, flat-shaded, to m.
func appendBox(m *tiles.Mesh, b geo.Bounds3, fid uint32) {
	c := boxCorners(b)
	faces := []struct {
		v [4]int
		n [3]float32
	}{
		{[4]int{0, 2, 6, 4}, [3]float32{-1, 0, 0}}, {[4]int{1, 5, 7, 3}, [3]float32{1, 0, 0}},
		{[4]int{0, 4, 5, 1}, [3]float32{0, -1, 0}}, {[4]int{2, 3, 7, 6}, [3]float32{0, 1, 0}},
		{[4]int{0, 1, 3, 2}, [3]float32{0, 0, -1}}, {[4]int{4, 6, 7, 5}, [3]float32{0, 0, 1}},
	}
	for _, f := range faces {
		base := uint32(len(m.Positions))
		for _, k := range f.v {
			m.Positions = append(m.Positions, c[k])
			m.Normals = append(m.Normals, f.n)
			m.FeatureIDs = append(m.FeatureIDs, fid)
		}
		m.Indices = append(m.Indices, base, base+1, base+2, base, base+2, base+3)
	}
}

// treeDemoSeed is the demo district the tree tests build.
const treeDemoSeed = 3

// demoStore opens a new store in a temporary directory with the demo
// district loaded.
func demoStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s := emptyStore(tb)
	loadDemo(tb, s, nil)
	return s
}

func emptyStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "twin.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// loadDemo (re)loads the demo district, passing every feature through
// edit first when edit is not nil.
func loadDemo(tb testing.TB, s twin.Store, edit func(twin.Feature)) twin.LoadStats {
	tb.Helper()
	opts := demo.Options{Seed: treeDemoSeed}
	meta := demo.Meta(opts)
	stats, err := s.LoadDataset(context.Background(), &meta, func(w twin.FeatureWriter) error {
		_, err := demo.Generate(context.Background(), opts, editWriter{w, edit})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return stats
}

type editWriter struct {
	w    twin.FeatureWriter
	edit func(twin.Feature)
}

func (e editWriter) Put(f twin.Feature) error {
	if e.edit != nil {
		e.edit(f)
	}
	return e.w.Put(f)
}

// mustBuild runs Build and fails the test on error.
func mustBuild(tb testing.TB, s twin.Store, b ContentBuilder, opts Options) Report {
	tb.Helper()
	rep, err := Build(context.Background(), s, b, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}

// layerRecord returns the stored record of a layer.
func layerRecord(tb testing.TB, s twin.Store, layer string) *layerMeta {
	tb.Helper()
	st, err := s.TileState(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	l, ok := readState(st).layers[layer]
	if !ok {
		return nil
	}
	m, err := decodeLayerMeta(l.Meta)
	if err != nil || m == nil {
		tb.Fatalf("layer %s record: %v", layer, err)
	}
	if err := m.decodeMembers(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// moveOneBuilding reloads the demo with its first building shifted east.
func moveOneBuilding(t *testing.T, s twin.Store, metres float64) {
	moved := ""
	loadDemo(t, s, func(f twin.Feature) {
		bl, ok := f.(*twin.Building)
		if !ok || (moved != "" && bl.ID != moved) {
			return
		}
		moved = bl.ID
		d := metres / (metresPerDegree * math.Cos(bl.Footprint[0][0][1]*math.Pi/180))
		for _, ring := range bl.Footprint {
			for i := range ring {
				ring[i][0] += d
			}
		}
		for _, sf := range bl.Surfaces {
			for _, ring := range sf.Rings {
				for i := range ring {
					ring[i][0] += d
				}
			}
		}
	})
}

// loadExtra loads dataset "extra": n short pipes of network "other" on a
// line 20 m apart, just south of the demo district.
func loadExtra(t *testing.T, s twin.Store, n int) { loadExtraNet(t, s, n, twin.NetworkOther) }

// loadExtraNet is loadExtra with the first pipe in network first.
func loadExtraNet(t *testing.T, s twin.Store, n int, first twin.Network) {
	meta := twin.DatasetMeta{Name: "extra", Sources: []string{"test"}, CRS: "EPSG:4326"}
	_, err := s.LoadDataset(context.Background(), &meta, func(w twin.FeatureWriter) error {
		for i := range n {
			lon, lat := 37.60+float64(i%40)*0.0003, 55.735+float64(i/40)*0.0002
			seg := &twin.UtilitySegment{
				Header:  twin.Header{ID: twin.FeatureID("extra", fmt.Sprint(i)), Dataset: "extra", SourceID: fmt.Sprint(i)},
				Network: twin.NetworkOther, DiameterMM: 100, DepthM: 1, GroundM: 150, Vertical: twin.VerticalDepth,
				Status:     twin.StatusExisting,
				Centreline: []geo.Point3{{lon, lat, 149}, {lon + 0.0001, lat, 149}},
			}
			if i == 0 {
				seg.Network = first
			}
			if err := w.Put(seg); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
