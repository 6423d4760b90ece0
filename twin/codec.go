package twin

import (
	"encoding/json"
	"fmt"
)

// MarshalFeature encodes a feature as JSON. The JSON does not hold the
// kind: keep f.Kind() beside it and give it to UnmarshalFeature, which needs
// it to restore the right type.
func MarshalFeature(f Feature) ([]byte, error) {
	return json.Marshal(f)
}

// UnmarshalFeature decodes a feature of kind k from MarshalFeature's output.
func UnmarshalFeature(k Kind, data []byte) (Feature, error) {
	var f Feature
	switch k {
	case KindBuilding:
		f = &Building{}
	case KindSegment:
		f = &UtilitySegment{}
	case KindNode:
		f = &UtilityNode{}
	default:
		return nil, fmt.Errorf("twin: cannot decode feature of kind %q", k)
	}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("twin: decode %s: %w", k, err)
	}
	return f, nil
}
