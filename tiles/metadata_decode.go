package tiles

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/qmuntal/gltf"
)

// metaDecodeTable reads the columns of one EXT_structural_metadata
// property table, typed by the schema.
func metaDecodeTable(doc *gltf.Document, t extPropertyTable, s *Schema) (PropertyTable, error) {
	out := PropertyTable{Name: t.Name, Class: t.Class, Count: t.Count, Properties: map[string]PropertyValues{}}
	class, ok := s.Classes[t.Class]
	if !ok {
		return out, fmt.Errorf("class %q not in schema", t.Class)
	}
	if t.Count < 1 {
		return out, fmt.Errorf("count %d, want at least 1", t.Count)
	}
	for _, name := range slices.Sorted(maps.Keys(t.Properties)) {
		prop, ok := class.Properties[name]
		if !ok {
			return out, fmt.Errorf("property %q not in class %q", name, t.Class)
		}
		col, err := metaDecodeColumn(doc, s, prop, t.Properties[name], t.Count)
		if err != nil {
			return out, fmt.Errorf("property %q: %w", name, err)
		}
		out.Properties[name] = col
	}
	return out, nil
}

// metaDecodeColumn reads one column of count rows.
func metaDecodeColumn(doc *gltf.Document, s *Schema, prop ClassProperty, p extTableProperty, count int) (PropertyValues, error) {
	if prop.Array {
		return nil, errors.New("array properties are not supported")
	}
	values, err := glbViewBytes(doc, p.Values)
	if err != nil {
		return nil, err
	}
	switch prop.Type {
	case TypeString:
		if p.StringOffsets == nil {
			return nil, errors.New("STRING without stringOffsets")
		}
		offsets, err := glbViewBytes(doc, *p.StringOffsets)
		if err != nil {
			return nil, err
		}
		return metaDecodeStrings(values, offsets, p.StringOffsetType, count)
	case TypeBoolean:
		if err := metaFits(values, (count+7)/8, 1); err != nil {
			return nil, fmt.Errorf("booleans: %w", err)
		}
		col := make(Bools, count)
		for i := range col {
			col[i] = values[i/8]&(1<<(i%8)) != 0
		}
		return col, nil
	case TypeEnum:
		vt, err := metaEnumValueType(s.Enums[prop.EnumType])
		if err != nil {
			return nil, err
		}
		return metaDecodeEnums(values, vt, count)
	case TypeScalar:
		return metaDecodeScalars(values, prop.ComponentType, count)
	}
	return nil, fmt.Errorf("type %q is not supported", prop.Type)
}

// metaDecodeScalars reads count numbers of component type ct.
func metaDecodeScalars(values []byte, ct string, count int) (PropertyValues, error) {
	if err := metaFits(values, count, metaComponentSize(ct)); err != nil {
		return nil, fmt.Errorf("%s: %w", ct, err)
	}
	var col PropertyValues
	switch ct {
	case ComponentInt8:
		col = make(Int8s, count)
	case ComponentUint8:
		col = make(Uint8s, count)
	case ComponentInt16:
		col = make(Int16s, count)
	case ComponentUint16:
		col = make(Uint16s, count)
	case ComponentInt32:
		col = make(Int32s, count)
	case ComponentUint32:
		col = make(Uint32s, count)
	case ComponentInt64:
		col = make(Int64s, count)
	case ComponentUint64:
		col = make(Uint64s, count)
	case ComponentFloat32:
		col = make(Float32s, count)
	case ComponentFloat64:
		col = make(Float64s, count)
	default:
		return nil, fmt.Errorf("componentType %q is not supported", ct)
	}
	if _, err := binary.Decode(values, binary.LittleEndian, col); err != nil {
		return nil, fmt.Errorf("%d bytes for %d %s values: %w", len(values), count, ct, err)
	}
	return col, nil
}

// metaDecodeEnums reads count enum values stored as integer type vt.
func metaDecodeEnums(values []byte, vt string, count int) (Enums, error) {
	size := metaComponentSize(vt)
	if err := metaFits(values, count, size); err != nil {
		return nil, fmt.Errorf("enum %s: %w", vt, err)
	}
	col := make(Enums, count)
	for i := range col {
		col[i] = metaReadInt(values[i*size:], vt)
	}
	return col, nil
}

// metaDecodeStrings splits values at count+1 offsets of type offType.
func metaDecodeStrings(values, offsets []byte, offType string, count int) (Strings, error) {
	if offType == "" {
		offType = ComponentUint32
	}
	size := metaComponentSize(offType)
	switch offType {
	case ComponentUint8, ComponentUint16, ComponentUint32, ComponentUint64:
	default:
		return nil, fmt.Errorf("stringOffsetType %q is not an unsigned integer type", offType)
	}
	if err := metaFits(offsets, count+1, size); err != nil {
		return nil, fmt.Errorf("string offsets: %w", err)
	}
	col := make(Strings, count)
	prev := uint64(metaReadInt(offsets, offType))
	for i := range col {
		next := uint64(metaReadInt(offsets[(i+1)*size:], offType))
		if next < prev || next > uint64(len(values)) {
			return nil, fmt.Errorf("string %d: offsets [%d, %d) outside %d bytes", i, prev, next, len(values))
		}
		col[i] = string(values[prev:next])
		prev = next
	}
	return col, nil
}

// metaReadInt reads integer component type ct from the start of b (the
// caller checks the length); UINT64 is returned bit for bit.
func metaReadInt(b []byte, ct string) int64 {
	switch ct {
	case ComponentInt8:
		return int64(int8(b[0]))
	case ComponentUint8:
		return int64(b[0])
	case ComponentInt16:
		return int64(int16(binary.LittleEndian.Uint16(b)))
	case ComponentUint16:
		return int64(binary.LittleEndian.Uint16(b))
	case ComponentInt32:
		return int64(int32(binary.LittleEndian.Uint32(b)))
	case ComponentUint32:
		return int64(binary.LittleEndian.Uint32(b))
	}
	return int64(binary.LittleEndian.Uint64(b))
}

// metaFits checks that b holds count values of size bytes, before anything
// of that count is allocated.
func metaFits(b []byte, count, size int) error {
	if size <= 0 || count < 0 || count > len(b) || count*size > len(b) {
		return fmt.Errorf("%d bytes cannot hold %d values of %d bytes", len(b), count, size)
	}
	return nil
}
