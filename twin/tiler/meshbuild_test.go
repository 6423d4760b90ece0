package tiler

import (
	"math"
	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// demoLayers are the layers of the demo district.
func demoLayers() []string {
	out := []string{LayerBuildings}
	for _, n := range twin.Networks {
		if n != twin.NetworkOther {
			out = append(out, string(n))
		}
	}
	return out
}

// TestBuildDemo meshes every layer of the demo district at both details,
// encodes it (quantized and not) and checks the round trip.
func TestBuildDemo(t *testing.T) {
	coll := demoCollector(t)
	m := NewMesher(MesherOptions{})
	for _, layer := range demoLayers() {
		features := layerFeatures(coll, layer)
		if len(features) == 0 {
			t.Fatalf("demo has no %s features", layer)
		}
		frame, index := frameFor(features), byID(features)
		for _, tc := range []struct {
			name     string
			detail   Detail
			quantize bool
		}{
			{"full", DetailFull, false},
			{"full quantized", DetailFull, true},
			{"coarse", DetailCoarse, false},
			{"coarse quantized", DetailCoarse, true},
		} {
			t.Run(layer+" "+tc.name, func(t *testing.T) {
				c, err := m.Build(features, frame, tc.detail)
				if err != nil {
					t.Fatal(err)
				}
				if len(c.Skipped) > 0 {
					t.Errorf("skipped %d: %v", len(c.Skipped), c.Skipped[:min(5, len(c.Skipped))])
				}
				if tc.detail == DetailFull && len(c.FeatureIDs) != len(features) {
					t.Errorf("%d rows for %d features", len(c.FeatureIDs), len(features))
				}
				if len(c.Meshes) == 0 {
					return // a coarse tile of a network without mains
				}
				checkContent(t, c, index, m.Schema(layer), tc.quantize)
			})
		}
	}
}

// TestCoarseIsCoarser checks that coarse content has fewer triangles than
// full content and a positive geometric error (full: zero).
func TestCoarseIsCoarser(t *testing.T) {
	coll := demoCollector(t)
	m := NewMesher(MesherOptions{})
	for _, layer := range demoLayers() {
		t.Run(layer, func(t *testing.T) {
			features := layerFeatures(coll, layer)
			frame := frameFor(features)
			full, err := m.Build(features, frame, DetailFull)
			if err != nil {
				t.Fatal(err)
			}
			coarse, err := m.Build(features, frame, DetailCoarse)
			if err != nil {
				t.Fatal(err)
			}
			tf, tc := triangles(full.Meshes), triangles(coarse.Meshes)
			if tc >= tf || !(coarse.ErrorM > 0) || full.ErrorM != 0 {
				t.Errorf("full %d triangles, error %g m; coarse %d triangles, error %g m", tf, full.ErrorM, tc, coarse.ErrorM)
			}
			t.Logf("full %d triangles %d rows; coarse %d triangles %d rows, error %.3f m",
				tf, len(full.FeatureIDs), tc, len(coarse.FeatureIDs), coarse.ErrorM)
		})
	}
}

// TestBuildingHeights checks that each building's highest vertex is its
// roof: RoofM above the frame origin's height, less the frame's curvature
// at the building.
func TestBuildingHeights(t *testing.T) {
	coll := demoCollector(t)
	features := layerFeatures(coll, LayerBuildings)
	frame := frameFor(features)
	index := byID(features)
	for _, detail := range []Detail{DetailFull, DetailCoarse} {
		t.Run([]string{"full", "coarse"}[detail], func(t *testing.T) {
			c, err := NewMesher(MesherOptions{}).Build(features, frame, detail)
			if err != nil {
				t.Fatal(err)
			}
			dec := decode(t, encode(t, c, LayerSchema(LayerBuildings), false))
			pitched := 0
			for id, z := range maxZByFeature(dec.Meshes) {
				b := index[c.FeatureIDs[id]].(*twin.Building)
				p := b.Footprint[0][0]
				want := frame.FromLLH(geo.Point3{p[0], p[1], b.RoofM})[2]
				// A pitched roof on an L or U footprint may peak below RoofM
				// (its ridge leaves the footprint), by less than half the pitch.
				below := 0.02
				if b.EaveM != 0 && detail == DetailFull {
					pitched++
					below += (b.RoofM - b.EaveM) / 2
				}
				if z > want+0.02 || z < want-below {
					t.Errorf("%s: max z %.3f, want %.3f (roof %.2f m, origin %.2f m)", b.ID, z, want, b.RoofM, frame.Origin()[2])
				}
				if !near(z, b.RoofM-frame.Origin()[2], below+0.25) {
					t.Errorf("%s: max z %.3f not near roof − origin %.3f", b.ID, z, b.RoofM-frame.Origin()[2])
				}
			}
			if pitched == 0 && detail == DetailFull {
				t.Error("no pitched roof among the demo buildings")
			}
		})
	}
}

// TestTubeRadius checks that the vertices of each round pipe lie its
// radius from its centreline (mitred corners up to √2 times that, cap
// centres on it), in the built content and after a float32 round trip.
func TestTubeRadius(t *testing.T) {
	coll := demoCollector(t)
	for _, layer := range []string{"water", "sewer", "heating"} {
		t.Run(layer, func(t *testing.T) {
			features := layerFeatures(coll, layer)
			frame := frameFor(features)
			c, err := NewMesher(MesherOptions{}).Build(features, frame, DetailFull)
			if err != nil {
				t.Fatal(err)
			}
			dec := decode(t, encode(t, c, LayerSchema(layer), false))
			index := byID(features)
			for name, meshes := range map[string][]tiles.Mesh{"built": c.Meshes, "decoded": dec.Meshes} {
				checked := checkRadii(t, name, meshes, c.FeatureIDs, index, frame)
				if checked < 20 {
					t.Errorf("%s: only %d segments checked", name, checked)
				}
			}
		})
	}
}

// checkRadii checks the tube radius of every round segment and returns how
// many were checked.
func checkRadii(t *testing.T, name string, meshes []tiles.Mesh, ids []string, index map[string]twin.Feature, frame geo.ENU) int {
	t.Helper()
	dist := map[uint32][]float64{}
	for _, m := range meshes {
		for i, p := range m.Positions {
			s, ok := index[ids[m.FeatureIDs[i]]].(*twin.UtilitySegment)
			if !ok || s.DiameterMM == 0 {
				continue
			}
			line := frame.AppendLocal(nil, s.Centreline)
			d := math.Inf(1)
			for k := 1; k < len(line); k++ {
				d = min(d, geo.Segment3{A: line[k-1], B: line[k]}.DistanceToPoint(geo.Point3(p)))
			}
			dist[m.FeatureIDs[i]] = append(dist[m.FeatureIDs[i]], d)
		}
	}
	const tol = 2e-3
	for id, ds := range dist {
		s := index[ids[id]].(*twin.UtilitySegment)
		r := s.DiameterMM / 2000
		slices.Sort(ds)
		centres := 0
		for _, d := range ds {
			switch {
			case d < tol:
				centres++
			case d < r-tol || d > r*math.Sqrt2+tol:
				t.Fatalf("%s %s: vertex %.4f m from the centreline, radius %.4f m", name, s.ID, d, r)
			}
		}
		if median := ds[len(ds)/2]; centres > 2 || !near(median, r, tol) {
			t.Errorf("%s %s: %d cap centres, median distance %.4f m, radius %.4f m", name, s.ID, centres, median, r)
		}
	}
	return len(dist)
}

// TestNetworkColours checks the material colour of each network's mesh,
// and that planned and abandoned features go to their own meshes.
func TestNetworkColours(t *testing.T) {
	coll := demoCollector(t)
	m := NewMesher(MesherOptions{})
	for _, n := range twin.Networks {
		features := layerFeatures(coll, string(n))
		if len(features) == 0 {
			continue
		}
		t.Run(string(n), func(t *testing.T) {
			c, err := m.Build(features, frameFor(features), DetailFull)
			if err != nil {
				t.Fatal(err)
			}
			dec := decode(t, encode(t, c, m.Schema(string(n)), true))
			seen := 0
			for _, mesh := range dec.Meshes {
				status := twin.StatusExisting
				switch mesh.Name {
				case string(n) + "-planned":
					status = twin.StatusPlanned
				case string(n) + "-abandoned":
					status = twin.StatusAbandoned
				case string(n):
				default:
					t.Fatalf("unexpected mesh %q", mesh.Name)
				}
				rgb, alpha := UtilitySRGBA(n, status)
				if want := Linear(rgb, alpha); !colourNear(mesh.Color, want) {
					t.Errorf("mesh %q colour %v, want %v", mesh.Name, mesh.Color, want)
				}
				for _, id := range mesh.FeatureIDs {
					if got, _ := dec.Table().Value(dec.Schema, "status", int(id)); got != string(status) {
						t.Fatalf("mesh %q holds feature %d of status %v", mesh.Name, id, got)
					}
				}
				seen++
			}
			if seen == 0 {
				t.Error("no mesh")
			}
		})
	}
}

func colourNear(a, b [4]float32) bool {
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-6 {
			return false
		}
	}
	return true
}
