package twin

import (
	"fmt"
	"strings"

	"github.com/citytwin/citytwin/geo"
)

// Kind says what sort of feature a record is.
type Kind string

// The feature kinds a store keeps.
const (
	KindBuilding Kind = "building"
	KindSegment  Kind = "segment"
	KindNode     Kind = "node"
	KindMesh     Kind = "mesh"
)

// Network is the utility network a segment or node belongs to.
type Network string

// The utility networks CityTwin knows. Colours follow the one-call code
// (see DESIGN.md).
const (
	NetworkWater   Network = "water"
	NetworkSewer   Network = "sewer"
	NetworkStorm   Network = "storm"
	NetworkGas     Network = "gas"
	NetworkPower   Network = "power"
	NetworkTelecom Network = "telecom"
	NetworkHeating Network = "heating"
	NetworkOther   Network = "other"
)

// Networks lists every network in a fixed order.
var Networks = []Network{NetworkWater, NetworkSewer, NetworkStorm, NetworkGas,
	NetworkPower, NetworkTelecom, NetworkHeating, NetworkOther}

// ParseNetwork maps a name (case-insensitive, with a few common synonyms) to
// a Network.
func ParseNetwork(s string) (Network, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "water", "potable", "drinking_water", "water_main":
		return NetworkWater, nil
	case "sewer", "sewage", "wastewater", "foul", "sanitary":
		return NetworkSewer, nil
	case "storm", "stormwater", "storm_water", "drain", "drainage":
		return NetworkStorm, nil
	case "gas", "natural_gas":
		return NetworkGas, nil
	case "power", "electric", "electricity", "electrical":
		return NetworkPower, nil
	case "telecom", "telecommunication", "telecommunications", "communication", "fibre", "fiber":
		return NetworkTelecom, nil
	case "heating", "district_heating", "heat":
		return NetworkHeating, nil
	case "other", "":
		return NetworkOther, nil
	}
	return "", fmt.Errorf("twin: unknown network %q (want one of %v)", s, Networks)
}

// Status is the life-cycle state of a utility feature.
type Status string

// Utility statuses.
const (
	StatusExisting  Status = "existing"
	StatusPlanned   Status = "planned"
	StatusAbandoned Status = "abandoned"
)

// ParseStatus maps a name (case-insensitive, with common synonyms) to a Status.
func ParseStatus(s string) (Status, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "existing", "active", "in service", "in_service", "inservice", "", "ok":
		return StatusExisting, nil
	case "planned", "proposed", "design", "future":
		return StatusPlanned, nil
	case "abandoned", "inactive", "removed", "disused", "out of service":
		return StatusAbandoned, nil
	}
	return "", fmt.Errorf("twin: unknown status %q (want existing, planned or abandoned)", s)
}

// Attributes are free per-feature properties kept as the source gave them
// (strings, float64, int64, bool, nil, or nested lists and maps).
type Attributes map[string]any

// Header is what every feature has.
type Header struct {
	// ID is the stable id: "<dataset>:<source id>". It is the same in the
	// store, the tiles, query results and websocket events.
	ID string `json:"id"`
	// Dataset is the name of the dataset the feature was loaded with.
	Dataset string `json:"dataset"`
	// SourceID is the feature's id in its source file.
	SourceID string `json:"source_id"`
	// Attributes holds every source attribute not mapped to a field.
	Attributes Attributes `json:"attributes,omitempty"`
}

// FeatureID builds the stable id of a feature from its dataset and source id.
func FeatureID(dataset, sourceID string) string { return dataset + ":" + sourceID }

// Feature is any record a store keeps.
type Feature interface {
	Kind() Kind
	Head() *Header
	// Bounds returns the geographic 3D bounds (lon°, lat°, h m).
	Bounds() geo.Bounds3
	// Layer names the tileset layer: "buildings", a network name, or "meshes".
	Layer() string
}
