package demo

import (
	"context"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// generate runs Generate into a Collector (which validates every feature).
func generate(t testing.TB, opts Options) (*ingest.Collector, Summary) {
	t.Helper()
	var c ingest.Collector
	s, err := Generate(context.Background(), opts, &c)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", opts, err)
	}
	return &c, s
}

// localFrame converts output positions back to local metres: x, y from the
// ENU frame at the recipe's origin, z the stored elevation.
type localFrame struct{ enu geo.ENU }

func newLocalFrame(t testing.TB) localFrame {
	t.Helper()
	r, err := DefaultRecipe()
	if err != nil {
		t.Fatal(err)
	}
	return localFrame{geo.NewENU(geo.Point3{r.Origin.Lon, r.Origin.Lat, r.Origin.GroundM})}
}

func (f localFrame) local(p geo.Point3) [3]float64 {
	q := f.enu.FromLLH(geo.Point3{p[0], p[1], f.enu.Origin()[2]})
	return [3]float64{q[0], q[1], p[2]}
}

// pipe is a segment's centreline in local metres with its half sizes:
// horizontal (half width) and vertical (half height), metres.
type pipe struct {
	id        string
	from, to  string
	pts       [][3]float64
	hw, hh    float64
	lo, hi    [2]float64
	network   twin.Network
	isService bool
}

func pipes(f localFrame, c *ingest.Collector) []pipe {
	out := make([]pipe, 0, len(c.Segments))
	for _, s := range c.Segments {
		p := pipe{id: s.ID, from: s.StartNode, to: s.EndNode, network: s.Network,
			lo: [2]float64{math.Inf(1), math.Inf(1)}, hi: [2]float64{math.Inf(-1), math.Inf(-1)}}
		p.hw, p.hh = s.DiameterMM/2000, s.DiameterMM/2000
		if s.DiameterMM == 0 {
			p.hw, p.hh = s.WidthMM/2000, s.HeightMM/2000
		}
		for _, q := range s.Centreline {
			l := f.local(q)
			p.pts = append(p.pts, l)
			for i := range 2 {
				p.lo[i], p.hi[i] = min(p.lo[i], l[i]), max(p.hi[i], l[i])
			}
		}
		out = append(out, p)
	}
	return out
}

// crossing finds where plan segments a0-a1 and b0-b1 cross properly and
// returns the heights of both at that point.
func crossing(a0, a1, b0, b1 [3]float64) (za, zb float64, ok bool) {
	dx1, dy1 := a1[0]-a0[0], a1[1]-a0[1]
	dx2, dy2 := b1[0]-b0[0], b1[1]-b0[1]
	den := dx1*dy2 - dy1*dx2
	if math.Abs(den) < 1e-9 {
		return 0, 0, false
	}
	s := ((b0[0]-a0[0])*dy2 - (b0[1]-a0[1])*dx2) / den
	u := ((b0[0]-a0[0])*dy1 - (b0[1]-a0[1])*dx1) / den
	const eps = 1e-6
	if s <= eps || s >= 1-eps || u <= eps || u >= 1-eps {
		return 0, 0, false
	}
	return a0[2] + s*(a1[2]-a0[2]), b0[2] + u*(b1[2]-b0[2]), true
}

// planDist is the least plan distance between segments a0-a1 and b0-b1
// that do not cross.
func planDist(a0, a1, b0, b1 [3]float64) float64 {
	return min(pointSeg(a0, b0, b1), pointSeg(a1, b0, b1), pointSeg(b0, a0, a1), pointSeg(b1, a0, a1))
}

func pointSeg(p, a, b [3]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// clearance is the least gap between two pipes that share no node: the
// vertical gap where they cross in plan, else the horizontal gap between
// axes minus half widths where their heights overlap. It returns +Inf for
// pipes far apart.
func clearance(a, b pipe) float64 {
	if a.hi[0]+2 < b.lo[0] || b.hi[0]+2 < a.lo[0] || a.hi[1]+2 < b.lo[1] || b.hi[1]+2 < a.lo[1] {
		return math.Inf(1)
	}
	best := math.Inf(1)
	for i := 1; i < len(a.pts); i++ {
		for j := 1; j < len(b.pts); j++ {
			a0, a1, b0, b1 := a.pts[i-1], a.pts[i], b.pts[j-1], b.pts[j]
			if za, zb, ok := crossing(a0, a1, b0, b1); ok {
				best = min(best, math.Abs(za-zb)-a.hh-b.hh)
				continue
			}
			zOverlap := min(max(a0[2], a1[2])+a.hh, max(b0[2], b1[2])+b.hh) - max(min(a0[2], a1[2])-a.hh, min(b0[2], b1[2])-b.hh)
			if zOverlap > 0 {
				best = min(best, planDist(a0, a1, b0, b1)-a.hw-b.hw)
			}
		}
	}
	return best
}
