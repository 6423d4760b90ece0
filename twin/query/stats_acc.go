package query

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// statsAcc accumulates a StatsResponse feature by feature.
type statsAcc struct {
	reg    *region
	bins   []float64
	counts []int // len(bins)+1: below the first edge, between edges, from the last up
	resp   StatsResponse
}

func newStatsAcc(reg *region, bins []float64) *statsAcc {
	return &statsAcc{reg: reg, bins: bins, counts: make([]int, len(bins)+1), resp: StatsResponse{
		CRS:     OutputCRS,
		ByLayer: map[string]int{},
		Utilities: UtilityStats{
			ByNetwork: map[string]float64{}, ByMaterial: map[string]float64{},
			ByDecade: map[string]float64{}, ByStatus: map[string]float64{}, NodesByKind: map[string]int{},
		},
	}}
}

func (a *statsAcc) add(f twin.Feature) {
	switch f := f.(type) {
	case *twin.Building:
		a.building(f)
	case *twin.UtilitySegment:
		a.segment(f)
	case *twin.UtilityNode:
		if a.reg.containsPoint(orb.Point{f.Position[0], f.Position[1]}) {
			a.resp.Utilities.Nodes++
			a.resp.Utilities.NodesByKind[string(f.NodeKind)]++
			a.resp.ByLayer[f.Layer()]++
		}
	}
}

func (a *statsAcc) building(b *twin.Building) {
	if len(b.Footprint) == 0 || len(b.Footprint[0]) < 4 {
		return
	}
	c, _ := planar.CentroidArea(b.Footprint[0])
	if !a.reg.containsPoint(c) {
		return
	}
	rings := make([][]geo.Point3, len(b.Footprint))
	for i, r := range b.Footprint {
		rings[i] = make([]geo.Point3, len(r))
		for j, p := range r {
			rings[i][j] = geo.Point3{p[0], p[1]}
		}
	}
	area := geo.GeoPolygonAreaM2(rings)
	st := &a.resp.Buildings
	st.Count++
	st.FootprintAreaM2 += area
	st.GrossVolumeM3 += area * b.HeightM()
	a.counts[sort.SearchFloat64s(a.bins, math.Nextafter(b.HeightM(), math.Inf(1)))]++
	a.resp.ByLayer[b.Layer()]++
}

// segment adds the length of the part of s inside the region.
func (a *statsAcc) segment(s *twin.UtilitySegment) {
	length := clippedLengthM(a.reg, s.Centreline)
	if length == 0 && !(len(s.Centreline) == 1 && a.reg.intersectsLine(s.Centreline)) {
		return
	}
	u := &a.resp.Utilities
	u.Segments++
	u.LengthM += length
	u.ByNetwork[string(s.Network)] += length
	material := s.Material
	if material == "" {
		material = "unknown"
	}
	u.ByMaterial[material] += length
	u.ByDecade[decade(s.InstallYear)] += length
	u.ByStatus[string(s.Status)] += length
	a.resp.ByLayer[s.Layer()]++
}

// decade names the decade of a year: "1970s", or "unknown" for 0.
func decade(year int) string {
	if year <= 0 {
		return "unknown"
	}
	return fmt.Sprintf("%ds", year/10*10)
}

// clippedLengthM is the 3D length in metres of the part of the polyline
// whose 2D trace lies in the region.
func clippedLengthM(reg *region, pts []geo.Point3) float64 {
	total := 0.0
	for i := 0; i+1 < len(pts); i++ {
		p, q := pts[i], pts[i+1]
		ivs := reg.insideIntervals(orb.Point{p[0], p[1]}, orb.Point{q[0], q[1]})
		if len(ivs) == 0 {
			continue
		}
		frac := 0.0
		for _, iv := range ivs {
			frac += iv.Hi - iv.Lo
		}
		total += frac * edgeLengthM(p, q)
	}
	return total
}

// edgeLengthM is the 3D length of a short edge between two lon°, lat°, h m
// points, measured in the ENU frame at its start.
func edgeLengthM(p, q geo.Point3) float64 {
	f := geo.NewENU(geo.Point3{p[0], p[1], 0})
	a := f.FromLLH(geo.Point3{p[0], p[1], 0})
	b := f.FromLLH(geo.Point3{q[0], q[1], 0})
	return math.Sqrt((b[0]-a[0])*(b[0]-a[0]) + (b[1]-a[1])*(b[1]-a[1]) + (q[2]-p[2])*(q[2]-p[2]))
}

// finish rounds the sums and builds the histogram.
func (a *statsAcc) finish() *StatsResponse {
	r := &a.resp
	for i, n := range a.counts {
		bin := HeightBin{Count: n}
		if i > 0 {
			bin.MinM = &a.bins[i-1]
		}
		if i < len(a.bins) {
			bin.MaxM = &a.bins[i]
		}
		r.Buildings.HeightHistogram = append(r.Buildings.HeightHistogram, bin)
	}
	r.Buildings.FootprintAreaM2 = round3(r.Buildings.FootprintAreaM2)
	r.Buildings.GrossVolumeM3 = round3(r.Buildings.GrossVolumeM3)
	r.Utilities.LengthM = round3(r.Utilities.LengthM)
	for _, m := range []map[string]float64{r.Utilities.ByNetwork, r.Utilities.ByMaterial, r.Utilities.ByDecade, r.Utilities.ByStatus} {
		for k, v := range m {
			m[k] = round3(v)
		}
	}
	return r
}
