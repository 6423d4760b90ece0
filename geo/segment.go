package geo

import "math"

// Segment3 is the straight segment from A to B in Cartesian metres (ENU or
// ECEF). A == B is a valid, degenerate segment: a point.
type Segment3 struct {
	A, B Point3
}

// Length returns the length of s.
func (s Segment3) Length() float64 { return s.A.Dist(s.B) }

// At returns the point a fraction t ∈ [0, 1] along s.
func (s Segment3) At(t float64) Point3 { return s.A.Lerp(s.B, t) }

// ClosestPoint returns the parameter t ∈ [0, 1] and the point of s nearest
// to p.
func (s Segment3) ClosestPoint(p Point3) (t float64, q Point3) {
	d := s.B.Sub(s.A)
	l2 := d.Dot(d)
	if l2 == 0 {
		return 0, s.A
	}
	t = clamp01(p.Sub(s.A).Dot(d) / l2)
	return t, s.At(t)
}

// DistanceToPoint returns the distance from p to the nearest point of s.
func (s Segment3) DistanceToPoint(p Point3) float64 {
	_, q := s.ClosestPoint(p)
	return p.Dist(q)
}

// SegmentDistance returns the minimum distance between segments s and u and
// a pair of closest points, p on s and q on u. For parallel overlapping
// segments, where the closest pair is not unique, one of the pairs is
// returned. (Ericson, Real-Time Collision Detection, §5.1.9.)
func SegmentDistance(s, u Segment3) (dist float64, p, q Point3) {
	d1, d2 := s.B.Sub(s.A), u.B.Sub(u.A)
	r := s.A.Sub(u.A)
	a, e, f := d1.Dot(d1), d2.Dot(d2), d2.Dot(r)
	var sp, tp float64 // parameters on s and u
	switch {
	case a == 0 && e == 0:
		return s.A.Dist(u.A), s.A, u.A
	case a == 0:
		tp = clamp01(f / e)
	case e == 0:
		sp = clamp01(-d1.Dot(r) / a)
	default:
		c, b := d1.Dot(r), d1.Dot(d2)
		denom := a*e - b*b // ≥ 0; 0 when parallel
		if denom > 1e-12*a*e {
			sp = clamp01((b*f - c*e) / denom)
		}
		tp = (b*sp + f) / e
		if tp < 0 {
			tp, sp = 0, clamp01(-c/a)
		} else if tp > 1 {
			tp, sp = 1, clamp01((b-c)/a)
		}
	}
	p, q = s.At(sp), u.At(tp)
	return p.Dist(q), p, q
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }
