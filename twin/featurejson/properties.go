package featurejson

import (
	"github.com/citytwin/citytwin/twin"
)

// SourcePrefix is put before the name of a source attribute whose name a
// typed field already uses ("material" → "source:material").
const SourcePrefix = "source:"

// Properties returns the GeoJSON properties of f: kind, layer, dataset,
// source_id, every typed field (null when unset) and every source
// attribute. The map is new; the caller may change it.
func Properties(f twin.Feature) map[string]any {
	h := f.Head()
	p := make(map[string]any, 24+len(h.Attributes))
	p["id"] = h.ID
	p["kind"] = string(f.Kind())
	p["layer"] = f.Layer()
	p["dataset"] = h.Dataset
	p["source_id"] = h.SourceID
	switch v := f.(type) {
	case *twin.Building:
		buildingProps(p, v)
	case *twin.UtilitySegment:
		segmentProps(p, v)
	case *twin.UtilityNode:
		nodeProps(p, v)
	}
	for k, v := range h.Attributes {
		if _, taken := p[k]; taken {
			k = SourcePrefix + k
		}
		p[k] = v
	}
	return p
}

func buildingProps(p map[string]any, b *twin.Building) {
	p["parent"] = orNull(b.Parent)
	p["base_m"] = b.BaseM
	p["roof_m"] = b.RoofM
	p["eave_m"] = numOrNull(b.EaveM)
	p["height_m"] = b.HeightM()
	p["roof_shape"] = orNull(string(b.RoofShape))
	p["lod"] = orNull(b.LoD)
	p["surface_count"] = len(b.Surfaces)
	var types []any
	for _, s := range b.Surfaces {
		types = append(types, s.Type)
	}
	p["surface_types"] = types // nil (null) without surfaces
	p["geometry_source"] = "footprint"
	if len(b.Surfaces) > 0 {
		p["geometry_source"] = "surfaces"
	}
}

func segmentProps(p map[string]any, s *twin.UtilitySegment) {
	p["network"] = string(s.Network)
	p["diameter_mm"] = numOrNull(s.DiameterMM)
	p["width_mm"] = numOrNull(s.WidthMM)
	p["height_mm"] = numOrNull(s.HeightMM)
	p["depth_m"] = s.DepthM
	p["ground_m"] = s.GroundM
	p["vertical"] = orNull(string(s.Vertical))
	p["material"] = orNull(s.Material)
	p["install_year"] = intOrNull(s.InstallYear)
	p["status"] = orNull(string(s.Status))
	p["start_node"] = orNull(s.StartNode)
	p["end_node"] = orNull(s.EndNode)
	p["point_count"] = len(s.Centreline)
}

func nodeProps(p map[string]any, n *twin.UtilityNode) {
	p["network"] = string(n.Network)
	p["node_kind"] = orNull(string(n.NodeKind))
	p["elevation_m"] = n.Position[2]
	p["ground_m"] = n.GroundM
	p["depth_m"] = n.DepthM
	p["vertical"] = orNull(string(n.Vertical))
	p["status"] = orNull(string(n.Status))
	p["building"] = orNull(n.Building)
}

// orNull is s, or nil for "".
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// numOrNull is v, or nil for 0 (the twin types' "unknown").
func numOrNull(v float64) any {
	if v == 0 {
		return nil
	}
	return v
}

func intOrNull(v int) any {
	if v == 0 {
		return nil
	}
	return v
}
