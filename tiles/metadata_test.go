package tiles

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

func TestEncodeGLBErrors(t *testing.T) {
	box := func(edit func(*Mesh)) []Mesh {
		m := glbBox([3]float64{}, [3]float64{1, 1, 1}, 1)
		edit(&m)
		return []Mesh{m}
	}
	tests := []struct {
		name   string
		meshes []Mesh
		table  *PropertyTable
		want   string
	}{
		{"no meshes", nil, nil, "no meshes"},
		{"no positions", []Mesh{{Name: "empty"}}, nil, `mesh 0 "empty": no positions`},
		{"bad mode", box(func(m *Mesh) { m.Mode = 7 }), nil, "unknown mode"},
		{"normals count", box(func(m *Mesh) { m.Normals = m.Normals[1:] }), nil, "23 normals for 24 positions"},
		{"feature id count", box(func(m *Mesh) { m.FeatureIDs = m.FeatureIDs[:3] }), nil, "3 feature ids"},
		{"indices not triangles", box(func(m *Mesh) { m.Indices = m.Indices[:4] }), nil, "not a multiple of 3"},
		{"lines odd", box(func(m *Mesh) { m.Mode, m.Indices = Lines, m.Indices[:5] }), nil, "not a multiple of 2"},
		{"index out of range", box(func(m *Mesh) { m.Indices[5] = 24 }), nil, "index 5 = 24 out of range"},
		{"NaN position", box(func(m *Mesh) { m.Positions[3][1] = math.NaN() }), nil, "position 3"},
		{"infinite position", box(func(m *Mesh) { m.Positions[0][2] = math.Inf(-1) }), nil, "not finite"},
		{"feature id beyond table", box(func(m *Mesh) {}), glbTestTable(1), "feature id 1 at vertex 0: property table has 1 rows"},
		{"feature id beyond float32", box(func(m *Mesh) { m.FeatureIDs[0] = 1<<24 + 1 }), nil, "above 16777216"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var schema *Schema
			if tt.table != nil {
				schema = glbTestSchema()
			}
			err := EncodeGLB(io.Discard, tt.meshes, tt.table, schema, GLBOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "tiles: ") {
				t.Errorf("EncodeGLB error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckPropertyTable(t *testing.T) {
	tests := []struct {
		name   string
		schema func(*Schema)
		table  func(*PropertyTable)
		want   string // "" = valid
	}{
		{"valid", nil, nil, ""},
		{"optional property left out", nil, func(pt *PropertyTable) { delete(pt.Properties, "name") }, ""},
		{"unknown class", nil, func(pt *PropertyTable) { pt.Class = "pipe" }, `class "pipe" not in schema`},
		{"bad class name", nil, func(pt *PropertyTable) { pt.Class = "a-b" }, "not an identifier"},
		{"bad schema id", func(s *Schema) { s.ID = "1x" }, nil, "schema id"},
		{"zero count", nil, func(pt *PropertyTable) { pt.Count = 0 }, "count 0"},
		{"required missing", nil, func(pt *PropertyTable) { delete(pt.Properties, "id") }, `required property "id" missing`},
		{"undeclared property", nil, func(pt *PropertyTable) { pt.Properties["colour"] = Strings{"a", "b", "c"} }, `property "colour" not in class`},
		{"wrong type", nil, func(pt *PropertyTable) { pt.Properties["floors"] = Int64s{1, 2, 3} }, "column is SCALAR INT64, class declares SCALAR INT32"},
		{"wrong length", nil, func(pt *PropertyTable) { pt.Properties["seq"] = Int64s{1} }, "1 values for 3 rows"},
		{"nil column", nil, func(pt *PropertyTable) { pt.Properties["seq"] = nil }, "nil column"},
		{"invalid UTF-8", nil, func(pt *PropertyTable) { pt.Properties["name"] = Strings{"a", "\xff", "c"} }, "row 1: invalid UTF-8"},
		{"undeclared enum value", nil, func(pt *PropertyTable) { pt.Properties["network"] = Enums{3, 4, 7} }, "row 1: 4 is not a value"},
		{"enum value beyond type", func(s *Schema) {
			e := s.Enums["network"]
			e.ValueType = ComponentUint8
			e.Values = append(e.Values, EnumValue{Name: "big", Value: 300})
			s.Enums["network"] = e
		}, func(pt *PropertyTable) { pt.Properties["network"] = Enums{300, 3, 7} }, "300 does not fit UINT8"},
		{"enum of floats", func(s *Schema) { metaTestSetEnumType(s, ComponentFloat32) }, nil, "not an integer type"},
		{"missing enum", func(s *Schema) { delete(s.Enums, "network") }, nil, `enum "network" not in schema`},
		{"boolean noData", func(s *Schema) { metaTestSetNoData(s, "underground", false) }, nil, "BOOLEAN properties cannot have noData"},
		{"noData on required", func(s *Schema) { metaTestSetNoData(s, "id", "") }, nil, "noData on a required property"},
		{"noData of wrong kind", func(s *Schema) { metaTestSetNoData(s, "height_m", "none") }, nil, "not a number"},
		{"enum noData not a value", func(s *Schema) { metaTestSetNoData(s, "network", "oil") }, nil, `"oil" is not a value`},
		{"array property", func(s *Schema) {
			p := s.Classes["feature"].Properties["floors"]
			p.Array = true
			s.Classes["feature"].Properties["floors"] = p
		}, nil, "array properties are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, pt := glbTestSchema(), glbTestTable(3)
			if tt.schema != nil {
				tt.schema(s)
			}
			if tt.table != nil {
				tt.table(pt)
			}
			err := CheckPropertyTable(pt, s)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckPropertyTable: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CheckPropertyTable error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("no schema", func(t *testing.T) {
		if err := CheckPropertyTable(glbTestTable(1), nil); !errors.Is(err, ErrNoSchema) {
			t.Errorf("error = %v, want ErrNoSchema", err)
		}
	})
}

func metaTestSetNoData(s *Schema, prop string, nd any) {
	p := s.Classes["feature"].Properties[prop]
	p.NoData = nd
	s.Classes["feature"].Properties[prop] = p
}

func metaTestSetEnumType(s *Schema, vt string) {
	e := s.Enums["network"]
	e.ValueType = vt
	s.Enums["network"] = e
}

func TestEncodeStringsOffsetType(t *testing.T) {
	tests := []struct {
		name  string
		total int
		want  string
	}{
		{"empty", 0, ComponentUint8},
		{"255 bytes", 255, ComponentUint8},
		{"256 bytes", 256, ComponentUint16},
		{"65536 bytes", 65536, ComponentUint32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			col := Strings{strings.Repeat("x", tt.total), ""}
			data, offsets, typ := metaEncodeStrings(col)
			if typ != tt.want || len(data) != tt.total || len(offsets) != 3*metaComponentSize(typ) {
				t.Errorf("type %s, %d data bytes, %d offset bytes", typ, len(data), len(offsets))
			}
			back, err := metaDecodeStrings(data, offsets, typ, 2)
			if err != nil || back[0] != col[0] || back[1] != "" {
				t.Errorf("decode: %v", err)
			}
		})
	}
}
