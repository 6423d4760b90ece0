package twin

import (
	"fmt"
	"strings"

	"github.com/citytwin/citytwin/geo"
)

// VerticalRef says where a utility's heights come from.
type VerticalRef string

const (
	// VerticalDepth: heights were derived from a depth below the ground
	// surface (DepthM), the ground being at GroundM.
	VerticalDepth VerticalRef = "depth"
	// VerticalElevation: heights are measured absolute elevations.
	VerticalElevation VerticalRef = "elevation"
)

// UtilitySegment is one pipe, duct or cable run between two nodes.
type UtilitySegment struct {
	Header
	Network Network `json:"network"`
	// Centreline is the 3D axis of the pipe (lon°, lat°, elevation m of the axis).
	Centreline []geo.Point3 `json:"centreline"`
	// DiameterMM is the outside diameter of a round pipe, millimetres; 0 if
	// the section is rectangular (WidthMM × HeightMM) or unknown.
	DiameterMM float64 `json:"diameter_mm,omitempty"`
	// WidthMM and HeightMM describe a rectangular duct or trench, millimetres.
	WidthMM  float64 `json:"width_mm,omitempty"`
	HeightMM float64 `json:"height_mm,omitempty"`
	// DepthM is the depth of the axis below the ground surface, metres
	// (the mean along the segment).
	DepthM float64 `json:"depth_m"`
	// GroundM is the elevation of the ground surface above the segment, metres.
	GroundM float64 `json:"ground_m"`
	// Vertical says whether Centreline heights were measured or derived from depth.
	Vertical    VerticalRef `json:"vertical"`
	Material    string      `json:"material,omitempty"`
	InstallYear int         `json:"install_year,omitempty"`
	Status      Status      `json:"status"`
	// StartNode and EndNode are the stable ids of the end nodes ("" if unknown).
	StartNode string `json:"start_node,omitempty"`
	EndNode   string `json:"end_node,omitempty"`
}

// Kind implements Feature.
func (s *UtilitySegment) Kind() Kind { return KindSegment }

// Head implements Feature.
func (s *UtilitySegment) Head() *Header { return &s.Header }

// Layer implements Feature.
func (s *UtilitySegment) Layer() string { return string(s.Network) }

// Bounds implements Feature; it does not include the pipe's radius.
func (s *UtilitySegment) Bounds() geo.Bounds3 {
	bb := geo.EmptyBounds()
	for _, p := range s.Centreline {
		bb = bb.Extend(p)
	}
	return bb
}

// NodeKind is what sort of point a utility node is.
type NodeKind string

// Utility node kinds.
const (
	NodeJunction   NodeKind = "junction"
	NodeManhole    NodeKind = "manhole"
	NodeValve      NodeKind = "valve"
	NodeHydrant    NodeKind = "hydrant"
	NodeService    NodeKind = "service_connection"
	NodeTank       NodeKind = "tank"
	NodePump       NodeKind = "pump"
	NodeReservoir  NodeKind = "reservoir"
	NodeInlet      NodeKind = "inlet"
	NodeChamber    NodeKind = "chamber"
	NodeSubstation NodeKind = "substation"
	NodeOther      NodeKind = "other"
)

// NodeKinds lists every node kind.
var NodeKinds = []NodeKind{NodeJunction, NodeManhole, NodeValve, NodeHydrant, NodeService,
	NodeTank, NodePump, NodeReservoir, NodeInlet, NodeChamber, NodeSubstation, NodeOther}

// ParseNodeKind maps a name (case-insensitive) to a NodeKind.
func ParseNodeKind(s string) (NodeKind, error) {
	k := NodeKind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_"))
	for _, known := range NodeKinds {
		if k == known {
			return k, nil
		}
	}
	switch k {
	case "", "node", "joint", "fitting":
		return NodeJunction, nil
	case "service", "connection", "house_connection":
		return NodeService, nil
	}
	return "", fmt.Errorf("twin: unknown node kind %q (want one of %v)", s, NodeKinds)
}

// UtilityNode is a point of a utility network: a manhole, valve, hydrant,
// junction, service connection, ...
type UtilityNode struct {
	Header
	Network  Network  `json:"network"`
	NodeKind NodeKind `json:"node_kind"`
	// Position is the node's reference point: lon°, lat°, elevation m of the
	// pipe axis at the node (the invert level plus radius for sewers).
	Position geo.Point3 `json:"position"`
	// GroundM is the ground (cover) elevation at the node, metres.
	GroundM float64 `json:"ground_m"`
	// DepthM is the depth of Position below the ground, metres.
	DepthM   float64     `json:"depth_m"`
	Vertical VerticalRef `json:"vertical"`
	Status   Status      `json:"status"`
	// Building is the stable id of the building a service connection feeds.
	Building string `json:"building,omitempty"`
}

// Kind implements Feature.
func (n *UtilityNode) Kind() Kind { return KindNode }

// Head implements Feature.
func (n *UtilityNode) Head() *Header { return &n.Header }

// Layer implements Feature.
func (n *UtilityNode) Layer() string { return string(n.Network) }

// Bounds implements Feature: the node's position and the ground above it.
func (n *UtilityNode) Bounds() geo.Bounds3 {
	bb := geo.EmptyBounds().Extend(n.Position)
	top := n.Position
	top[2] = max(n.GroundM, n.Position[2])
	return bb.Extend(top)
}
