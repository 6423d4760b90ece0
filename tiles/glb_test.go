package tiles

import (
	"bytes"
	"math"
	"reflect"
	"testing"
)

func TestEncodeGLBRoundTrip(t *testing.T) {
	for _, tc := range glbTestCases() {
		t.Run(tc.name, func(t *testing.T) {
			data := encodeTestGLB(t, tc.meshes, tc.table, tc.schema, tc.opts)
			got, err := DecodeGLB(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("DecodeGLB: %v", err)
			}
			if len(got.Meshes) != len(tc.meshes) {
				t.Fatalf("decoded %d meshes, want %d", len(got.Meshes), len(tc.meshes))
			}
			posTol, normTol := glbTolerances(tc.meshes, tc.opts.Quantize)
			for i := range tc.meshes {
				glbCompareMesh(t, &tc.meshes[i], &got.Meshes[i], posTol, normTol)
			}
			glbCompareTable(t, tc.table, got.Table())
			if tc.schema != nil && !reflect.DeepEqual(got.Schema.Classes["feature"].Properties["id"], tc.schema.Classes["feature"].Properties["id"]) {
				t.Errorf("schema property id = %+v", got.Schema.Classes["feature"].Properties["id"])
			}
		})
	}
}

// glbTolerances is the expected position and normal error: float32
// rounding of offsets, or half a quantization step.
func glbTolerances(meshes []Mesh, quantize bool) (pos, norm float64) {
	f := glbFrameFor(meshes, quantize)
	if quantize {
		return f.scale/quantInt16Max + 1e-9, 0.02
	}
	extent := 0.0
	for i := range meshes {
		for _, p := range meshes[i].Positions {
			o := f.offset(p)
			extent = max(extent, math.Abs(o[0]), math.Abs(o[1]), math.Abs(o[2]))
		}
	}
	return extent*1e-7 + 1e-9, 1e-6
}

// glbCompareMesh compares the drawn corners of two meshes: the encoder may
// weld vertices that are stored identically, so vertex counts and indices
// differ, but every corner of every triangle (or line) must keep its
// position, normal and feature id.
func glbCompareMesh(t *testing.T, want, got *Mesh, posTol, normTol float64) {
	t.Helper()
	if got.Name != want.Name || got.Mode != want.Mode || got.Color != glbColor(want.Color) {
		t.Errorf("mesh %q %v %v, want %q %v %v", got.Name, got.Mode, got.Color, want.Name, want.Mode, glbColor(want.Color))
	}
	if len(got.Positions) > len(want.Positions) {
		t.Errorf("mesh %q: %d vertices, more than the %d given", want.Name, len(got.Positions), len(want.Positions))
	}
	wc, gc := glbCorners(want), glbCorners(got)
	if len(wc) != len(gc) {
		t.Fatalf("mesh %q: %d corners, want %d", want.Name, len(gc), len(wc))
	}
	for j := range wc {
		w, g := wc[j], gc[j]
		if d := glbDist(want.Positions[w], got.Positions[g]); d > posTol {
			t.Fatalf("mesh %q corner %d = %v, want %v (off by %g > %g)", want.Name, j, got.Positions[g], want.Positions[w], d, posTol)
		}
		if len(want.Normals) > 0 && want.Mode == Triangles {
			n, m := want.Normals[w], got.Normals[g]
			wn := [3]float64{float64(n[0]), float64(n[1]), float64(n[2])}
			gn := [3]float64{float64(m[0]), float64(m[1]), float64(m[2])}
			if d := glbDist(wn, gn); d > normTol {
				t.Fatalf("mesh %q corner %d normal %v, want %v", want.Name, j, gn, wn)
			}
		}
		if len(want.FeatureIDs) > 0 && got.FeatureIDs[g] != want.FeatureIDs[w] {
			t.Fatalf("mesh %q corner %d feature %d, want %d", want.Name, j, got.FeatureIDs[g], want.FeatureIDs[w])
		}
	}
}

// glbCorners lists the vertex index of each drawn corner.
func glbCorners(m *Mesh) []uint32 {
	if len(m.Indices) > 0 {
		return m.Indices
	}
	c := make([]uint32, len(m.Positions))
	for i := range c {
		c[i] = uint32(i)
	}
	return c
}

func glbCompareTable(t *testing.T, want, got *PropertyTable) {
	t.Helper()
	if want == nil {
		if got != nil {
			t.Errorf("decoded a table %q, want none", got.Name)
		}
		return
	}
	if got == nil {
		t.Fatal("no property table decoded")
	}
	if got.Name != want.Name || got.Class != want.Class || got.Count != want.Count {
		t.Errorf("table %q/%q/%d, want %q/%q/%d", got.Name, got.Class, got.Count, want.Name, want.Class, want.Count)
	}
	for name, col := range want.Properties {
		if !reflect.DeepEqual(got.Properties[name], col) {
			t.Errorf("property %s = %v, want %v", name, got.Properties[name], col)
		}
	}
	if len(got.Properties) != len(want.Properties) {
		t.Errorf("%d properties, want %d", len(got.Properties), len(want.Properties))
	}
}

func glbDist(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

func glbHead(s []uint32) []uint32 { return s[:min(len(s), 8)] }

func TestPropertyTableValueNoData(t *testing.T) {
	schema, table := glbTestSchema(), glbTestTable(4)
	data := encodeTestGLB(t, []Mesh{glbPipes(0)}, table, schema, GLBOptions{})
	dec, err := DecodeGLB(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	got := dec.Table()
	tests := []struct {
		name, prop string
		row        int
		want       any // nil: no data
	}{
		{"string", "name", 0, "Gebäude A"},
		{"string noData", "name", 1, nil},
		{"float64", "height_m", 0, 3.5},
		{"float64 noData", "height_m", 1, nil},
		{"float32 noData", "depth_m", 2, nil},
		{"float32", "depth_m", 1, 1.25},
		{"uint16 noData", "diameter_mm", 2, nil},
		{"uint16", "diameter_mm", 3, int64(103)},
		{"int64", "seq", 3, int64(3) << 40},
		{"bool true", "underground", 0, true},
		{"bool false", "underground", 1, false},
		{"enum", "network", 2, int64(3)},
		{"enum noData by name", "network", 1, nil},
		{"required string", "id", 3, "test:dé"},
		{"row out of range", "id", 4, nil},
		{"unknown property", "colour", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := got.Value(dec.Schema, tt.prop, tt.row)
			if tt.want == nil {
				if ok {
					t.Errorf("Value = %v, want no data", v)
				}
				return
			}
			if !ok || v != tt.want {
				t.Errorf("Value = %v (%T), %v; want %v (%T)", v, v, ok, tt.want, tt.want)
			}
		})
	}
}
