package section

import (
	"math"

	"github.com/citytwin/citytwin/geo"
)

// line is the section line in local metres with the station of each
// vertex.
type line struct {
	pts []geo.Point3 // z = 0
	st  []float64
}

func newLine(pts []geo.Point3) line {
	l := line{pts: make([]geo.Point3, len(pts)), st: make([]float64, len(pts))}
	for i, p := range pts {
		l.pts[i] = geo.Point3{p[0], p[1], 0}
		if i > 0 {
			l.st[i] = l.st[i-1] + math.Hypot(p[0]-pts[i-1][0], p[1]-pts[i-1][1])
		}
	}
	return l
}

func (l line) length() float64 { return l.st[len(l.st)-1] }

// project returns the station of the point of the line nearest to p in
// plan and the plan distance to it.
func (l line) project(p geo.Point3) (station, dist float64) {
	q := geo.Point3{p[0], p[1], 0}
	dist = math.Inf(1)
	for i := 1; i < len(l.pts); i++ {
		s := geo.Segment3{A: l.pts[i-1], B: l.pts[i]}
		t, c := s.ClosestPoint(q)
		if d := q.Dist(c); d < dist {
			dist, station = d, l.st[i-1]+t*(l.st[i]-l.st[i-1])
		}
	}
	return station, dist
}

// crossParams returns where plan segments a–b and c–d cross, as
// parameters t on a–b and u on c–d (parallel segments do not cross).
func crossParams(a, b, c, d geo.Point3) (t, u float64, ok bool) {
	dx, dy := b[0]-a[0], b[1]-a[1]
	ex, ey := d[0]-c[0], d[1]-c[1]
	den := dx*ey - dy*ex
	if den == 0 {
		return 0, 0, false
	}
	wx, wy := c[0]-a[0], c[1]-a[1]
	t = (wx*ey - wy*ex) / den
	u = (wx*dy - wy*dx) / den
	const eps = 1e-12
	if t < -eps || t > 1+eps || u < -eps || u > 1+eps {
		return 0, 0, false
	}
	return min(max(t, 0), 1), min(max(u, 0), 1), true
}

// planAngle returns the plan angle between directions a–b and c–d folded
// into 0..90°.
func planAngle(a, b, c, d geo.Point3) float64 {
	a1 := math.Atan2(b[1]-a[1], b[0]-a[0])
	a2 := math.Atan2(d[1]-c[1], d[0]-c[0])
	deg := math.Abs(a1-a2) * 180 / math.Pi
	deg = math.Mod(deg, 180)
	if deg > 90 {
		deg = 180 - deg
	}
	return deg
}

// within returns the parameter interval of segment a–b whose plan lies
// within w of segment c–d (the sublevel set of a convex function), and
// the smallest distance.
func within(a, b, c, d geo.Point3, w float64) (lo, hi, dmin float64, ok bool) {
	s := geo.Segment3{A: geo.Point3{c[0], c[1], 0}, B: geo.Point3{d[0], d[1], 0}}
	dist := func(t float64) float64 {
		p := a.Lerp(b, t)
		return s.DistanceToPoint(geo.Point3{p[0], p[1], 0})
	}
	fa, fb := flat(a, b), s
	dmin, p, _ := geo.SegmentDistance(fa, fb)
	if dmin > w {
		return 0, 0, dmin, false
	}
	tm := 0.0
	if l := fa.Length(); l > 0 {
		tm = p.Dist(fa.A) / l
	}
	lo, hi = edge(dist, tm, 0, w), edge(dist, tm, 1, w)
	return min(lo, hi), max(lo, hi), dmin, true
}

// edge bisects between tin (dist ≤ w) and tout for the boundary of the
// sublevel set {dist ≤ w}.
func edge(dist func(float64) float64, tin, tout, w float64) float64 {
	if dist(tout) <= w {
		return tout
	}
	for range 50 {
		m := (tin + tout) / 2
		if dist(m) <= w {
			tin = m
		} else {
			tout = m
		}
	}
	return tin
}

func flat(a, b geo.Point3) geo.Segment3 {
	return geo.Segment3{A: geo.Point3{a[0], a[1], 0}, B: geo.Point3{b[0], b[1], 0}}
}
