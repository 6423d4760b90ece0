package tiles

import "encoding/json"

// This file holds the 3D Metadata Specification types shared by tileset
// JSON (schema, metadata, groups, statistics) and glTF's
// EXT_structural_metadata, which embeds the same Schema.

// Schema defines metadata classes and enums.
type Schema struct {
	ID          string           `json:"id"`
	Name        string           `json:"name,omitempty"`
	Description string           `json:"description,omitempty"`
	Version     string           `json:"version,omitempty"`
	Classes     map[string]Class `json:"classes,omitzero"`
	Enums       map[string]Enum  `json:"enums,omitzero"`
	Extensions  Extensions       `json:"extensions,omitzero"`
	Extras      json.RawMessage  `json:"extras,omitzero"`
}

// Class is a metadata class: a named set of properties.
type Class struct {
	Name        string                   `json:"name,omitempty"`
	Description string                   `json:"description,omitempty"`
	Properties  map[string]ClassProperty `json:"properties,omitzero"`
	Extensions  Extensions               `json:"extensions,omitzero"`
	Extras      json.RawMessage          `json:"extras,omitzero"`
}

// ClassProperty describes one property of a class. Offset, Scale, Min,
// Max, NoData and Default hold a number, a string, a boolean or an array
// of them depending on Type and Array, so they are untyped; ParseTileset
// decodes their numbers as json.Number. False booleans and empty strings
// are the defaults and are not written.
type ClassProperty struct {
	Name          string          `json:"name,omitempty"`
	Description   string          `json:"description,omitempty"`
	Type          string          `json:"type"`
	ComponentType string          `json:"componentType,omitempty"`
	EnumType      string          `json:"enumType,omitempty"`
	Array         bool            `json:"array,omitempty"`
	Count         int             `json:"count,omitempty"` // fixed array length; 0 = variable
	Normalized    bool            `json:"normalized,omitempty"`
	Offset        any             `json:"offset,omitempty"`
	Scale         any             `json:"scale,omitempty"`
	Max           any             `json:"max,omitempty"`
	Min           any             `json:"min,omitempty"`
	Required      bool            `json:"required,omitempty"`
	NoData        any             `json:"noData,omitempty"`
	Default       any             `json:"default,omitempty"`
	Semantic      string          `json:"semantic,omitempty"`
	Extensions    Extensions      `json:"extensions,omitzero"`
	Extras        json.RawMessage `json:"extras,omitzero"`
}

// Metadata element types (ClassProperty.Type).
const (
	TypeScalar  = "SCALAR"
	TypeVec2    = "VEC2"
	TypeVec3    = "VEC3"
	TypeVec4    = "VEC4"
	TypeMat2    = "MAT2"
	TypeMat3    = "MAT3"
	TypeMat4    = "MAT4"
	TypeString  = "STRING"
	TypeBoolean = "BOOLEAN"
	TypeEnum    = "ENUM"
)

// Metadata component types (ClassProperty.ComponentType, Enum.ValueType).
const (
	ComponentInt8    = "INT8"
	ComponentUint8   = "UINT8"
	ComponentInt16   = "INT16"
	ComponentUint16  = "UINT16"
	ComponentInt32   = "INT32"
	ComponentUint32  = "UINT32"
	ComponentInt64   = "INT64"
	ComponentUint64  = "UINT64"
	ComponentFloat32 = "FLOAT32"
	ComponentFloat64 = "FLOAT64"
)

// Enum is a set of named integer values.
type Enum struct {
	Name        string          `json:"name,omitempty"`
	Description string          `json:"description,omitempty"`
	ValueType   string          `json:"valueType,omitempty"` // default UINT16
	Values      []EnumValue     `json:"values"`
	Extensions  Extensions      `json:"extensions,omitzero"`
	Extras      json.RawMessage `json:"extras,omitzero"`
}

// EnumValue is one named value of an Enum.
type EnumValue struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Value       int64           `json:"value"`
	Extensions  Extensions      `json:"extensions,omitzero"`
	Extras      json.RawMessage `json:"extras,omitzero"`
}

// MetadataEntity is an instance of a class: tileset, tile, content, group
// or subtree metadata. Property values are JSON values (numbers decode as
// json.Number through ParseTileset).
type MetadataEntity struct {
	Class      string          `json:"class"`
	Properties map[string]any  `json:"properties,omitzero"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// Statistics summarises the metadata of a tileset, per class.
type Statistics struct {
	Classes    map[string]ClassStatistics `json:"classes,omitzero"`
	Extensions Extensions                 `json:"extensions,omitzero"`
	Extras     json.RawMessage            `json:"extras,omitzero"`
}

// ClassStatistics summarises the entities of one class.
type ClassStatistics struct {
	Count      *int64                        `json:"count,omitzero"`
	Properties map[string]PropertyStatistics `json:"properties,omitzero"`
	Extensions Extensions                    `json:"extensions,omitzero"`
	Extras     json.RawMessage               `json:"extras,omitzero"`
}

// PropertyStatistics summarises the values of one property. Values are
// numbers or arrays of numbers depending on the property's type.
type PropertyStatistics struct {
	Min               any             `json:"min,omitempty"`
	Max               any             `json:"max,omitempty"`
	Mean              any             `json:"mean,omitempty"`
	Median            any             `json:"median,omitempty"`
	StandardDeviation any             `json:"standardDeviation,omitempty"`
	Variance          any             `json:"variance,omitempty"`
	Sum               any             `json:"sum,omitempty"`
	Occurrences       map[string]any  `json:"occurrences,omitzero"`
	Extensions        Extensions      `json:"extensions,omitzero"`
	Extras            json.RawMessage `json:"extras,omitzero"`
}
