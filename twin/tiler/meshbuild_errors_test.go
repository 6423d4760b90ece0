package tiler

import (
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// testFrame is where the hand-made features of these tests stand.
func testFrame() geo.ENU { return geo.NewENU(geo.Point3{4.37, 52.01, 0}) }

// llh converts local metres of testFrame to lon°, lat°, h m.
func llh(x, y, z float64) geo.Point3 { return testFrame().ToLLH(geo.Point3{x, y, z}) }

// square returns a closed square ring (lon°, lat°) of side s at x, y.
func square(x, y, s float64) orb.Ring {
	var r orb.Ring
	for _, c := range [][2]float64{{0, 0}, {s, 0}, {s, s}, {0, s}, {0, 0}} {
		p := llh(x+c[0], y+c[1], 0)
		r = append(r, orb.Point{p[0], p[1]})
	}
	return r
}

// wall returns an open vertical rectangle surface from (x0, y0) to (x1, y1).
func wall(x0, y0, x1, y1, h float64) twin.Surface {
	return twin.Surface{Type: "WallSurface", Rings: [][]geo.Point3{{
		llh(x0, y0, 0), llh(x1, y1, 0), llh(x1, y1, h), llh(x0, y0, h)}}}
}

func testBuilding(id string, fp orb.Polygon, surfaces ...twin.Surface) *twin.Building {
	return &twin.Building{
		Header:    twin.Header{ID: "t:" + id, Dataset: "t", SourceID: id},
		Footprint: fp, BaseM: 0, RoofM: 10, LoD: "2.2", Surfaces: surfaces,
	}
}

// TestBuildSkips checks that what cannot be meshed is skipped and listed,
// without failing the tile.
func TestBuildSkips(t *testing.T) {
	degenerate := twin.Surface{Type: "RoofSurface", Rings: [][]geo.Point3{{llh(0, 0, 5), llh(1, 0, 5), llh(0, 0, 5)}}}
	line := orb.Polygon{{{4.37, 52.01}, {4.3701, 52.01}, {4.37, 52.01}, {4.37, 52.01}}}
	tests := []struct {
		name     string
		feature  twin.Feature
		rows     int
		skipped  []string // substrings, one per entry
		minVerts int
	}{
		{"one bad surface", testBuilding("a", nil, wall(0, 0, 10, 0, 10), degenerate), 1, []string{"t:a: surface 1 (RoofSurface)"}, 4},
		{"no good surface, footprint instead", testBuilding("b", orb.Polygon{square(0, 0, 10)}, degenerate), 1,
			[]string{"t:b: surface 0", "t:b: no surface drawn"}, 16},
		{"hole outside", testBuilding("c", orb.Polygon{square(0, 0, 10), square(20, 20, 2)}), 1, []string{"t:c: footprint", "holes dropped"}, 16},
		{"nothing drawable", testBuilding("d", line), 0, []string{"t:d: footprint", "t:d: no geometry"}, 0},
		{"segment of one point", &twin.UtilitySegment{
			Header:  twin.Header{ID: "t:s", Dataset: "t", SourceID: "s"},
			Network: twin.NetworkWater, DiameterMM: 100, Centreline: []geo.Point3{llh(0, 0, -1), llh(0, 0, -1)},
		}, 0, []string{"t:s: centreline", "t:s: no geometry"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewMesher(MesherOptions{}).Build([]twin.Feature{tc.feature}, testFrame(), DetailFull)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.FeatureIDs) != tc.rows || (tc.rows == 0) != (c.Table == nil) {
				t.Errorf("%d rows (table %v), want %d", len(c.FeatureIDs), c.Table != nil, tc.rows)
			}
			joined := strings.Join(c.Skipped, "\n")
			for _, want := range tc.skipped {
				if !strings.Contains(joined, want) {
					t.Errorf("skipped %q lacks %q", c.Skipped, want)
				}
			}
			verts := 0
			for _, m := range c.Meshes {
				verts += len(m.Positions)
			}
			if verts < tc.minVerts || (tc.minVerts == 0) != (verts == 0) {
				t.Errorf("%d vertices, want at least %d", verts, tc.minVerts)
			}
		})
	}
}

// TestBuildErrors checks the input Build refuses and the empty tile.
func TestBuildErrors(t *testing.T) {
	b := testBuilding("a", orb.Polygon{square(0, 0, 10)})
	seg := &twin.UtilitySegment{Header: twin.Header{ID: "t:s", Dataset: "t", SourceID: "s"}, Network: twin.NetworkGas,
		Centreline: []geo.Point3{llh(0, 0, -1), llh(5, 0, -1)}}
	odd := *seg
	odd.Network = "lava"
	tests := []struct {
		name     string
		features []twin.Feature
		detail   Detail
		want     error
	}{
		{"mixed layers", []twin.Feature{b, seg}, DetailFull, ErrMixedLayers},
		{"unknown layer", []twin.Feature{&odd}, DetailFull, ErrUnsupported},
		{"unknown detail", []twin.Feature{b}, Detail(9), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewMesher(MesherOptions{}).Build(tc.features, testFrame(), tc.detail)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) || !strings.HasPrefix(err.Error(), "tiler: ") {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		c, err := NewMesher(MesherOptions{}).Build(nil, testFrame(), DetailCoarse)
		if err != nil || len(c.Meshes) != 0 || c.Table != nil || !c.Bounds.IsEmpty() {
			t.Errorf("content %+v, err %v", c, err)
		}
	})
}
