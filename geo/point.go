package geo

import "math"

// Point3 is a 3D position. For geographic coordinates it is longitude and
// latitude in degrees and height in metres; for projected or local
// coordinates it is x, y, z in metres.
type Point3 [3]float64

// Finite reports whether every ordinate is a finite number.
func (p Point3) Finite() bool {
	for _, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// Bounds3 is an axis-aligned 3D box. For geographic data Min and Max hold
// lon°, lat°, h m.
type Bounds3 struct {
	Min, Max Point3
}

// EmptyBounds returns bounds that contain nothing; Extend grows them.
func EmptyBounds() Bounds3 {
	inf := math.Inf(1)
	return Bounds3{Min: Point3{inf, inf, inf}, Max: Point3{-inf, -inf, -inf}}
}

// IsEmpty reports whether b contains no point.
func (b Bounds3) IsEmpty() bool {
	return b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || b.Min[2] > b.Max[2]
}

// Extend returns b grown to contain p.
func (b Bounds3) Extend(p Point3) Bounds3 {
	for i := range 3 {
		b.Min[i] = math.Min(b.Min[i], p[i])
		b.Max[i] = math.Max(b.Max[i], p[i])
	}
	return b
}

// Union returns the smallest bounds containing b and o.
func (b Bounds3) Union(o Bounds3) Bounds3 {
	if o.IsEmpty() {
		return b
	}
	return b.Extend(o.Min).Extend(o.Max)
}

// Intersects reports whether b and o share at least one point.
func (b Bounds3) Intersects(o Bounds3) bool {
	for i := range 3 {
		if b.Min[i] > o.Max[i] || o.Min[i] > b.Max[i] {
			return false
		}
	}
	return true
}

// Contains reports whether p lies inside b (borders included).
func (b Bounds3) Contains(p Point3) bool {
	for i := range 3 {
		if p[i] < b.Min[i] || p[i] > b.Max[i] {
			return false
		}
	}
	return true
}

// Center returns the middle of b. The bounds must not be empty.
func (b Bounds3) Center() Point3 {
	return Point3{(b.Min[0] + b.Max[0]) / 2, (b.Min[1] + b.Max[1]) / 2, (b.Min[2] + b.Max[2]) / 2}
}
