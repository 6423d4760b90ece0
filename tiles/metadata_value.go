package tiles

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// metaNoDataValue converts a ClassProperty's noData (any JSON-ish value: a Go
// number, json.Number, string, or an enum value name) to the widened Go
// type metaColumnValue returns for col, so the two compare with ==.
func metaNoDataValue(s *Schema, prop ClassProperty, col PropertyValues) (any, error) {
	nd := prop.NoData
	switch col.(type) {
	case Strings:
		str, ok := nd.(string)
		if !ok {
			return nil, fmt.Errorf("noData %v is not a string", nd)
		}
		return str, nil
	case Bools:
		return nil, errors.New("BOOLEAN properties cannot have noData")
	case Enums:
		return metaEnumNoData(s, prop, nd)
	case Float32s:
		f, err := metaFloat(nd)
		return float64(float32(f)), err
	case Float64s:
		return metaFloat(nd)
	case Uint64s:
		return metaUint(nd)
	}
	return metaInt(nd)
}

// metaEnumNoData resolves an enum noData, given by value name as the
// specification wants (an integer is accepted too).
func metaEnumNoData(s *Schema, prop ClassProperty, nd any) (any, error) {
	name, ok := nd.(string)
	if !ok {
		return metaInt(nd)
	}
	if s != nil {
		for _, v := range s.Enums[prop.EnumType].Values {
			if v.Name == name {
				return v.Value, nil
			}
		}
	}
	return nil, fmt.Errorf("noData %q is not a value of enum %q", name, prop.EnumType)
}

// metaFloat reads a JSON-ish number.
func metaFloat(v any) (float64, error) {
	switch n := v.(type) {
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	case json.Number:
		return n.Float64()
	}
	if i, err := metaInt(v); err == nil {
		return float64(i.(int64)), nil
	}
	if u, err := metaUint(v); err == nil {
		return float64(u.(uint64)), nil
	}
	return 0, fmt.Errorf("%v (%T) is not a number", v, v)
}

// metaInt reads a JSON-ish integer as int64 (returned as any).
func metaInt(v any) (any, error) {
	switch n := v.(type) {
	case int:
		return int64(n), nil
	case int8:
		return int64(n), nil
	case int16:
		return int64(n), nil
	case int32:
		return int64(n), nil
	case int64:
		return n, nil
	case uint8:
		return int64(n), nil
	case uint16:
		return int64(n), nil
	case uint32:
		return int64(n), nil
	case uint64:
		if n <= math.MaxInt64 {
			return int64(n), nil
		}
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<63 {
			return int64(n), nil
		}
	case json.Number:
		return n.Int64()
	}
	return nil, fmt.Errorf("%v (%T) is not an integer", v, v)
}

// metaUint reads a JSON-ish non-negative integer as uint64 (as any).
func metaUint(v any) (any, error) {
	switch n := v.(type) {
	case uint64:
		return n, nil
	case json.Number:
		var u uint64
		if err := json.Unmarshal([]byte(n), &u); err != nil {
			return nil, fmt.Errorf("%v is not an unsigned integer", n)
		}
		return u, nil
	}
	i, err := metaInt(v)
	if err != nil || i.(int64) < 0 {
		return nil, fmt.Errorf("%v (%T) is not an unsigned integer", v, v)
	}
	return uint64(i.(int64)), nil
}
