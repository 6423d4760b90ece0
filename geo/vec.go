package geo

import "math"

// Vector arithmetic on Point3. It is meaningful for Cartesian coordinates
// (ENU, ECEF, projected metres), not for lon°, lat°.

// Add returns p + q.
func (p Point3) Add(q Point3) Point3 { return Point3{p[0] + q[0], p[1] + q[1], p[2] + q[2]} }

// Sub returns p − q.
func (p Point3) Sub(q Point3) Point3 { return Point3{p[0] - q[0], p[1] - q[1], p[2] - q[2]} }

// Scale returns s·p.
func (p Point3) Scale(s float64) Point3 { return Point3{s * p[0], s * p[1], s * p[2]} }

// Dot returns the scalar product p·q.
func (p Point3) Dot(q Point3) float64 { return p[0]*q[0] + p[1]*q[1] + p[2]*q[2] }

// Cross returns the vector product p×q.
func (p Point3) Cross(q Point3) Point3 {
	return Point3{
		p[1]*q[2] - p[2]*q[1],
		p[2]*q[0] - p[0]*q[2],
		p[0]*q[1] - p[1]*q[0],
	}
}

// Norm returns the Euclidean length of p.
func (p Point3) Norm() float64 { return math.Sqrt(p.Dot(p)) }

// Dist returns the Euclidean distance between p and q.
func (p Point3) Dist(q Point3) float64 { return p.Sub(q).Norm() }

// Lerp returns the point a fraction t of the way from p to q.
func (p Point3) Lerp(q Point3, t float64) Point3 { return p.Add(q.Sub(p).Scale(t)) }
