package ingest

import (
	"encoding/json"
	"fmt"
	"math"
	"os"

	"github.com/citytwin/citytwin/twin"
)

// Quantity names the property that holds a measured value and its unit
// ("mm", "cm", "m", "in", "ft", "us-ft").
type Quantity struct {
	Property string `json:"property"`
	Unit     string `json:"unit"`
}

// Mapping says how the properties of a GeoJSON feature or a shapefile record
// become feature fields. Every field is optional; LoadMapping documents the
// file format and DefaultMapping the names tried when none is given.
type Mapping struct {
	// Kind forces the feature kind: "building", "segment" or "node". Empty:
	// polygons are buildings, lines segments, points nodes.
	Kind string `json:"kind,omitempty"`
	// ID is the property holding the source id (else the feature's id, else
	// its 1-based position in the file).
	ID string `json:"id,omitempty"`
	// Network is a constant network for every feature; NetworkProperty a
	// property holding it, translated through NetworkValues when listed.
	Network         string            `json:"network,omitempty"`
	NetworkProperty string            `json:"network_property,omitempty"`
	NetworkValues   map[string]string `json:"network_values,omitempty"`
	Diameter        Quantity          `json:"diameter"`
	Width           Quantity          `json:"width"`
	// Depth is the depth of the pipe axis below ground; Elevation the
	// absolute elevation of the ground at the feature (the axis lies Depth
	// below it).
	Depth       Quantity `json:"depth"`
	Elevation   Quantity `json:"elevation"`
	Material    string   `json:"material,omitempty"`
	InstallYear string   `json:"install_year,omitempty"`
	Status      string   `json:"status,omitempty"`
	StartNode   string   `json:"start_node,omitempty"`
	EndNode     string   `json:"end_node,omitempty"`
	// NodeKind is a constant node kind; NodeKindProperty a property holding it.
	NodeKind         string `json:"node_kind,omitempty"`
	NodeKindProperty string `json:"node_kind_property,omitempty"`
	// Building heights: Height (total), MinHeight (base above ground),
	// Levels (storeys × LevelHeightM).
	Height       Quantity `json:"height"`
	MinHeight    Quantity `json:"min_height"`
	Levels       string   `json:"levels,omitempty"`
	LevelHeightM float64  `json:"level_height_m,omitempty"`
	// DefaultDepthM is the axis depth per network when the data has none;
	// missing networks use DefaultDepthsM.
	DefaultDepthM map[string]float64 `json:"default_depth_m,omitempty"`
}

// DefaultDepthsM are typical axis depths below ground of European urban
// utilities, metres (cover depth plus half a typical diameter), used when
// the data gives no depth. Sources in README.md.
var DefaultDepthsM = map[twin.Network]float64{
	twin.NetworkWater: 1.8, twin.NetworkSewer: 3.0, twin.NetworkStorm: 2.2,
	twin.NetworkGas: 1.1, twin.NetworkPower: 0.9, twin.NetworkTelecom: 0.7,
	twin.NetworkHeating: 1.3, twin.NetworkOther: 1.0,
}

// Building height defaults.
const (
	DefaultLevelHeightM    = 3.0
	DefaultBuildingHeightM = 9.0 // three storeys, when nothing else is known
)

// LoadMapping reads a mapping JSON file; unknown keys are an error so that a
// misspelt key does not silently do nothing.
func LoadMapping(path string) (*Mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ingest: mapping: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	var m Mapping
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("ingest: mapping %s: %w", path, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("ingest: mapping %s: %w", path, err)
	}
	return &m, nil
}

func (m *Mapping) check() error {
	switch m.Kind {
	case "", "building", "segment", "node":
	default:
		return fmt.Errorf("kind %q: want building, segment or node", m.Kind)
	}
	if m.Network != "" {
		if _, err := twin.ParseNetwork(m.Network); err != nil {
			return err
		}
	}
	for k, v := range m.NetworkValues {
		if _, err := twin.ParseNetwork(v); err != nil {
			return fmt.Errorf("network_values[%q]: %w", k, err)
		}
	}
	for _, q := range []Quantity{m.Diameter, m.Width, m.Depth, m.Elevation, m.Height, m.MinHeight} {
		if q.Property != "" {
			if _, err := unitFactorM(q.Unit); err != nil {
				return fmt.Errorf("property %q: %w", q.Property, err)
			}
		}
	}
	if m.NodeKind != "" {
		if _, err := twin.ParseNodeKind(m.NodeKind); err != nil {
			return fmt.Errorf("node_kind: %w", err)
		}
	}
	return m.checkDefaultDepths()
}

// checkDefaultDepths checks the networks and depths of DefaultDepthM and
// rewrites network synonyms ("electric") to the names defaultDepth looks up.
func (m *Mapping) checkDefaultDepths() error {
	if len(m.DefaultDepthM) == 0 {
		return nil
	}
	depths := make(map[string]float64, len(m.DefaultDepthM))
	for k, d := range m.DefaultDepthM {
		n, err := twin.ParseNetwork(k)
		if err != nil {
			return fmt.Errorf("default_depth_m[%q]: %w", k, err)
		}
		if _, dup := depths[string(n)]; dup {
			return fmt.Errorf("default_depth_m: network %s given twice", n)
		}
		if math.IsNaN(d) || d < 0 || d > twin.MaxDepthM {
			return fmt.Errorf("default_depth_m[%q]: %v m outside 0..%v m", k, d, twin.MaxDepthM)
		}
		depths[string(n)] = d
	}
	m.DefaultDepthM = depths
	return nil
}

// OrDefault returns m, or the default mapping when m is nil.
func (m *Mapping) OrDefault() *Mapping {
	if m == nil {
		return DefaultMapping()
	}
	return m
}

// DefaultMapping guesses common property names (case-insensitive): id,
// diameter (mm), material, year, status, start/end node, height (m),
// building:levels, min_height.
func DefaultMapping() *Mapping {
	return &Mapping{
		Diameter:  Quantity{Property: "diameter_mm|diameter|diam|dn", Unit: "mm"},
		Depth:     Quantity{Property: "depth_m|depth", Unit: "m"},
		Elevation: Quantity{Property: "elevation_m|elevation", Unit: "m"},
		Material:  "material|mat", InstallYear: "install_year|year|yearinstal|year_built",
		Status: "status", StartNode: "start_node|startid|from_node|from", EndNode: "end_node|endid|to_node|to",
		NetworkProperty: "network|utility", NodeKindProperty: "node_kind|kind",
		Height: Quantity{Property: "height", Unit: "m"}, MinHeight: Quantity{Property: "min_height", Unit: "m"},
		Levels: "building:levels|levels",
	}
}
