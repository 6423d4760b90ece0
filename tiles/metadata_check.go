package tiles

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"unicode/utf8"
)

// metaIdentifier is the pattern of schema ids, class, enum and property
// names in the 3D Metadata Specification.
var metaIdentifier = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// ErrNoSchema is returned when a property table comes without a schema.
var ErrNoSchema = errors.New("tiles: metadata: property table without schema")

// CheckPropertyTable reports whether t can be written against s: the class
// exists, every column is declared with the column's type and has Count
// rows, required properties are present, noData values fit their column,
// enum values are declared and strings are UTF-8.
func CheckPropertyTable(t *PropertyTable, s *Schema) error {
	if s == nil {
		return ErrNoSchema
	}
	if t == nil {
		return errors.New("tiles: metadata: nil property table")
	}
	if !metaIdentifier.MatchString(s.ID) {
		return fmt.Errorf("tiles: metadata: schema id %q is not an identifier", s.ID)
	}
	if !metaIdentifier.MatchString(t.Class) {
		return fmt.Errorf("tiles: metadata: class name %q is not an identifier", t.Class)
	}
	class, ok := s.Classes[t.Class]
	if !ok {
		return fmt.Errorf("tiles: metadata: table %q: class %q not in schema %q", t.Name, t.Class, s.ID)
	}
	if t.Count < 1 {
		return fmt.Errorf("tiles: metadata: table %q: count %d, want at least 1", t.Name, t.Count)
	}
	if err := metaCheckProperties(t, s, class); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(t.Properties)) {
		if _, ok := class.Properties[name]; !ok {
			return fmt.Errorf("tiles: metadata: table %q: property %q not in class %q", t.Name, name, t.Class)
		}
	}
	return nil
}

// metaCheckProperties checks every declared property and its column.
func metaCheckProperties(t *PropertyTable, s *Schema, class Class) error {
	for _, name := range slices.Sorted(maps.Keys(class.Properties)) {
		prop := class.Properties[name]
		if !metaIdentifier.MatchString(name) {
			return fmt.Errorf("tiles: metadata: class %q: property name %q is not an identifier", t.Class, name)
		}
		col, present := t.Properties[name]
		if prop.Required && !present {
			return fmt.Errorf("tiles: metadata: table %q: required property %q missing", t.Name, name)
		}
		if err := metaCheckClassProperty(s, prop); err != nil {
			return fmt.Errorf("tiles: metadata: class %q property %q: %w", t.Class, name, err)
		}
		if present {
			if err := metaCheckColumn(s, prop, col, t.Count); err != nil {
				return fmt.Errorf("tiles: metadata: table %q property %q: %w", t.Name, name, err)
			}
		}
	}
	return nil
}

// metaCheckClassProperty checks the parts of a declaration this encoder uses.
func metaCheckClassProperty(s *Schema, p ClassProperty) error {
	if p.Array {
		return errors.New("array properties are not supported")
	}
	if p.NoData != nil && p.Required {
		return errors.New("noData on a required property")
	}
	if p.NoData != nil && p.Type == TypeBoolean {
		return errors.New("BOOLEAN properties cannot have noData")
	}
	if p.Type == TypeEnum {
		e, ok := s.Enums[p.EnumType]
		if !ok {
			return fmt.Errorf("enum %q not in schema", p.EnumType)
		}
		if _, err := metaEnumValueType(e); err != nil {
			return fmt.Errorf("enum %q: %w", p.EnumType, err)
		}
	}
	return nil
}

// metaCheckColumn checks one column against its declaration.
func metaCheckColumn(s *Schema, prop ClassProperty, col PropertyValues, count int) error {
	if col == nil {
		return errors.New("nil column")
	}
	if col.Len() > 0 && metaColumnValue(col, 0) == nil {
		return fmt.Errorf("unsupported column type %T", col)
	}
	typ, comp := col.MetadataType()
	if typ != prop.Type || (typ == TypeScalar && comp != prop.ComponentType) {
		return fmt.Errorf("column is %s %s, class declares %s %s", typ, comp, prop.Type, prop.ComponentType)
	}
	if col.Len() != count {
		return fmt.Errorf("%d values for %d rows", col.Len(), count)
	}
	if prop.NoData != nil {
		if _, err := metaNoDataValue(s, prop, col); err != nil {
			return err
		}
	}
	switch c := col.(type) {
	case Strings:
		for i, v := range c {
			if !utf8.ValidString(v) {
				return fmt.Errorf("row %d: invalid UTF-8", i)
			}
		}
	case Enums:
		return metaCheckEnumColumn(s.Enums[prop.EnumType], c)
	}
	return nil
}

// metaCheckEnumColumn checks that every value is declared and fits valueType.
func metaCheckEnumColumn(e Enum, c Enums) error {
	vt, err := metaEnumValueType(e)
	if err != nil {
		return err
	}
	for i, v := range c {
		if !slices.ContainsFunc(e.Values, func(ev EnumValue) bool { return ev.Value == v }) {
			return fmt.Errorf("row %d: %d is not a value of the enum", i, v)
		}
		if !metaIntFits(vt, v) {
			return fmt.Errorf("row %d: %d does not fit %s", i, v, vt)
		}
	}
	return nil
}

// metaEnumValueType is an enum's integer storage type (default UINT16).
func metaEnumValueType(e Enum) (string, error) {
	switch e.ValueType {
	case "":
		return ComponentUint16, nil
	case ComponentInt8, ComponentUint8, ComponentInt16, ComponentUint16,
		ComponentInt32, ComponentUint32, ComponentInt64, ComponentUint64:
		return e.ValueType, nil
	}
	return "", fmt.Errorf("valueType %q is not an integer type", e.ValueType)
}

// metaIntFits reports whether v is representable in integer component type ct.
func metaIntFits(ct string, v int64) bool {
	lo, hi := metaIntRange(ct)
	return v >= lo && v <= hi
}

// metaIntRange is the int64 range of an integer component type; UINT64 is
// clipped to the int64 range.
func metaIntRange(ct string) (lo, hi int64) {
	switch ct {
	case ComponentInt8:
		return -1 << 7, 1<<7 - 1
	case ComponentUint8:
		return 0, 1<<8 - 1
	case ComponentInt16:
		return -1 << 15, 1<<15 - 1
	case ComponentUint16:
		return 0, 1<<16 - 1
	case ComponentInt32:
		return -1 << 31, 1<<31 - 1
	case ComponentUint32:
		return 0, 1<<32 - 1
	case ComponentUint64:
		return 0, 1<<63 - 1
	}
	return -1 << 63, 1<<63 - 1
}
