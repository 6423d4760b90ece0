package network

import (
	"github.com/citytwin/citytwin/twin"
)

// SourceKinds are the node kinds that feed a pressure network.
var SourceKinds = []twin.NodeKind{twin.NodeReservoir, twin.NodeTank, twin.NodePump}

// closedKeys are the node attributes that can say a valve is closed.
var closedKeys = []string{"normally", "state", "position", "valve_state", "valve_status", "status", "initial_status"}

// Attribute names read for inverts, metres.
var (
	nodeInvertKeys  = []string{"invert_m", "invert_level_m", "invert"}
	startInvertKeys = []string{"invert_start_m", "us_invert_m", "upstream_invert_m"}
	endInvertKeys   = []string{"invert_end_m", "ds_invert_m", "downstream_invert_m"}
)

func newNodeInfo(n *twin.UtilityNode, vertex int32) nodeInfo {
	info := nodeInfo{id: n.ID, kind: n.NodeKind, pos: n.Position, building: n.Building, vertex: vertex}
	info.closed = n.NodeKind == twin.NodeValve && isClosed(n.Attributes)
	info.source = isSource(n)
	info.invertM, info.hasInv = firstFloat(n.Attributes, nodeInvertKeys)
	return info
}

// isClosed says whether a valve's attributes mark it closed.
func isClosed(a twin.Attributes) bool {
	for _, k := range closedKeys {
		switch attrString(a, k) {
		case "closed", "close", "shut":
			return true
		}
	}
	return false
}

// isSource says whether a node feeds its network: a reservoir, tank or pump,
// a node with attribute source true, or one with a "connection" attribute
// (a feed from a network outside the dataset, as the demo's heating routes
// have).
func isSource(n *twin.UtilityNode) bool {
	for _, k := range SourceKinds {
		if n.NodeKind == k {
			return true
		}
	}
	switch v := n.Attributes["source"].(type) {
	case bool:
		if v {
			return true
		}
	case string:
		switch attrString(n.Attributes, "source") {
		case "true", "yes", "1":
			return true
		}
	}
	return attrString(n.Attributes, "connection") != ""
}

func firstFloat(a twin.Attributes, keys []string) (float64, bool) {
	for _, k := range keys {
		if v, ok := attrFloat(a, k); ok {
			return v, true
		}
	}
	return 0, false
}
