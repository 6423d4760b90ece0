package geo

import (
	"encoding/json"
	"math"
	"testing"
)

func TestBounds(t *testing.T) {
	b := EmptyBounds()
	if !b.IsEmpty() {
		t.Fatal("EmptyBounds is not empty")
	}
	b = b.Extend(Point3{1, 2, 3}).Extend(Point3{-1, 5, 0})
	for _, tc := range []struct {
		name string
		got  any
		want any
	}{
		{"min", b.Min, Point3{-1, 2, 0}},
		{"max", b.Max, Point3{1, 5, 3}},
		{"center", b.Center(), Point3{0, 3.5, 1.5}},
		{"contains corner", b.Contains(Point3{1, 5, 3}), true},
		{"excludes outside", b.Contains(Point3{1, 5, 3.1}), false},
		{"intersects touching", b.Intersects(Bounds3{Min: Point3{1, 5, 3}, Max: Point3{2, 6, 4}}), true},
		{"disjoint", b.Intersects(Bounds3{Min: Point3{2, 0, 0}, Max: Point3{3, 1, 1}}), false},
		{"union with empty", b.Union(EmptyBounds()), b},
		{"finite", Point3{1, math.Inf(1), 0}.Finite(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func TestBoundsJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    Bounds3
		want string
	}{
		{"box", Bounds3{Min: Point3{5.1, 52, -3}, Max: Point3{5.2, 52.1, 40}}, `{"min":[5.1,52,-3],"max":[5.2,52.1,40]}`},
		{"empty", EmptyBounds(), `null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := json.Marshal(tc.b)
			if err != nil || string(data) != tc.want {
				t.Fatalf("Marshal = %s, %v; want %s", data, err, tc.want)
			}
			var back Bounds3
			if err := json.Unmarshal(data, &back); err != nil || back != tc.b {
				t.Errorf("Unmarshal(%s) = %v, %v", data, back, err)
			}
		})
	}
	var b Bounds3
	if err := json.Unmarshal([]byte(`{"min":"x"}`), &b); err == nil {
		t.Error("Unmarshal of a bad box succeeded")
	}
}

func TestVectorOps(t *testing.T) {
	a, b := Point3{1, 2, 3}, Point3{4, 5, 6}
	for _, tc := range []struct {
		name      string
		got, want Point3
	}{
		{"add", a.Add(b), Point3{5, 7, 9}},
		{"sub", b.Sub(a), Point3{3, 3, 3}},
		{"scale", a.Scale(2), Point3{2, 4, 6}},
		{"cross", Point3{1, 0, 0}.Cross(Point3{0, 1, 0}), Point3{0, 0, 1}},
		{"lerp", a.Lerp(b, 0.5), Point3{2.5, 3.5, 4.5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
	if d := (Point3{0, 3, 4}).Dist(Point3{}); d != 5 {
		t.Errorf("Dist = %v", d)
	}
}
