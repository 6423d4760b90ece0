package ingest

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

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

// Props gives case-insensitive access to a feature's source properties.
type Props map[string]any

// Lookup finds the first of the "|"-separated property names present
// (case-insensitive) with a non-empty value.
func (p Props) Lookup(names string) (key string, v any, ok bool) {
	if names == "" {
		return "", nil, false
	}
	for _, name := range strings.Split(names, "|") {
		if v, ok := p[name]; ok && !empty(v) {
			return name, v, true
		}
		for k, v := range p {
			if strings.EqualFold(k, name) && !empty(v) {
				return k, v, true
			}
		}
	}
	return "", nil, false
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}

// String returns the named property as text.
func (p Props) String(names string) (string, bool) {
	_, v, ok := p.Lookup(names)
	if !ok {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return fmt.Sprint(v), true
}

// Number returns the named property as a number; a present value that is
// not a number is an error.
func (p Props) Number(names string) (float64, bool, error) {
	key, v, ok := p.Lookup(names)
	if !ok {
		return 0, false, nil
	}
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case json.Number:
		var err error
		f, err = x.Float64()
		if err != nil {
			return 0, false, fmt.Errorf("property %s: %q is not a number", key, x)
		}
	case string:
		var err error
		f, err = parseNumber(x)
		if err != nil {
			return 0, false, fmt.Errorf("property %s: %q is not a number", key, x)
		}
	default:
		return 0, false, fmt.Errorf("property %s: %v is not a number", key, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, fmt.Errorf("property %s: %v is not a finite number", key, f)
	}
	return f, true, nil
}

// parseNumber reads "12", "12.5", "12,5", "12 m", "12m".
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	s = strings.TrimSpace(strings.TrimSuffix(s, "m"))
	return strconv.ParseFloat(s, 64)
}

// Metres returns the quantity converted to metres.
func (p Props) Metres(q Quantity) (float64, bool, error) {
	v, ok, err := p.Number(q.Property)
	if !ok || err != nil {
		return 0, ok, err
	}
	f, err := unitFactorM(q.Unit)
	return v * f, true, err
}

func unitFactorM(unit string) (float64, error) {
	switch strings.ToLower(unit) {
	case "m", "", "metre", "meter", "metres", "meters":
		return 1, nil
	case "mm", "millimetre", "millimeter":
		return 0.001, nil
	case "cm":
		return 0.01, nil
	case "in", "inch", "inches":
		return 0.0254, nil
	case "ft", "foot", "feet":
		return 0.3048, nil
	case "us-ft", "us_ft", "ftus", "us survey foot":
		return 1200.0 / 3937.0, nil
	}
	return 0, fmt.Errorf("unknown unit %q (want mm, cm, m, in, ft or us-ft)", unit)
}
