package tiles

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/qmuntal/gltf"
)

// TestGLBQuantizeNormal: int8 normals stay within the Khronos validator's
// unit-length tolerance and close to the original direction.
func TestGLBQuantizeNormal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type normalCase struct {
		name string
		n    [3]float64
	}
	cases := []normalCase{
		{"axis", [3]float64{0, 1, 0}},
		{"diagonal", [3]float64{1 / math.Sqrt(3), -1 / math.Sqrt(3), 1 / math.Sqrt(3)}},
		{"shallow", [3]float64{0.995, 0.0998, 0}},
	}
	for i := range 500 {
		v := [3]float64{r.NormFloat64(), r.NormFloat64(), r.NormFloat64()}
		l := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
		cases = append(cases, normalCase{fmt.Sprintf("random%d", i), [3]float64{v[0] / l, v[1] / l, v[2] / l}})
	}
	for _, c := range cases {
		name, n := c.name, c.n
		t.Run(name, func(t *testing.T) {
			q := glbQuantizeNormal(n)
			back := [3]float64{float64(q[0]) / 127, float64(q[1]) / 127, float64(q[2]) / 127}
			l := math.Sqrt(back[0]*back[0] + back[1]*back[1] + back[2]*back[2])
			if math.Abs(l-1) > 0.00674 {
				t.Errorf("%v → %v: length %v", n, q, l)
			}
			if d := glbDist(n, back); d > 0.015 {
				t.Errorf("%v → %v: off by %v", n, q, d)
			}
		})
	}
}

// TestGLBNodeMatrix: a TRS node and its matrix form transform alike.
func TestGLBNodeMatrix(t *testing.T) {
	s2 := math.Sqrt2 / 2
	tests := []struct {
		name string
		node gltf.Node
		in   [3]float64
		want [3]float64
	}{
		{"identity", gltf.Node{Matrix: gltf.DefaultMatrix, Rotation: gltf.DefaultRotation, Scale: gltf.DefaultScale}, [3]float64{1, 2, 3}, [3]float64{1, 2, 3}},
		{"translate scale", gltf.Node{Rotation: gltf.DefaultRotation, Scale: [3]float64{2, 2, 2}, Translation: [3]float64{10, 0, -5}}, [3]float64{1, 2, 3}, [3]float64{12, 4, 1}},
		{"rotate 90° about y", gltf.Node{Rotation: [4]float64{0, s2, 0, s2}, Scale: gltf.DefaultScale}, [3]float64{1, 0, 0}, [3]float64{0, 0, -1}},
		{"matrix", gltf.Node{Matrix: [16]float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 7, 8, 9, 1}}, [3]float64{1, 1, 1}, [3]float64{8, 9, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := glbNodeMatrix(&tt.node)
			if got := glbApply(m, tt.in); glbDist(got, tt.want) > 1e-12 {
				t.Errorf("apply = %v, want %v", got, tt.want)
			}
			if got := glbApply(glbMul(gltf.DefaultMatrix, m), tt.in); glbDist(got, tt.want) > 1e-12 {
				t.Errorf("identity·m apply = %v, want %v", got, tt.want)
			}
		})
	}
}
