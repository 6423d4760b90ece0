package tiler

import (
	"slices"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// The EXT_structural_metadata schema of the tiles: one class per layer,
// the same properties in every tile of the layer (a property a feature
// lacks holds the noData sentinel). Names carry their units.

// Schema identity and class names.
const (
	SchemaID       = "citytwin"
	SchemaVersion  = "1.0.0"
	ClassBuilding  = "building"
	ClassUtility   = "utility"
	LayerBuildings = "buildings"
)

// noData sentinels: numbers that no real value takes. Strings use "".
const (
	NoDataFloat = -9999.0
	NoDataInt   = -1
)

// Schema implements ContentBuilder: the schema of the "buildings" layer or
// of a utility network's layer ("water", "sewer", ...); nil for any other
// layer. Each call returns a new schema the caller may change.
func (m *Mesher) Schema(layer string) *tiles.Schema {
	return LayerSchema(layer)
}

// LayerSchema returns the schema of a layer (see Mesher.Schema).
func LayerSchema(layer string) *tiles.Schema {
	s := &tiles.Schema{ID: SchemaID, Version: SchemaVersion}
	switch {
	case layer == LayerBuildings:
		s.Name = "CityTwin buildings"
		s.Classes = map[string]tiles.Class{ClassBuilding: buildingClass()}
	case slices.Contains(twin.Networks, twin.Network(layer)):
		s.Name = "CityTwin " + layer + " network"
		s.Classes = map[string]tiles.Class{ClassUtility: utilityClass()}
	default:
		return nil
	}
	return s
}

// headerProperties are the properties every class starts with.
func headerProperties() map[string]tiles.ClassProperty {
	return map[string]tiles.ClassProperty{
		"id": requiredString("Stable feature id, \"<dataset>:<source id>\": the same in the store, " +
			"query results and change events."),
		"dataset":   requiredString("Name of the dataset the feature was loaded with."),
		"source_id": requiredString("Id of the feature in its source file."),
	}
}

func buildingClass() tiles.Class {
	p := headerProperties()
	p["height_m"] = float32Prop("Height of the roof's highest point above the base, metres.")
	p["base_m"] = float32Prop("Elevation of the base (ground level), metres, in the source's vertical datum.")
	p["roof_m"] = float32Prop("Elevation of the highest roof point, metres.")
	p["eave_m"] = float32Prop("Elevation of the eaves of a pitched roof, metres.")
	p["roof_shape"] = stringProp("Roof shape as OpenStreetMap names it (flat, gabled, hipped, ...).")
	p["lod"] = stringProp("Level of detail of the source geometry (\"1\" for an extruded footprint, \"2.2\", ...).")
	p["parent"] = stringProp("Id of the building this one is a part of.")
	p["use"] = stringProp("Use or function of the building as the source gives it.")
	p["floors"] = int16Prop("Number of storeys above ground.")
	p["year"] = int16Prop("Year of construction.")
	p["address"] = stringProp("Address as the source gives it.")
	return tiles.Class{
		Name:        "Building",
		Description: "A building or building part.",
		Properties:  p,
	}
}

func utilityClass() tiles.Class {
	p := headerProperties()
	p["kind"] = requiredString("\"segment\" (a pipe, duct or cable run) or \"node\" (a manhole, valve, ...).")
	p["network"] = requiredString("Utility network: water, sewer, storm, gas, power, telecom, heating, other.")
	p["node_kind"] = stringProp("Kind of node: manhole, valve, hydrant, junction, service_connection, ...")
	p["diameter_mm"] = float32Prop("Outside diameter of a round pipe, millimetres.")
	p["width_mm"] = float32Prop("Width of a rectangular duct or trench, millimetres.")
	p["height_mm"] = float32Prop("Height of a rectangular duct, millimetres.")
	p["depth_m"] = float32Prop("Depth of the axis below the ground surface, metres (mean along a segment).")
	p["ground_m"] = float32Prop("Elevation of the ground surface above the feature, metres.")
	p["vertical"] = stringProp("Where heights come from: \"elevation\" (measured) or \"depth\" (derived from a depth).")
	p["material"] = stringProp("Material of the pipe or duct.")
	p["install_year"] = int16Prop("Year of installation.")
	p["status"] = stringProp("Life-cycle state: existing, planned or abandoned.")
	p["start_node"] = stringProp("Id of the node a segment starts at.")
	p["end_node"] = stringProp("Id of the node a segment ends at.")
	p["length_m"] = float32Prop("3D length of a segment's centreline, metres.")
	p["building"] = stringProp("Id of the building a service connection feeds.")
	return tiles.Class{
		Name:        "Utility",
		Description: "A segment or node of an underground utility network.",
		Properties:  p,
	}
}

func requiredString(desc string) tiles.ClassProperty {
	return tiles.ClassProperty{Description: desc, Type: tiles.TypeString, Required: true}
}

func stringProp(desc string) tiles.ClassProperty {
	return tiles.ClassProperty{Description: desc + " Empty when unknown.", Type: tiles.TypeString, NoData: ""}
}

func float32Prop(desc string) tiles.ClassProperty {
	return tiles.ClassProperty{Description: desc, Type: tiles.TypeScalar,
		ComponentType: tiles.ComponentFloat32, NoData: NoDataFloat}
}

func int16Prop(desc string) tiles.ClassProperty {
	return tiles.ClassProperty{Description: desc, Type: tiles.TypeScalar,
		ComponentType: tiles.ComponentInt16, NoData: NoDataInt}
}
