package tiles

// Property tables: the per-feature metadata of one GLB, stored in its
// binary buffer as EXT_structural_metadata property tables (3D Metadata
// Specification, binary table format). The Schema, Class and ClassProperty
// types are the tileset's (tileset_schema.go), so one schema serves both
// tileset.json and the GLBs.
//
// Missing values follow the specification: a property that is not
// required may declare a noData sentinel in its ClassProperty, and rows
// holding that value have no data (see PropertyTable.Value). BOOLEAN
// properties cannot have noData; use an ENUM or a UINT8 for a tri-state.

// PropertyTable holds one column per property for Count features; row i
// belongs to feature id i.
type PropertyTable struct {
	// Name is an optional label of the table.
	Name string
	// Class is the schema class the rows conform to.
	Class string
	// Count is the number of rows (features); at least 1.
	Count int
	// Properties maps property names of Class to their columns, each of
	// length Count. Properties that are not required may be left out.
	Properties map[string]PropertyValues
}

// PropertyValues is a typed column of a property table: one of Strings,
// Bools, Enums, Int8s, Uint8s, Int16s, Uint16s, Int32s, Uint32s, Int64s,
// Uint64s, Float32s or Float64s. Only single-valued properties (no
// arrays, no vectors) are supported.
type PropertyValues interface {
	// Len is the number of rows.
	Len() int
	// MetadataType is the ClassProperty Type and ComponentType the column
	// stores (ComponentType empty for STRING, BOOLEAN and ENUM).
	MetadataType() (typ, componentType string)
}

// Column types of a PropertyTable.
type (
	// Strings is a STRING column (UTF-8).
	Strings []string
	// Bools is a BOOLEAN column, stored as a bitstream.
	Bools []bool
	// Enums is an ENUM column of enum values, stored with the enum's
	// valueType (default UINT16).
	Enums []int64
	// Int8s is a SCALAR INT8 column.
	Int8s []int8
	// Uint8s is a SCALAR UINT8 column.
	Uint8s []uint8
	// Int16s is a SCALAR INT16 column.
	Int16s []int16
	// Uint16s is a SCALAR UINT16 column.
	Uint16s []uint16
	// Int32s is a SCALAR INT32 column.
	Int32s []int32
	// Uint32s is a SCALAR UINT32 column.
	Uint32s []uint32
	// Int64s is a SCALAR INT64 column.
	Int64s []int64
	// Uint64s is a SCALAR UINT64 column.
	Uint64s []uint64
	// Float32s is a SCALAR FLOAT32 column.
	Float32s []float32
	// Float64s is a SCALAR FLOAT64 column.
	Float64s []float64
)

func (v Strings) Len() int  { return len(v) }
func (v Bools) Len() int    { return len(v) }
func (v Enums) Len() int    { return len(v) }
func (v Int8s) Len() int    { return len(v) }
func (v Uint8s) Len() int   { return len(v) }
func (v Int16s) Len() int   { return len(v) }
func (v Uint16s) Len() int  { return len(v) }
func (v Int32s) Len() int   { return len(v) }
func (v Uint32s) Len() int  { return len(v) }
func (v Int64s) Len() int   { return len(v) }
func (v Uint64s) Len() int  { return len(v) }
func (v Float32s) Len() int { return len(v) }
func (v Float64s) Len() int { return len(v) }

func (Strings) MetadataType() (string, string)  { return TypeString, "" }
func (Bools) MetadataType() (string, string)    { return TypeBoolean, "" }
func (Enums) MetadataType() (string, string)    { return TypeEnum, "" }
func (Int8s) MetadataType() (string, string)    { return TypeScalar, ComponentInt8 }
func (Uint8s) MetadataType() (string, string)   { return TypeScalar, ComponentUint8 }
func (Int16s) MetadataType() (string, string)   { return TypeScalar, ComponentInt16 }
func (Uint16s) MetadataType() (string, string)  { return TypeScalar, ComponentUint16 }
func (Int32s) MetadataType() (string, string)   { return TypeScalar, ComponentInt32 }
func (Uint32s) MetadataType() (string, string)  { return TypeScalar, ComponentUint32 }
func (Int64s) MetadataType() (string, string)   { return TypeScalar, ComponentInt64 }
func (Uint64s) MetadataType() (string, string)  { return TypeScalar, ComponentUint64 }
func (Float32s) MetadataType() (string, string) { return TypeScalar, ComponentFloat32 }
func (Float64s) MetadataType() (string, string) { return TypeScalar, ComponentFloat64 }

// Value returns row of property name as a Go value (string, bool, int64
// for enums and integers, uint64 for UINT64, float64 for floats), or
// ok == false when the table lacks the property, the row is out of range
// or the value equals the property's noData sentinel in schema.
func (t *PropertyTable) Value(schema *Schema, name string, row int) (v any, ok bool) {
	col, found := t.Properties[name]
	if !found || row < 0 || row >= col.Len() {
		return nil, false
	}
	v = metaColumnValue(col, row)
	if prop, known := metaSchemaProperty(schema, t.Class, name); known && prop.NoData != nil {
		if nd, err := metaNoDataValue(schema, prop, col); err == nil && nd == v {
			return nil, false
		}
	}
	return v, true
}

// metaColumnValue widens one cell to string, bool, int64, uint64 or float64.
func metaColumnValue(col PropertyValues, row int) any {
	switch c := col.(type) {
	case Strings:
		return c[row]
	case Bools:
		return c[row]
	case Enums:
		return c[row]
	case Int8s:
		return int64(c[row])
	case Uint8s:
		return int64(c[row])
	case Int16s:
		return int64(c[row])
	case Uint16s:
		return int64(c[row])
	case Int32s:
		return int64(c[row])
	case Uint32s:
		return int64(c[row])
	case Int64s:
		return c[row]
	case Uint64s:
		return c[row]
	case Float32s:
		return float64(c[row])
	case Float64s:
		return c[row]
	}
	return nil
}

// metaSchemaProperty looks up a class property; a nil schema knows nothing.
func metaSchemaProperty(s *Schema, class, name string) (ClassProperty, bool) {
	if s == nil {
		return ClassProperty{}, false
	}
	c, ok := s.Classes[class]
	if !ok {
		return ClassProperty{}, false
	}
	p, ok := c.Properties[name]
	return p, ok
}
