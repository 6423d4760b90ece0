package cityjson

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
)

func TestVertexList(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		in     string
		coords []float64
		bad    []int
	}{
		{"compact", `[[1,2,3],[4,5,6]]`, []float64{1, 2, 3, 4, 5, 6}, nil},
		{"spaces and floats", " [ [ 1.5 , -2e3 , 3E-1 ] ,\n [0,0,0] ] ", []float64{1.5, -2000, 0.3, 0, 0, 0}, nil},
		{"empty", `[]`, nil, nil},
		{"null", `null`, nil, nil},
		{"out of float range", `[[1e400,0,0]]`, []float64{inf, 0, 0}, nil},
		{"two coordinates", `[[1,2],[4,5,6]]`, []float64{0, 0, 0, 4, 5, 6}, []int{0}},
		{"four coordinates", `[[1,2,3,4]]`, []float64{0, 0, 0}, []int{0}},
		{"string", `[[1,"2",3],[4,5,6]]`, []float64{0, 0, 0, 4, 5, 6}, []int{0}},
		{"null vertex", `[null,[4,5,6]]`, []float64{0, 0, 0, 4, 5, 6}, []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var l vertexList
			if err := json.Unmarshal([]byte(tc.in), &l); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(l.coords, tc.coords) {
				t.Errorf("coords %v, want %v", l.coords, tc.coords)
			}
			var bad []int
			for i := range l.bad {
				bad = append(bad, i)
			}
			slices.Sort(bad)
			if !slices.Equal(bad, tc.bad) {
				t.Errorf("bad vertices %v (%v), want %v", bad, l.bad, tc.bad)
			}
		})
	}
}

func TestVertexListNotArray(t *testing.T) {
	var l vertexList
	if err := json.Unmarshal([]byte(`{"a":1}`), &l); err == nil {
		t.Error("an object decoded as a vertex list")
	}
}
