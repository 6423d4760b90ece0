package demo

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// newRand returns a PCG generator for one part of the district. Each part has
// its own stream so that changing one part's draws leaves the others alone.
func newRand(seed int64, stream string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}

func uniform(r *rand.Rand, rg Range) float64 { return rg[0] + r.Float64()*(rg[1]-rg[0]) }

func intIn(r *rand.Rand, rg IntRange) int { return rg[0] + r.IntN(rg[1]-rg[0]+1) }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted picks one of keys (in the given order) with probability
// proportional to w[key].
func weighted(r *rand.Rand, keys []string, w map[string]float64) string {
	total := 0.0
	for _, k := range keys {
		total += w[k]
	}
	x := r.Float64() * total
	for _, k := range keys {
		if x < w[k] {
			return k
		}
		x -= w[k]
	}
	return keys[len(keys)-1]
}

// roundTo rounds x to a multiple of step.
func roundTo(x, step float64) float64 { return math.Round(x/step) * step }

// pickMaterial returns the material in use in year: one of those whose
// years contain it (at random), else the one whose years lie nearest.
func pickMaterial(r *rand.Rand, ms []Material, year int) Material {
	var fits []Material
	best, bestGap := ms[0], math.MaxInt
	for _, m := range ms {
		if year >= m.Years[0] && year <= m.Years[1] {
			fits = append(fits, m)
		}
		gap := max(m.Years[0]-year, year-m.Years[1])
		if gap < bestGap {
			best, bestGap = m, gap
		}
	}
	if len(fits) == 0 {
		return best
	}
	return pick(r, fits)
}

// installYear draws an install year in rg, and with the renewal chance a
// later replacement year; it returns the year the pipe now in the ground was
// laid.
func installYear(r *rand.Rand, rg IntRange, renewal float64) int {
	y := intIn(r, rg)
	if chance(r, renewal) && y < rg[1]-10 {
		y = intIn(r, IntRange{y + 10, rg[1]})
	}
	return y
}

// streetDraw holds a size and an install year per street of one network.
type streetDraw struct {
	dn   [2][]float64 // [horizontal, vertical][street]
	year [2][]int
}

func drawStreets(r *rand.Rand, lay *layout, avenue, street []float64, years IntRange) streetDraw {
	var s streetDraw
	for o, n := range [2]int{lay.ny + 1, lay.nx + 1} {
		for k := range n {
			e := edge{vertical: o == 1, street: k}
			s.dn[o] = append(s.dn[o], pick(r, street))
			if lay.isAvenue(e) {
				s.dn[o][k] = pick(r, avenue)
			}
			s.year[o] = append(s.year[o], intIn(r, years))
		}
	}
	return s
}

// of returns the street's size and the install year of edge e, renewed
// with the given chance.
func (s streetDraw) of(r *rand.Rand, e edge, renewal float64, last int) (float64, int) {
	o := 0
	if e.vertical {
		o = 1
	}
	y := s.year[o][e.street]
	return s.dn[o][e.street], installYear(r, IntRange{y, max(y, last)}, renewal)
}
