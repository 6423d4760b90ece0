package geo

import (
	"encoding/json"
	"fmt"
)

type boundsJSON struct {
	Min Point3 `json:"min"`
	Max Point3 `json:"max"`
}

// MarshalJSON writes {"min": [x, y, z], "max": [x, y, z]}, or null for
// empty bounds (whose infinities JSON cannot hold).
func (b Bounds3) MarshalJSON() ([]byte, error) {
	if b.IsEmpty() {
		return []byte("null"), nil
	}
	return json.Marshal(boundsJSON{Min: b.Min, Max: b.Max})
}

// UnmarshalJSON reads what MarshalJSON writes; null gives empty bounds.
func (b *Bounds3) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*b = EmptyBounds()
		return nil
	}
	var v boundsJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("geo: bounds: %w", err)
	}
	b.Min, b.Max = v.Min, v.Max
	return nil
}
