package tiles

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// polygonArea returns the area of the regular n-gon inscribed in a circle
// of radius r.
func polygonArea(r float64, n int) float64 {
	return float64(n) / 2 * r * r * math.Sin(2*math.Pi/float64(n))
}

// checkClosed asserts that the mesh is a closed surface: with positions
// compared exactly, every directed edge is matched by its reverse.
func checkClosed(t *testing.T, m *MeshData) {
	t.Helper()
	type edge struct{ a, b [3]float64 }
	count := map[edge]int{}
	for k := 0; k < len(m.Indices); k += 3 {
		for e := range 3 {
			a, b := m.Positions[m.Indices[k+e]], m.Positions[m.Indices[k+(e+1)%3]]
			if a == b {
				continue
			}
			count[edge{a, b}]++
			count[edge{b, a}]--
		}
	}
	for e, c := range count {
		if c != 0 {
			t.Fatalf("edge %v → %v is not matched (%d): the surface has a gap", e.a, e.b, c)
		}
	}
}

// sweptPath returns the polyline a tube's axis follows: line with its
// corners bent as the sweep bends them.
func sweptPath(line []geo.Point3, joint JointStyle, profileRadius float64) []geo.Point3 {
	return tubeDedup(tubeBends(tubeDedup(line), joint, BendRadiusFactor*profileRadius))
}

// pathLength returns the length of a polyline.
func pathLength(line []geo.Point3) float64 {
	l := 0.0
	for k := 1; k < len(line); k++ {
		l += line[k].Dist(line[k-1])
	}
	return l
}

func TestTube(t *testing.T) {
	lbend := []geo.Point3{{0, 0, -2}, {10, 0, -2}, {10, 8, -2}}
	zigzag := []geo.Point3{{0, 0, 0}, {4, 0, 0}, {7, 2, 1}, {9, 0, 0}, {12, 1, -1}}
	for _, tc := range []struct {
		name   string
		line   []geo.Point3
		opt    TubeOptions
		length float64 // of the axis; 0: the swept path's (mitred prisms: volume = area × length)
		folds  bool    // the bend is tighter than the tube: its inside folds, faces inverted
	}{
		{"straight", []geo.Point3{{0, 0, 0}, {5, 0, 0}}, TubeOptions{Sides: 8, Caps: true}, 5, false},
		{"vertical", []geo.Point3{{1, 1, -3}, {1, 1, 0}}, TubeOptions{Sides: 12, Caps: true}, 3, false},
		{"sloped with duplicates", []geo.Point3{{0, 0, 0}, {0, 0, 0}, {3, 4, -1}, {3, 4, -1}}, TubeOptions{Sides: 6, Caps: true}, math.Sqrt(26), false},
		{"mitred L", lbend, TubeOptions{Sides: 10, Caps: true}, 18, false},
		{"mitred zigzag", zigzag, TubeOptions{Sides: 16, Caps: true}, pathLength(zigzag), false},
		{"collinear point", []geo.Point3{{0, 0, 0}, {2, 0, 0}, {5, 0, 0}}, TubeOptions{Sides: 8, Caps: true}, 5, false},
		{"rounded L", lbend, TubeOptions{Sides: 10, Caps: true, Joint: JointRound}, 0, false},
		{"rounded zigzag", zigzag, TubeOptions{Caps: true, Joint: JointRound}, 0, false},
		{"rounded short segments", []geo.Point3{{0, 0, 0}, {0.3, 0, 0}, {0.3, 0.3, 0}, {0, 0.3, 0.1}}, TubeOptions{Sides: 8, Caps: true, Joint: JointRound}, 0, true},
		{"sharp turn rounded by the limit", []geo.Point3{{0, 0, 0}, {5, 0, 0}, {2, 4, 0}}, TubeOptions{Sides: 8, Caps: true}, 0, false},
		{"sharp turn on short segments", []geo.Point3{{0, 0, 0}, {5, 0, 0}, {1, 1, 0}}, TubeOptions{Sides: 8, Caps: true}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m MeshData
			if err := m.AppendTube(tc.line, 0.5, tc.opt); err != nil {
				t.Fatal(err)
			}
			if tc.folds {
				if err := m.Validate(); err != nil {
					t.Fatal(err)
				}
			} else {
				checkMesh(t, &m, true)
			}
			checkClosed(t, &m)
			path := sweptPath(tc.line, tc.opt.Joint, 0.5)
			if tc.length > 0 && math.Abs(pathLength(path)-tc.length) > 1e-12 {
				t.Fatalf("the axis was bent: length %g, want %g", pathLength(path), tc.length)
			}
			want := polygonArea(0.5, tc.opt.sides(0.5)) * pathLength(path)
			if v := meshVolume(&m); math.Abs(v-want) > 1e-9*want {
				t.Errorf("volume %.12g, want %.12g", v, want)
			}
			if !tc.folds {
				checkTubeNormals(t, &m, path)
			}
		})
	}
}

func TestTubeUTurn(t *testing.T) {
	line := []geo.Point3{{0, 0, 0}, {5, 0, 0}, {0, 0, 0}}
	for _, joint := range []JointStyle{JointMiter, JointRound} {
		var m MeshData
		if err := m.AppendTube(line, 0.5, TubeOptions{Sides: 8, Caps: true, Joint: joint}); err != nil {
			t.Fatal(err)
		}
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
		checkClosed(t, &m)
		checkTubeNormals(t, &m, line)
	}
}

// checkTubeNormals asserts that side normals point away from the axis:
// each vertex normal has a positive component along the vertex's offset
// from its nearest point on the line (cap normals, along the line, are
// skipped).
func checkTubeNormals(t *testing.T, m *MeshData, line []geo.Point3) {
	t.Helper()
	for i, p := range m.Positions {
		q, best := geo.Point3{}, math.Inf(1)
		for k := 0; k+1 < len(line); k++ {
			s := geo.Segment3{A: line[k], B: line[k+1]}
			if _, c := s.ClosestPoint(geo.Point3(p)); c.Dist(geo.Point3(p)) < best {
				q, best = c, c.Dist(geo.Point3(p))
			}
		}
		off := geo.Point3(p).Sub(q)
		if off.Norm() < 1e-9 {
			continue // a cap centre
		}
		if n := normalOf(m, uint32(i)); n.Dot(meshUnit(off)) < -1e-6 {
			t.Fatalf("vertex %d %v: normal %v points into the tube", i, p, n)
		}
	}
}

func TestTubeJointRingShared(t *testing.T) {
	line := []geo.Point3{{0, 0, 0}, {6, 0, 0}, {6, 0, 4}, {9, 5, 4}}
	var m MeshData
	if err := m.AppendTube(line, 0.3, TubeOptions{Sides: 12}); err != nil {
		t.Fatal(err)
	}
	for k := 1; k+1 < len(line); k++ {
		tin := meshUnit(line[k].Sub(line[k-1]))
		tout := meshUnit(line[k+1].Sub(line[k]))
		plane := meshUnit(tin.Add(tout))
		// The joint ring: vertices in the bisecting plane near the corner.
		before, after := map[uint32]bool{}, map[uint32]bool{}
		onRing := func(i uint32) bool {
			p := geo.Point3(m.Positions[i]).Sub(line[k])
			return math.Abs(p.Dot(plane)) < 1e-9 && p.Norm() < 1
		}
		for f := 0; f < len(m.Indices); f += 3 {
			tri := m.Indices[f : f+3]
			for _, i := range tri {
				if !onRing(i) {
					continue
				}
				for _, j := range tri {
					if d := geo.Point3(m.Positions[j]).Sub(line[k]).Dot(plane); d < -1e-9 {
						before[i] = true
					} else if d > 1e-9 {
						after[i] = true
					}
				}
			}
		}
		if len(before) != 12 || len(after) != 12 {
			t.Fatalf("joint %d: ring vertices used by the segment before %d, after %d; want 12 and 12", k, len(before), len(after))
		}
	}
	checkMesh(t, &m, true)
}

func TestDuct(t *testing.T) {
	line := []geo.Point3{{0, 0, -1}, {8, 0, -1}, {8, 6, -1}}
	for _, tc := range []struct {
		name  string
		joint JointStyle
	}{{"mitred", JointMiter}, {"rounded", JointRound}} {
		t.Run(tc.name, func(t *testing.T) {
			var m MeshData
			if err := m.AppendDuct(line, 0.8, 0.4, TubeOptions{Caps: true, Joint: tc.joint, FeatureID: 3}); err != nil {
				t.Fatal(err)
			}
			checkMesh(t, &m, false)
			checkClosed(t, &m)
			b := m.Bounds()
			if math.Abs(b.Min[2]+1.2) > 1e-9 || math.Abs(b.Max[2]+0.8) > 1e-9 {
				t.Errorf("duct spans z %g..%g, want the 0.4 m height vertical", b.Min[2], b.Max[2])
			}
			want := 0.8 * 0.4 * pathLength(sweptPath(line, tc.joint, math.Hypot(0.8, 0.4)/2))
			if v := meshVolume(&m); math.Abs(v-want) > 1e-9 {
				t.Errorf("volume %g, want %g", v, want)
			}
		})
	}
}

func TestTubeErrors(t *testing.T) {
	line := []geo.Point3{{0, 0, 0}, {1, 0, 0}}
	for _, tc := range []struct {
		name  string
		build func(m *MeshData) error
	}{
		{"zero radius", func(m *MeshData) error { return m.AppendTube(line, 0, TubeOptions{}) }},
		{"NaN radius", func(m *MeshData) error { return m.AppendTube(line, math.NaN(), TubeOptions{}) }},
		{"one point", func(m *MeshData) error { return m.AppendTube(line[:1], 1, TubeOptions{}) }},
		{"repeated point", func(m *MeshData) error { return m.AppendTube([]geo.Point3{{1, 1, 1}, {1, 1, 1}}, 1, TubeOptions{}) }},
		{"infinite point", func(m *MeshData) error {
			return m.AppendTube([]geo.Point3{{0, 0, 0}, {math.Inf(1), 0, 0}}, 1, TubeOptions{})
		}},
		{"flat duct", func(m *MeshData) error { return m.AppendDuct(line, 1, 0, TubeOptions{}) }},
		{"upside-down cylinder", func(m *MeshData) error { return m.AppendCylinder(geo.Point3{}, 1, 0, -1, TubeOptions{}) }},
		{"empty box", func(m *MeshData) error { return m.AppendBox(geo.Point3{}, 1, 0, 1, 0) }},
		{"NaN octahedron", func(m *MeshData) error { return m.AppendOctahedron(geo.Point3{math.NaN()}, 1, 0) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tri(1)
			if err := tc.build(&m); !errors.Is(err, ErrInvalidTube) {
				t.Fatalf("err = %v", err)
			}
			if len(m.Positions) != 3 {
				t.Errorf("mesh changed on error")
			}
		})
	}
}

func TestSidesFor(t *testing.T) {
	for _, tc := range []struct {
		r, tol float64
		want   int
	}{
		{0.05, 0.01, MinTubeSides},
		{0.1, 0.005, 10},
		{0.5, 0.01, 16},
		{1, 0.1, 7},
		{0.15, 0, 9},
		{2, 0.001, MaxTubeSides},
	} {
		t.Run(fmt.Sprintf("r%g_tol%g", tc.r, tc.tol), func(t *testing.T) {
			if got := SidesFor(tc.r, tc.tol); got != tc.want {
				t.Fatalf("SidesFor = %d, want %d", got, tc.want)
			}
		})
	}
}

func BenchmarkTube(b *testing.B) {
	rng := rand.New(rand.NewPCG(42, 1))
	line := []geo.Point3{{0, 0, -1.5}}
	for range 100 {
		p := line[len(line)-1]
		line = append(line, p.Add(geo.Point3{rng.Float64() * 20, rng.Float64()*10 - 5, rng.Float64()*0.4 - 0.2}))
	}
	b.ReportAllocs()
	var m MeshData
	for b.Loop() {
		m = MeshData{Positions: m.Positions[:0], Normals: m.Normals[:0], Indices: m.Indices[:0], FeatureIDs: m.FeatureIDs[:0]}
		if err := m.AppendTube(line, 0.15, TubeOptions{Caps: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*(len(line)-1))/b.Elapsed().Seconds(), "segments/s")
}
