package query

import (
	"github.com/citytwin/citytwin/twin"
)

// fieldValue returns the value of a typed field of f, else of its source
// attribute name. Unknown values (a zero install year, an empty material)
// are missing.
func fieldValue(f twin.Feature, name string) (any, bool) {
	h := f.Head()
	switch name {
	case "id":
		return h.ID, true
	case "dataset":
		return h.Dataset, true
	case "source_id":
		return h.SourceID, true
	case "kind":
		return string(f.Kind()), true
	case "layer":
		return f.Layer(), true
	}
	var v any
	switch f := f.(type) {
	case *twin.Building:
		v = buildingField(f, name)
	case *twin.UtilitySegment:
		v = segmentField(f, name)
	case *twin.UtilityNode:
		v = nodeField(f, name)
	}
	if v != nil {
		return v, true
	}
	a, ok := h.Attributes[name]
	return a, ok
}

// nonZero returns v, or nil for a zero value that means "unknown".
func nonZero[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

func buildingField(b *twin.Building, name string) any {
	switch name {
	case "base_m":
		return b.BaseM
	case "roof_m":
		return b.RoofM
	case "height_m":
		return b.HeightM()
	case "eave_m":
		return nonZero(b.EaveM)
	case "roof_shape":
		return nonZero(string(b.RoofShape))
	case "lod":
		return nonZero(b.LoD)
	case "parent":
		return nonZero(b.Parent)
	}
	return nil
}

func segmentField(s *twin.UtilitySegment, name string) any {
	switch name {
	case "network":
		return string(s.Network)
	case "status":
		return string(s.Status)
	case "material":
		return nonZero(s.Material)
	case "install_year":
		return nonZero(float64(s.InstallYear))
	case "diameter_mm":
		return nonZero(s.DiameterMM)
	case "width_mm":
		return nonZero(s.WidthMM)
	case "height_mm":
		return nonZero(s.HeightMM)
	case "depth_m":
		return s.DepthM
	case "ground_m":
		return s.GroundM
	case "vertical":
		return nonZero(string(s.Vertical))
	case "start_node":
		return nonZero(s.StartNode)
	case "end_node":
		return nonZero(s.EndNode)
	}
	return nil
}

func nodeField(n *twin.UtilityNode, name string) any {
	switch name {
	case "network":
		return string(n.Network)
	case "status":
		return string(n.Status)
	case "node_kind":
		return string(n.NodeKind)
	case "depth_m":
		return n.DepthM
	case "ground_m":
		return n.GroundM
	case "vertical":
		return nonZero(string(n.Vertical))
	case "building":
		return nonZero(n.Building)
	}
	return nil
}
