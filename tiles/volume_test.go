package tiles

import (
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestBoxFromBounds(t *testing.T) {
	cases := []struct {
		name string
		b    geo.Bounds3
		want Box
	}{
		{"offset", geo.Bounds3{Min: geo.Point3{-1, -2, 0}, Max: geo.Point3{3, 2, 10}},
			Box{1, 0, 5, 2, 0, 0, 0, 2, 0, 0, 0, 5}},
		{"flat", geo.Bounds3{Min: geo.Point3{0, 0, 4}, Max: geo.Point3{10, 20, 4}},
			Box{5, 10, 4, 5, 0, 0, 0, 10, 0, 0, 0, 0}},
		{"empty", geo.EmptyBounds(), Box{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := BoxFromBounds(c.b); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if c.b.IsEmpty() {
				return
			}
			if got := BoxFromBounds(c.b).Bounds(); got != c.b {
				t.Errorf("Bounds() = %v, want %v", got, c.b)
			}
		})
	}
}

func TestBoxContains(t *testing.T) {
	s := math.Sqrt2 / 2
	axis := Box{1, 0, 5, 2, 0, 0, 0, 2, 0, 0, 0, 5}
	// a 2×2×2 half-extent box rotated 45° about z, centred at the origin
	rot := Box{0, 0, 0, 2 * s, 2 * s, 0, -2 * s, 2 * s, 0, 0, 0, 2}
	flat := Box{0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0}
	cases := []struct {
		name string
		box  Box
		p    geo.Point3
		tol  float64
		want bool
	}{
		{"centre", axis, geo.Point3{1, 0, 5}, 0, true},
		{"corner", axis, geo.Point3{3, 2, 10}, 0, true},
		{"past x", axis, geo.Point3{3.01, 0, 5}, 0, false},
		{"past x within tol", axis, geo.Point3{3.01, 0, 5}, 0.02, true},
		{"below", axis, geo.Point3{1, 0, -0.5}, 0.1, false},
		{"rotated on axis", rot, geo.Point3{2 * s, 2 * s, 0}, 1e-9, true},
		{"rotated corner of aabb", rot, geo.Point3{1.9, 1.9, 0}, 0, false},
		{"rotated inside", rot, geo.Point3{0, 2.8, 0}, 0, true},
		{"flat on plane", flat, geo.Point3{0.5, -0.5, 0}, 0, true},
		{"flat off plane", flat, geo.Point3{0.5, -0.5, 0.01}, 0.001, false},
		{"flat off plane within tol", flat, geo.Point3{0.5, -0.5, 0.01}, 0.02, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.box.Contains(c.p, c.tol); got != c.want {
				t.Errorf("Contains(%v, %g) = %v, want %v", c.p, c.tol, got, c.want)
			}
		})
	}
}

func TestRegion(t *testing.T) {
	b := geo.Bounds3{Min: geo.Point3{4.8, 52.3, -5}, Max: geo.Point3{5, 52.4, 100}}
	r := RegionFromBounds(b)
	want := Region{0.08377580409572781, 0.9128071987930343, 0.08726646259971647, 0.9145525280450286, -5, 100}
	for i := range r {
		if !near(r[i], want[i], 1e-15) {
			t.Fatalf("region[%d] = %.16g, want %.16g", i, r[i], want[i])
		}
	}
	if got := r.Bounds(); !near(got.Min[0], 4.8, 1e-12) || !near(got.Max[1], 52.4, 1e-12) {
		t.Errorf("Bounds() = %v, want %v", got, b)
	}
	dateline := Region{179 * math.Pi / 180, -0.1, -179 * math.Pi / 180, 0.1, 0, 10}
	cases := []struct {
		name string
		r    Region
		p    geo.Point3
		tol  float64
		want bool
	}{
		{"inside", r, geo.Point3{4.9, 52.35, 0}, 0, true},
		{"corner", r, geo.Point3{4.8, 52.3, -5}, 0, true},
		{"west", r, geo.Point3{4.79, 52.35, 0}, 0, false},
		{"1 m west within 2 m", r, geo.Point3{4.8 - 1/(geo.WGS84A*math.Pi/180), 52.35, 0}, 2, true},
		{"too high", r, geo.Point3{4.9, 52.35, 100.5}, 0.1, false},
		{"high within tol", r, geo.Point3{4.9, 52.35, 100.5}, 1, true},
		{"dateline east", dateline, geo.Point3{179.5, 0, 1}, 0, true},
		{"dateline west", dateline, geo.Point3{-179.5, 0, 1}, 0, true},
		{"dateline outside", dateline, geo.Point3{0, 0, 1}, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.r.Contains(c.p, c.tol); got != c.want {
				t.Errorf("Contains(%v, %g) = %v, want %v", c.p, c.tol, got, c.want)
			}
		})
	}
}

func TestSphere(t *testing.T) {
	s := SphereFromBounds(geo.Bounds3{Min: geo.Point3{-1, -1, -1}, Max: geo.Point3{1, 1, 1}})
	if s != (Sphere{0, 0, 0, math.Sqrt(3)}) {
		t.Fatalf("SphereFromBounds = %v", s)
	}
	cases := []struct {
		name string
		p    geo.Point3
		want bool
	}{
		{"corner", geo.Point3{1, 1, 1}, true},
		{"on axis", geo.Point3{1.73, 0, 0}, true},
		{"outside", geo.Point3{1.74, 0, 0}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := s.Contains(c.p, 1e-12); got != c.want {
				t.Errorf("Contains(%v) = %v, want %v", c.p, got, c.want)
			}
			v := BoundingVolume{Sphere: &s}
			if got := v.Contains(c.p, 1e-12); got != c.want {
				t.Errorf("BoundingVolume.Contains(%v) = %v, want %v", c.p, got, c.want)
			}
		})
	}
	if (BoundingVolume{}).Contains(geo.Point3{}, 1) {
		t.Error("an empty bounding volume contains a point")
	}
}

func TestTransformFromENU(t *testing.T) {
	m := TransformFromENU(geo.NewENU(geo.Point3{0, 0, 0}))
	want := Matrix4{0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, geo.WGS84A, 0, 0, 1}
	for i := range m {
		if !near(m[i], want[i], 1e-9) {
			t.Fatalf("matrix[%d] = %g, want %g", i, m[i], want[i])
		}
	}
	f := geo.NewENU(geo.Point3{4.9, 52.37, 10})
	ams := TransformFromENU(f)
	cases := []struct {
		name  string
		local geo.Point3
	}{
		{"origin", geo.Point3{}},
		{"east north up", geo.Point3{120.5, -300.25, 42}},
		{"far", geo.Point3{-5000, 7000, -30}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, want := ams.Apply(c.local), f.ToECEF(c.local)
			if got.Dist(want) > 1e-6 {
				t.Errorf("Apply = %v, want %v", got, want)
			}
			id := Identity4()
			if back := ams.Mul(id).Apply(c.local); back.Dist(want) > 1e-6 {
				t.Errorf("m·I Apply = %v, want %v", back, want)
			}
		})
	}
}

func TestMatrix4Mul(t *testing.T) {
	shift := Identity4()
	shift[12], shift[13], shift[14] = 10, 20, 30
	scale := Matrix4{2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1}
	p := geo.Point3{1, 2, 3}
	m := shift.Mul(scale) // scale first, then shift
	if got := m.Apply(p); got != (geo.Point3{12, 24, 36}) {
		t.Errorf("shift·scale = %v, want [12 24 36]", got)
	}
	if got := scale.Mul(shift).Apply(p); got != (geo.Point3{22, 44, 66}) {
		t.Errorf("scale·shift = %v, want [22 44 66]", got)
	}
}
