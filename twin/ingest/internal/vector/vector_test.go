package vector

import (
	"fmt"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestJoinLines(t *testing.T) {
	a, b, c, d := geo.Point3{0, 0, 0}, geo.Point3{1, 0, 0}, geo.Point3{2, 0, 0}, geo.Point3{5, 5, 0}
	tests := []struct {
		name  string
		parts [][]geo.Point3
		want  string
	}{
		{"one part", [][]geo.Point3{{a, b}}, "[[[0 0 0] [1 0 0]]]"},
		{"continuing parts join", [][]geo.Point3{{a, b}, {b, c}}, "[[[0 0 0] [1 0 0] [2 0 0]]]"},
		{"disjoint parts stay apart", [][]geo.Point3{{a, b}, {c, d}}, "[[[0 0 0] [1 0 0]] [[2 0 0] [5 5 0]]]"},
		{"reversed part stays apart", [][]geo.Point3{{a, b}, {c, b}}, "[[[0 0 0] [1 0 0]] [[2 0 0] [1 0 0]]]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmt.Sprint(JoinLines(tc.parts)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("parts sharing storage are not overwritten", func(t *testing.T) {
		flat := []geo.Point3{a, b, b, c, d}
		parts := [][]geo.Point3{flat[0:2], flat[2:4], flat[4:5]}
		JoinLines(parts)
		if flat[2] != b || flat[3] != c {
			t.Errorf("storage changed: %v", flat)
		}
	})
}

func TestClaim(t *testing.T) {
	var w Writer
	var got []string
	for _, id := range []string{"a", "a", "a#1", "a", "b"} {
		got = append(got, w.claim(id))
	}
	if want := "a a#1 a#1#1 a#2 b"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSourceID(t *testing.T) {
	m := &ingest.Mapping{ID: "PIPEID"}
	tests := []struct {
		name      string
		props     ingest.Props
		own, want string
	}{
		{"mapping property", ingest.Props{"pipeid": 12.0}, "f1", "12"},
		{"own id", ingest.Props{}, "f1", "f1"},
		{"position", ingest.Props{"PIPEID": " "}, "", "#3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SourceID(m, tc.props, tc.own, "#3"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCheckRings(t *testing.T) {
	sq := []geo.Point3{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 0, 0}}
	tests := []struct {
		name  string
		rings [][]geo.Point3
		want  string
	}{
		{"closed", [][]geo.Point3{sq}, ""},
		{"no rings", nil, "no rings"},
		{"open", [][]geo.Point3{{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}}}, "not closed"},
		{"short hole", [][]geo.Point3{sq, sq[:3]}, "ring 1 has 3 positions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckRings(tc.rings)
			if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}
