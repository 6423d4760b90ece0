package query

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// statsOracle is StatsResponse's numbers computed by brute force: shoelace
// areas in the oracle's plane, lengths by sampling each edge.
type statsOracle struct {
	buildings, segments, nodes int
	footprintM2, volumeM3      float64
	hist                       []int
	lengthM                    float64
	byNetwork, byDecade        map[string]float64
	nodesByKind                map[string]int
}

func shoelace(pl plane, ring [][2]float64) (area, cx, cy float64) {
	for i := 0; i+1 < len(ring); i++ {
		a, b := pl.at(geo.Point3{ring[i][0], ring[i][1]}), pl.at(geo.Point3{ring[i+1][0], ring[i+1][1]})
		c := a[0]*b[1] - b[0]*a[1]
		area += c / 2
		cx += (a[0] + b[0]) * c / 6
		cy += (a[1] + b[1]) * c / 6
	}
	return area, cx / area, cy / area
}

func oracleStats(all []twin.Feature, polys []oraclePoly, bins []float64) statsOracle {
	c := polys[0][0][0]
	pl := newPlane(c[0], c[1])
	o := statsOracle{hist: make([]int, len(bins)+1), byNetwork: map[string]float64{}, byDecade: map[string]float64{}, nodesByKind: map[string]int{}}
	for _, f := range all {
		switch f := f.(type) {
		case *twin.Building:
			o.building(pl, polys, bins, f)
		case *twin.UtilityNode:
			if inPolys(polys, f.Position) {
				o.nodes++
				o.nodesByKind[string(f.NodeKind)]++
			}
		case *twin.UtilitySegment:
			o.segment(pl, polys, f)
		}
	}
	return o
}

func (o *statsOracle) building(pl plane, polys []oraclePoly, bins []float64, b *twin.Building) {
	area := 0.0
	var cx, cy float64
	for i, r := range b.Footprint {
		ring := make([][2]float64, len(r))
		for j, p := range r {
			ring[j] = [2]float64{p[0], p[1]}
		}
		a, x, y := shoelace(pl, ring)
		if i == 0 {
			cx, cy = x, y
			area += math.Abs(a)
		} else {
			area -= math.Abs(a)
		}
	}
	centroid := geo.Point3{pl.lon0 + cx/pl.mx, pl.lat0 + cy/pl.my}
	if !inPolys(polys, centroid) {
		return
	}
	o.buildings++
	o.footprintM2 += area
	o.volumeM3 += area * b.HeightM()
	bin := 0
	for bin < len(bins) && b.HeightM() >= bins[bin] {
		bin++
	}
	o.hist[bin]++
}

func (o *statsOracle) segment(pl plane, polys []oraclePoly, s *twin.UtilitySegment) {
	if !lineMeetsPolys(polys, s.Centreline) {
		return
	}
	o.segments++
	const n = 400
	for i := 0; i+1 < len(s.Centreline); i++ {
		a, b := s.Centreline[i], s.Centreline[i+1]
		pa, pb := pl.at(a), pl.at(b)
		l := math.Sqrt((pb[0]-pa[0])*(pb[0]-pa[0]) + (pb[1]-pa[1])*(pb[1]-pa[1]) + (pb[2]-pa[2])*(pb[2]-pa[2]))
		inside := 0
		for k := range n {
			if inPolys(polys, a.Lerp(b, (float64(k)+0.5)/n)) {
				inside++
			}
		}
		part := l * float64(inside) / n
		o.lengthM += part
		o.byNetwork[string(s.Network)] += part
		d := "unknown"
		if s.InstallYear > 0 {
			d = fmt.Sprintf("%ds", s.InstallYear/10*10)
		}
		o.byDecade[d] += part
	}
}

// TestStatsOracle compares Stats with the brute-force statistics.
func TestStatsOracle(t *testing.T) {
	for _, ds := range []struct {
		name         string
		load         func(testing.TB) (*sqlite.Store, []twin.Feature)
		sizeLo, size float64
	}{
		{"demo", demoStore, 60, 300},
		{"nanaimo", nanaimoStore, 150, 700},
	} {
		t.Run(ds.name, func(t *testing.T) {
			store, all := ds.load(t)
			e := New(store, Limits{})
			bins := []float64{0, 10, 20, 35}
			var seen statsOracle
			for _, s := range newShapeMaker(21, all, ds.sizeLo, ds.size).shapes(10) {
				t.Run(s.name, func(t *testing.T) {
					resp, err := e.Stats(context.Background(), StatsRequest{AreaSpec: AreaSpec{Geometry: s.geoJSON()}, HeightBinsM: bins})
					if err != nil {
						t.Fatal(err)
					}
					want := oracleStats(all, s.polys, bins)
					compareStats(t, resp, want)
					seen.buildings += want.buildings
					seen.lengthM += want.lengthM
				})
			}
			if seen.lengthM < 1000 || (ds.name == "demo" && seen.buildings < 20) {
				t.Errorf("the shapes miss the data: %d buildings, %.0f m of utilities", seen.buildings, seen.lengthM)
			}
		})
	}
}

func compareStats(t *testing.T, got *StatsResponse, want statsOracle) {
	t.Helper()
	near := func(name string, g, w, rel, abs float64) {
		if math.Abs(g-w) > rel*math.Abs(w)+abs {
			t.Errorf("%s: %.3f, oracle %.3f", name, g, w)
		}
	}
	b, u := got.Buildings, got.Utilities
	if b.Count != want.buildings || u.Segments != want.segments || u.Nodes != want.nodes {
		t.Errorf("counts: %d buildings, %d segments, %d nodes; oracle %d, %d, %d",
			b.Count, u.Segments, u.Nodes, want.buildings, want.segments, want.nodes)
	}
	near("footprint", b.FootprintAreaM2, want.footprintM2, 1e-4, 0.01)
	near("volume", b.GrossVolumeM3, want.volumeM3, 1e-4, 0.1)
	near("length", u.LengthM, want.lengthM, 0.005, 0.5)
	for k, w := range want.byNetwork {
		near("length of "+k, u.ByNetwork[k], w, 0.005, 0.5)
	}
	for k, w := range want.byDecade {
		near("length of "+k, u.ByDecade[k], w, 0.005, 0.5)
	}
	for i, n := range want.hist {
		if b.HeightHistogram[i].Count != n {
			t.Errorf("histogram bin %d: %d, oracle %d", i, b.HeightHistogram[i].Count, n)
		}
	}
	for k, n := range want.nodesByKind {
		if u.NodesByKind[k] != n {
			t.Errorf("%s nodes: %d, oracle %d", k, u.NodesByKind[k], n)
		}
	}
}
