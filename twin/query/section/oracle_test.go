package section

import (
	"context"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// The oracle reads EVERY stored segment and building (one Search over the
// whole world) and finds, without the code under test:
//   - crossings, by walking each segment piece in small steps and bisecting
//     wherever it changes sides of a line piece;
//   - along-runs, by sampling each axis every 5 cm and measuring the plan
//     distance of each sample to every line piece;
//   - building spans, by sampling the line every 2 cm and testing each
//     sample against the footprint.

type oracleCrossing struct {
	id              string
	station, height float64
}

type oracleRun struct {
	id       string
	from, to float64
}

type oracleResult struct {
	crossings []oracleCrossing
	runs      []oracleRun
	spans     map[string][][2]float64
}

// oracleLine is the section line in the oracle's own frame.
type oracleLine struct {
	enu geo.ENU
	pts []geo.Point3
	st  []float64
}

func newOracleLine(line []geo.Point3) oracleLine {
	l := oracleLine{enu: geo.NewENU(geo.Point3{line[0][0], line[0][1], 0})}
	for i, p := range line {
		q := l.loc(p)
		q[2] = 0
		l.pts = append(l.pts, q)
		if i == 0 {
			l.st = append(l.st, 0)
		} else {
			l.st = append(l.st, l.st[i-1]+q.Dist(l.pts[i-1]))
		}
	}
	return l
}

func (l oracleLine) loc(p geo.Point3) geo.Point3 {
	q := l.enu.FromLLH(geo.Point3{p[0], p[1], 0})
	return geo.Point3{q[0], q[1], p[2]}
}

// side is the sign of p's side of line piece i (cross product).
func (l oracleLine) side(i int, p geo.Point3) float64 {
	a, b := l.pts[i-1], l.pts[i]
	return (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
}

// onPiece returns the station of p's projection on piece i and whether
// it falls within the piece.
func (l oracleLine) onPiece(i int, p geo.Point3) (float64, bool) {
	a, b := l.pts[i-1], l.pts[i]
	d := b.Sub(a)
	t := ((p[0]-a[0])*d[0] + (p[1]-a[1])*d[1]) / (d[0]*d[0] + d[1]*d[1])
	return l.st[i-1] + t*(l.st[i]-l.st[i-1]), t >= -1e-9 && t <= 1+1e-9
}

// nearest returns the station and plan distance of p to the line.
func (l oracleLine) nearest(p geo.Point3) (float64, float64) {
	best, st := math.Inf(1), 0.0
	for i := 1; i < len(l.pts); i++ {
		seg := geo.Segment3{A: l.pts[i-1], B: l.pts[i]}
		t, q := seg.ClosestPoint(geo.Point3{p[0], p[1], 0})
		if d := math.Hypot(p[0]-q[0], p[1]-q[1]); d < best {
			best, st = d, l.st[i-1]+t*(l.st[i]-l.st[i-1])
		}
	}
	return st, best
}

// near reports whether the plan box of pts comes within d of the line's.
func (l oracleLine) near(pts []geo.Point3, d float64) bool {
	a, b := geo.EmptyBounds(), geo.EmptyBounds()
	for _, p := range pts {
		a = a.Extend(geo.Point3{p[0], p[1], 0})
	}
	for _, p := range l.pts {
		b = b.Extend(p)
	}
	b.Min[0], b.Min[1], b.Max[0], b.Max[1] = b.Min[0]-d, b.Min[1]-d, b.Max[0]+d, b.Max[1]+d
	return a.Intersects(b)
}

func sectionOracle(tb testing.TB, s twin.Store, req Request) oracleResult {
	tb.Helper()
	l := newOracleLine(req.Line)
	w := req.HalfWidthM
	if w == 0 {
		w = DefaultHalfWidthM
	}
	out := oracleResult{spans: map[string][][2]float64{}}
	err := s.Search(context.Background(), geo.Bounds3{Min: geo.Point3{-180, -90, -1e5}, Max: geo.Point3{180, 90, 1e5}}, twin.Filter{},
		func(f twin.Feature) bool {
			switch v := f.(type) {
			case *twin.UtilitySegment:
				pts := make([]geo.Point3, len(v.Centreline))
				for i, p := range v.Centreline {
					pts[i] = l.loc(p)
				}
				if !l.near(pts, w+0.01) {
					return true // a trivial test per feature, not an index
				}
				out.crossings = append(out.crossings, l.crossings(v.ID, pts)...)
				out.runs = append(out.runs, l.runs(v.ID, pts, w)...)
			case *twin.Building:
				if sp := l.spans(v); len(sp) > 0 {
					out.spans[v.ID] = sp
				}
			}
			return true
		})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// crossings walks each piece of a polyline in steps of at most 1 m and
// bisects each change of side of a line piece.
func (l oracleLine) crossings(id string, pts []geo.Point3) []oracleCrossing {
	var out []oracleCrossing
	for j := 1; j < len(pts); j++ {
		a, b := pts[j-1], pts[j]
		n := max(1, int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]))))
		for i := 1; i < len(l.pts); i++ {
			for k := range n {
				u0, u1 := float64(k)/float64(n), float64(k+1)/float64(n)
				s0, s1 := l.side(i, a.Lerp(b, u0)), l.side(i, a.Lerp(b, u1))
				if s0 == 0 || s0*s1 > 0 || (s1 == 0 && !(k == n-1 && j == len(pts)-1)) {
					continue // a zero at the end of a step is found as the start of the next
				}
				for range 60 {
					m := (u0 + u1) / 2
					if sm := l.side(i, a.Lerp(b, m)); sm == 0 || (sm > 0) == (s1 > 0) {
						u1 = m
					} else {
						u0, s0 = m, sm
					}
				}
				p := a.Lerp(b, (u0+u1)/2)
				if st, ok := l.onPiece(i, p); ok && !seen(out, st) {
					out = append(out, oracleCrossing{id, st, p[2]})
				}
			}
		}
	}
	return out
}

func seen(cs []oracleCrossing, st float64) bool {
	for _, c := range cs {
		if math.Abs(c.station-st) < 1e-4 {
			return true
		}
	}
	return false
}

// runs samples a polyline every 5 cm and groups the samples inside the
// corridor into station ranges (joined across gaps under 0.5 m).
func (l oracleLine) runs(id string, pts []geo.Point3, w float64) []oracleRun {
	var out []oracleRun
	for j := 1; j < len(pts); j++ {
		a, b := pts[j-1], pts[j]
		n := max(1, int(math.Ceil(a.Dist(b)/0.05)))
		for k := 0; k <= n; k++ {
			st, d := l.nearest(a.Lerp(b, float64(k)/float64(n)))
			if d > w {
				continue
			}
			merged := false
			for i := range out {
				if st >= out[i].from-0.5 && st <= out[i].to+0.5 {
					out[i].from, out[i].to, merged = min(out[i].from, st), max(out[i].to, st), true
					break
				}
			}
			if !merged {
				out = append(out, oracleRun{id, st, st})
			}
		}
	}
	return out
}

// spans samples the line every 2 cm inside a building's plan box.
func (l oracleLine) spans(b *twin.Building) [][2]float64 {
	var rings [][]geo.Point3
	box := geo.EmptyBounds()
	for _, r := range b.Footprint {
		var ring []geo.Point3
		for _, p := range r {
			q := l.loc(geo.Point3{p[0], p[1], 0})
			q[2] = 0
			ring = append(ring, q)
			box = box.Extend(q)
		}
		rings = append(rings, ring)
	}
	var out [][2]float64
	in := false
	for i := 1; i < len(l.pts); i++ {
		a, b := l.pts[i-1], l.pts[i]
		piece := geo.EmptyBounds().Extend(a).Extend(b)
		if !piece.Intersects(box) {
			in = false
			continue
		}
		n := max(1, int(math.Ceil(a.Dist(b)/0.02)))
		for k := 0; k <= n; k++ {
			st := l.st[i-1] + float64(k)/float64(n)*(l.st[i]-l.st[i-1])
			inside := geo.PointInPolygon(rings, a.Lerp(b, float64(k)/float64(n)))
			switch {
			case inside && !in:
				out = append(out, [2]float64{st, st})
			case inside:
				out[len(out)-1][1] = st
			}
			in = inside
		}
	}
	return out
}
