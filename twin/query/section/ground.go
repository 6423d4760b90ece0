package section

import (
	"math"
	"slices"
)

// groundBinM is the station resolution of the ground profile: samples
// closer than this are averaged.
const groundBinM = 0.5

// profile builds the ground profile from samples: every utility segment
// within GroundMarginM of the line gives its ground_m where it comes
// closest (and at each crossing), every node within the margin its
// ground_m, every building its base_m where the line enters and leaves
// it. Samples are sorted by station, samples within groundBinM averaged
// (keeping the first id), and the profile is extended flat to both ends
// of the line (From "extended"). No samples give an empty profile.
func profile(samples []GroundPoint, length float64) []GroundPoint {
	if len(samples) == 0 {
		return []GroundPoint{}
	}
	slices.SortStableFunc(samples, func(a, b GroundPoint) int { return cmpOr(a.StationM, b.StationM, a.From, b.From) })
	var out []GroundPoint
	sum, n := 0.0, 0
	flush := func() {
		if n > 0 {
			out[len(out)-1].GroundM = round3(sum / float64(n))
		}
	}
	for _, s := range samples {
		if k := len(out); k > 0 && s.StationM-out[k-1].StationM < groundBinM {
			sum, n = sum+s.GroundM, n+1
			continue
		}
		flush()
		out = append(out, GroundPoint{StationM: round3(s.StationM), From: s.From})
		sum, n = s.GroundM, 1
	}
	flush()
	if out[0].StationM > 0 {
		out = slices.Insert(out, 0, GroundPoint{StationM: 0, GroundM: out[0].GroundM, From: "extended"})
	}
	if last := out[len(out)-1]; last.StationM < round3(length) {
		out = append(out, GroundPoint{StationM: round3(length), GroundM: last.GroundM, From: "extended"})
	}
	return out
}

// groundAt interpolates the profile linearly at a station (NaN when the
// profile is empty).
func groundAt(g []GroundPoint, st float64) float64 {
	if len(g) == 0 {
		return math.NaN()
	}
	i, _ := slices.BinarySearchFunc(g, st, func(p GroundPoint, s float64) int { return cmpOr(p.StationM, s, "", "") })
	switch {
	case i == 0:
		return g[0].GroundM
	case i >= len(g):
		return g[len(g)-1].GroundM
	}
	a, b := g[i-1], g[i]
	if b.StationM == a.StationM {
		return b.GroundM
	}
	return a.GroundM + (b.GroundM-a.GroundM)*(st-a.StationM)/(b.StationM-a.StationM)
}
