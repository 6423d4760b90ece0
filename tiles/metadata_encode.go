package tiles

import (
	"encoding/binary"
	"maps"
	"math"
	"slices"
)

// extStructuralMetadata is the root EXT_structural_metadata object.
type extStructuralMetadata struct {
	Schema         *Schema            `json:"schema,omitempty"`
	SchemaURI      string             `json:"schemaUri,omitempty"`
	PropertyTables []extPropertyTable `json:"propertyTables,omitempty"`
}

// extPropertyTable is a property table of EXT_structural_metadata (and
// of implicit-tiling subtrees: the JSON is the same).
type extPropertyTable struct {
	Name       string                      `json:"name,omitempty"`
	Class      string                      `json:"class"`
	Count      int                         `json:"count"`
	Properties map[string]extTableProperty `json:"properties,omitempty"`
}

// extTableProperty locates one column in buffer views.
type extTableProperty struct {
	Values           int    `json:"values"`
	StringOffsets    *int   `json:"stringOffsets,omitempty"`
	StringOffsetType string `json:"stringOffsetType,omitempty"` // default UINT32
	ArrayOffsets     *int   `json:"arrayOffsets,omitempty"`
	ArrayOffsetType  string `json:"arrayOffsetType,omitempty"`
}

// metaViewAlign aligns every property buffer view (the specification's
// recommendation; 64-bit columns need it).
const metaViewAlign = 8

// addMetadata checks table against schema and writes EXT_structural_metadata.
func (b *gltfBuilder) addMetadata(table *PropertyTable, schema *Schema) error {
	if schema == nil {
		return ErrNoSchema
	}
	ext := &extStructuralMetadata{Schema: schema}
	if table != nil {
		if err := CheckPropertyTable(table, schema); err != nil {
			return err
		}
		ext.PropertyTables = []extPropertyTable{b.addPropertyTable(table, schema)}
	}
	if b.doc.Extensions == nil {
		b.doc.Extensions = map[string]any{}
	}
	b.doc.Extensions[ExtStructuralMetadata] = ext
	b.use(ExtStructuralMetadata, false)
	return nil
}

// addPropertyTable writes the columns of a checked table as buffer views.
func (b *gltfBuilder) addPropertyTable(t *PropertyTable, s *Schema) extPropertyTable {
	out := extPropertyTable{Name: t.Name, Class: t.Class, Count: t.Count, Properties: map[string]extTableProperty{}}
	class := s.Classes[t.Class]
	for _, name := range slices.Sorted(maps.Keys(t.Properties)) {
		col := t.Properties[name]
		var p extTableProperty
		if strs, ok := col.(Strings); ok {
			data, offsets, offType := metaEncodeStrings(strs)
			p.Values = b.addView(data, 0, 0, metaViewAlign)
			p.StringOffsets = metaPtrInt(b.addView(offsets, 0, 0, metaViewAlign))
			p.StringOffsetType = offType
		} else {
			p.Values = b.addView(metaEncodeColumn(col, s, class.Properties[name]), 0, 0, metaViewAlign)
		}
		out.Properties[name] = p
	}
	return out
}

func metaPtrInt(i int) *int { return &i }

// metaEncodeColumn encodes a non-string column in little-endian binary.
func metaEncodeColumn(col PropertyValues, s *Schema, prop ClassProperty) []byte {
	switch c := col.(type) {
	case Bools:
		return metaEncodeBools(c)
	case Enums:
		vt, _ := metaEnumValueType(s.Enums[prop.EnumType])
		out := make([]byte, 0, len(c)*metaComponentSize(vt))
		for _, v := range c {
			out = metaAppendInt(out, vt, uint64(v))
		}
		return out
	}
	// Every other column type is a slice of fixed-size numbers, which
	// binary.Append cannot fail on; MetaCheckColumn rejects foreign types.
	out, _ := binary.Append(nil, binary.LittleEndian, col)
	return out
}

// metaEncodeBools packs booleans LSB first, as the binary table format wants.
func metaEncodeBools(c Bools) []byte {
	out := make([]byte, (len(c)+7)/8)
	for i, v := range c {
		if v {
			out[i/8] |= 1 << (i % 8)
		}
	}
	return out
}

// metaEncodeStrings concatenates UTF-8 strings and writes count+1 offsets in
// the smallest unsigned type that holds the total length.
func metaEncodeStrings(c Strings) (data, offsets []byte, offType string) {
	total := 0
	for _, v := range c {
		total += len(v)
	}
	offType = ComponentUint32
	switch {
	case total <= math.MaxUint8:
		offType = ComponentUint8
	case total <= math.MaxUint16:
		offType = ComponentUint16
	case total > math.MaxUint32:
		offType = ComponentUint64
	}
	data = make([]byte, 0, total)
	offsets = make([]byte, 0, (len(c)+1)*metaComponentSize(offType))
	offsets = metaAppendInt(offsets, offType, 0)
	for _, v := range c {
		data = append(data, v...)
		offsets = metaAppendInt(offsets, offType, uint64(len(data)))
	}
	return data, offsets, offType
}

// metaAppendInt appends the low bytes of v as integer component type ct.
func metaAppendInt(out []byte, ct string, v uint64) []byte {
	switch metaComponentSize(ct) {
	case 1:
		return append(out, byte(v))
	case 2:
		return binary.LittleEndian.AppendUint16(out, uint16(v))
	case 4:
		return binary.LittleEndian.AppendUint32(out, uint32(v))
	}
	return binary.LittleEndian.AppendUint64(out, v)
}

// metaComponentSize is the byte size of a metadata component type (0 if unknown).
func metaComponentSize(ct string) int {
	switch ct {
	case ComponentInt8, ComponentUint8:
		return 1
	case ComponentInt16, ComponentUint16:
		return 2
	case ComponentInt32, ComponentUint32, ComponentFloat32:
		return 4
	case ComponentInt64, ComponentUint64, ComponentFloat64:
		return 8
	}
	return 0
}
