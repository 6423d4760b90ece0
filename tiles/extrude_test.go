package tiles

import (
	"errors"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// rotated returns r turned by deg degrees about (cx, cy) and shifted by
// (dx, dy).
func rotated(r []geo.Point3, deg, dx, dy float64) []geo.Point3 {
	s, c := math.Sincos(deg * math.Pi / 180)
	out := make([]geo.Point3, len(r))
	for i, p := range r {
		out[i] = geo.Point3{c*p[0] - s*p[1] + dx, s*p[0] + c*p[1] + dy, p[2]}
	}
	return out
}

// inPrism reports whether p lies in the footprint's prism from z0 to z1,
// within 1e-9 m (x, y on the boundary count).
func inPrism(fp [][]geo.Point3, z0, z1 float64, p geo.Point3) bool {
	if p[2] < z0-1e-9 || p[2] > z1+1e-9 {
		return false
	}
	q := geo.Point3{p[0], p[1], 0}
	if geo.PointInPolygon(fp, q) && !strictlyInHole(fp, q) {
		return true
	}
	for _, r := range fp {
		for k := range r {
			s := geo.Segment3{A: geo.Point3{r[k][0], r[k][1]}, B: geo.Point3{r[(k+1)%len(r)][0], r[(k+1)%len(r)][1]}}
			if s.DistanceToPoint(q) < 1e-9 {
				return true
			}
		}
	}
	return false
}

func strictlyInHole(fp [][]geo.Point3, q geo.Point3) bool {
	for _, h := range fp[1:] {
		if geo.PointInPolygon([][]geo.Point3{h}, q) {
			return geo.PointInPolygon(fp, q) == false
		}
	}
	return false
}

// gridVolume integrates the roof height above base over the footprint by
// the midpoint rule on an n × n grid over the bounds.
func gridVolume(e Extrusion, n int) float64 {
	rect, shape := e.roofRect()
	planes := roofPlanes(shape, rect, e.EaveZ, e.RidgeZ)
	b := geo.EmptyBounds()
	for _, p := range e.Footprint[0] {
		b = b.Extend(geo.Point3{p[0], p[1], 0})
	}
	dx, dy := (b.Max[0]-b.Min[0])/float64(n), (b.Max[1]-b.Min[1])/float64(n)
	v := 0.0
	for i := range n {
		for j := range n {
			x, y := b.Min[0]+(float64(i)+0.5)*dx, b.Min[1]+(float64(j)+0.5)*dy
			if geo.PointInPolygon(e.Footprint, geo.Point3{x, y, 0}) {
				v += (roofZ(planes, x, y) - e.BaseZ) * dx * dy
			}
		}
	}
	return v
}

func TestExtrude(t *testing.T) {
	box := rect(0, 0, 20, 10)
	lshape := ring(0, 0, 20, 0, 20, 8, 8, 8, 8, 16, 0, 16)
	court := [][]geo.Point3{rect(0, 0, 30, 30), rect(10, 10, 20, 20)}
	for _, tc := range []struct {
		name       string
		e          Extrusion
		wantVolume float64 // exact; 0: compare with gridVolume
		wantRoof   RoofShape
		convex     bool
	}{
		{"flat box", Extrusion{Footprint: [][]geo.Point3{box}, BaseZ: 2, EaveZ: 12}, 2000, RoofFlat, true},
		{"flat box cw closed", Extrusion{Footprint: [][]geo.Point3{closed(reversed(box))}, EaveZ: 10}, 2000, RoofFlat, true},
		{"flat courtyard", Extrusion{Footprint: court, EaveZ: 5}, 4000, RoofFlat, false},
		{"flat L", Extrusion{Footprint: [][]geo.Point3{lshape}, EaveZ: 3}, 3 * 224, RoofFlat, false},
		{"gabled box", Extrusion{Footprint: [][]geo.Point3{box}, EaveZ: 6, RidgeZ: 10, Roof: RoofGabled}, 200*6 + 200*4/2, RoofGabled, true},
		{"gabled rotated", Extrusion{Footprint: [][]geo.Point3{rotated(box, 33, 100, -50)}, EaveZ: 6, RidgeZ: 10, Roof: RoofGabled}, 200*6 + 200*4/2, RoofGabled, true},
		{"hipped box", Extrusion{Footprint: [][]geo.Point3{box}, EaveZ: 6, RidgeZ: 10, Roof: RoofHipped}, 200*6 + 10*10*4/2 + 10*10*4/3.0, RoofHipped, true},
		{"hipped rotated", Extrusion{Footprint: [][]geo.Point3{rotated(box, -71, 5, 5)}, EaveZ: 6, RidgeZ: 10, Roof: RoofHipped}, 200*6 + 10*10*4/2 + 10*10*4/3.0, RoofHipped, true},
		{"pyramidal box", Extrusion{Footprint: [][]geo.Point3{box}, BaseZ: 1, EaveZ: 6, RidgeZ: 12, Roof: RoofPyramidal}, 200*5 + 200*6/3.0, RoofPyramidal, true},
		{"skillion box", Extrusion{Footprint: [][]geo.Point3{box}, EaveZ: 6, RidgeZ: 8, Roof: RoofSkillion}, 200*6 + 200*2/2, RoofSkillion, true},
		{"gabled L", Extrusion{Footprint: [][]geo.Point3{lshape}, EaveZ: 6, RidgeZ: 10, Roof: RoofGabled}, 0, RoofGabled, false},
		{"hipped L", Extrusion{Footprint: [][]geo.Point3{lshape}, EaveZ: 6, RidgeZ: 10, Roof: RoofHipped}, 0, RoofHipped, false},
		{"gabled hexagon", Extrusion{Footprint: [][]geo.Point3{star(6, 8, 8, 1)}, EaveZ: 6, RidgeZ: 10, Roof: RoofGabled}, 0, RoofGabled, true},
		{"hipped courtyard", Extrusion{Footprint: court, EaveZ: 6, RidgeZ: 9, Roof: RoofHipped}, 0, RoofHipped, false},
		{"gabled U falls back", Extrusion{Footprint: [][]geo.Point3{ring(0, 0, 30, 0, 30, 30, 27, 30, 27, 3, 3, 3, 3, 30, 0, 30)}, EaveZ: 4, RidgeZ: 8, Roof: RoofGabled}, 4 * 252, RoofFlat, false},
		{"ridge below eave falls back", Extrusion{Footprint: [][]geo.Point3{box}, EaveZ: 6, RidgeZ: 5, Roof: RoofGabled}, 1200, RoofFlat, true},
		{"zero height", Extrusion{Footprint: [][]geo.Point3{box}, BaseZ: 3, EaveZ: 3}, 0, RoofFlat, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.e
			e.Bottom, e.FeatureID = true, 42
			if got := e.EffectiveRoof(); got != tc.wantRoof {
				t.Fatalf("EffectiveRoof %v, want %v", got, tc.wantRoof)
			}
			var m MeshData
			if err := m.AppendExtrusion(e); err != nil {
				t.Fatal(err)
			}
			checkMesh(t, &m, false)
			checkExtrusion(t, e, &m, tc.convex)
			want := tc.wantVolume
			tol := 1e-9 * (1 + want)
			if want == 0 && e.EaveZ > e.BaseZ {
				want, tol = gridVolume(e, 400), 0.01*gridVolume(e, 400)
			}
			if v := meshVolume(&m); math.Abs(v-want) > tol {
				t.Errorf("volume %.9g, want %.9g", v, want)
			}
		})
	}
}

// checkExtrusion asserts vertices in the prism, feature ids, wall normals
// outward (convex footprints: away from the centroid), roof normals up and
// bottom normals down.
func checkExtrusion(t *testing.T, e Extrusion, m *MeshData, convex bool) {
	t.Helper()
	top := max(e.EaveZ, e.RidgeZ)
	c, _ := geo.ToOrbPolygon(e.Footprint).Bound().Center(), 0
	for i, p := range m.Positions {
		if !inPrism(e.Footprint, e.BaseZ, top, geo.Point3(p)) {
			t.Fatalf("vertex %d %v outside the prism", i, p)
		}
		if m.FeatureIDs[i] != e.FeatureID {
			t.Fatalf("vertex %d has feature id %d", i, m.FeatureIDs[i])
		}
		n := normalOf(m, uint32(i))
		switch {
		case math.Abs(n[2]) < 1e-6:
			if d := n[0]*(p[0]-c[0]) + n[1]*(p[1]-c[1]); convex && d <= 0 {
				t.Fatalf("wall vertex %d %v normal %v points towards the centroid", i, p, n)
			}
		case n[2] < 0:
			if n[2] > -1+1e-6 || p[2] != e.BaseZ {
				t.Fatalf("vertex %d %v has a downward normal %v off the bottom", i, p, n)
			}
		}
	}
}

func TestExtrudeCourtyardWallsFaceIn(t *testing.T) {
	e := Extrusion{Footprint: [][]geo.Point3{rect(0, 0, 30, 30), rect(10, 10, 20, 20)}, EaveZ: 5}
	var m MeshData
	if err := m.AppendExtrusion(e); err != nil {
		t.Fatal(err)
	}
	inner := 0
	for i, p := range m.Positions {
		n := normalOf(&m, uint32(i))
		if n[2] == 0 && p[0] > 9 && p[0] < 21 && p[1] > 9 && p[1] < 21 {
			inner++
			if n[0]*(p[0]-15)+n[1]*(p[1]-15) >= 0 {
				t.Fatalf("courtyard wall vertex %v normal %v faces away from the courtyard", p, n)
			}
		}
	}
	if inner != 16 {
		t.Errorf("%d courtyard wall vertices, want 16", inner)
	}
}

func TestExtrudeRidge(t *testing.T) {
	box := rect(0, 0, 20, 10)
	for _, tc := range []struct {
		shape      RoofShape
		minX, maxX float64 // x range of the vertices at the ridge height
	}{
		{RoofGabled, 0, 20},
		{RoofHipped, 5, 15},
		{RoofPyramidal, 10, 10},
	} {
		t.Run(tc.shape.String(), func(t *testing.T) {
			var m MeshData
			if err := m.AppendExtrusion(Extrusion{Footprint: [][]geo.Point3{box}, EaveZ: 6, RidgeZ: 9, Roof: tc.shape}); err != nil {
				t.Fatal(err)
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, p := range m.Positions {
				if math.Abs(p[2]-9) < 1e-9 {
					if math.Abs(p[1]-5) > 1e-9 {
						t.Fatalf("ridge vertex %v off the long axis", p)
					}
					lo, hi = min(lo, p[0]), max(hi, p[0])
				}
			}
			if math.Abs(lo-tc.minX) > 1e-9 || math.Abs(hi-tc.maxX) > 1e-9 {
				t.Errorf("ridge spans x %g..%g, want %g..%g", lo, hi, tc.minX, tc.maxX)
			}
		})
	}
}

func TestExtrudeErrors(t *testing.T) {
	box := [][]geo.Point3{rect(0, 0, 1, 1)}
	for _, tc := range []struct {
		name string
		e    Extrusion
		want error
	}{
		{"base above eave", Extrusion{Footprint: box, BaseZ: 5, EaveZ: 1}, ErrInvalidExtrusion},
		{"NaN height", Extrusion{Footprint: box, EaveZ: math.NaN()}, ErrInvalidExtrusion},
		{"unknown roof", Extrusion{Footprint: box, EaveZ: 1, Roof: 99}, ErrInvalidExtrusion},
		{"bowtie", Extrusion{Footprint: [][]geo.Point3{ring(0, 0, 4, 4, 4, 0, 0, 1)}, EaveZ: 1}, ErrSelfIntersecting},
		{"no footprint", Extrusion{EaveZ: 1}, ErrDegeneratePolygon},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tri(1)
			if err := m.AppendExtrusion(tc.e); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if len(m.Positions) != 3 {
				t.Errorf("mesh changed on error: %d vertices", len(m.Positions))
			}
		})
	}
}

func TestParseRoofShape(t *testing.T) {
	for _, s := range []RoofShape{RoofFlat, RoofGabled, RoofHipped, RoofPyramidal, RoofSkillion} {
		if got, ok := ParseRoofShape(s.String()); !ok || got != s {
			t.Errorf("ParseRoofShape(%q) = %v, %v", s.String(), got, ok)
		}
	}
	if _, ok := ParseRoofShape("onion"); ok {
		t.Error("onion parsed")
	}
}

func BenchmarkExtrude(b *testing.B) {
	// A 12-vertex footprint with a courtyard (fixed seed).
	fp := [][]geo.Point3{star(12, 9, 12, 11), reversed(rect(-2, -2, 2, 2))}
	for _, roof := range []RoofShape{RoofFlat, RoofGabled, RoofHipped} {
		b.Run(roof.String(), func(b *testing.B) {
			e := Extrusion{Footprint: fp, BaseZ: 0, EaveZ: 9, RidgeZ: 12, Roof: roof, Bottom: true, FeatureID: 1}
			b.ReportAllocs()
			var m MeshData
			for b.Loop() {
				m = MeshData{Positions: m.Positions[:0], Normals: m.Normals[:0], Indices: m.Indices[:0], FeatureIDs: m.FeatureIDs[:0]}
				if err := m.AppendExtrusion(e); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "buildings/s")
			b.ReportMetric(float64(m.TriangleCount()), "triangles")
		})
	}
}
