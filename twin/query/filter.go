package query

import (
	"math"
	"slices"
	"strings"

	"github.com/citytwin/citytwin/twin"
)

// Filters narrow the features a query considers. Empty lists match
// everything; the lists are combined with AND, the values within a list
// with OR.
type Filters struct {
	// Layers are tileset layers: "buildings", "meshes" or a network name.
	Layers []string `json:"layers,omitempty"`
	// Kinds are feature kinds: building, segment, node, mesh.
	Kinds []string `json:"kinds,omitempty"`
	// Networks keep utilities of these networks (synonyms such as
	// "sanitary" or "electric" are understood); buildings never match.
	Networks []string `json:"networks,omitempty"`
	// Statuses keep utilities with these statuses: existing, planned,
	// abandoned; buildings never match.
	Statuses []string `json:"statuses,omitempty"`
	// Datasets keep features of these datasets.
	Datasets []string `json:"datasets,omitempty"`
	// Where are attribute comparisons, all of which must hold.
	Where []Condition `json:"where,omitempty"`
	// DepthM keeps utilities whose depth below the ground (depth_m: the
	// mean for a segment, the node's own for a node) lies in the range;
	// buildings and meshes never match.
	DepthM *Range `json:"depth_m,omitempty"`
}

// Range is a closed range of numbers; a missing end is open.
type Range struct {
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
}

// matcher is Filters checked against a store's vocabulary.
type matcher struct {
	store    twin.Filter // kinds, layers, datasets: done by Store.Search
	networks []twin.Network
	statuses []twin.Status
	conds    []condition
	depthLo  float64
	depthHi  float64
	hasDepth bool
}

// compile checks the filters and returns their matcher.
func (f Filters) compile(v vocabulary) (*matcher, error) {
	m := &matcher{depthLo: math.Inf(-1), depthHi: math.Inf(1)}
	var err error
	if m.store.Kinds, err = parseKinds(f.Kinds); err != nil {
		return nil, err
	}
	if m.store.Layers, err = v.checkLayers(f.Layers); err != nil {
		return nil, err
	}
	if m.store.Datasets, err = v.checkDatasets(f.Datasets); err != nil {
		return nil, err
	}
	if m.networks, err = parseNetworks(f.Networks); err != nil {
		return nil, err
	}
	if m.statuses, err = parseStatuses(f.Statuses); err != nil {
		return nil, err
	}
	if m.conds, err = compileConditions(f.Where); err != nil {
		return nil, err
	}
	return m, m.setDepth(f.DepthM)
}

func (m *matcher) setDepth(r *Range) error {
	if r == nil {
		return nil
	}
	m.hasDepth = true
	if r.Min != nil {
		m.depthLo = *r.Min
	}
	if r.Max != nil {
		m.depthHi = *r.Max
	}
	if math.IsNaN(m.depthLo) || math.IsNaN(m.depthHi) || m.depthLo > m.depthHi {
		return badRequest("depth_m", "min %v is above max %v", m.depthLo, m.depthHi)
	}
	return nil
}

// match applies the filters Store.Search did not.
func (m *matcher) match(f twin.Feature) bool {
	if len(m.networks) > 0 || len(m.statuses) > 0 || m.hasDepth {
		net, status, depth, ok := utilityFields(f)
		if !ok || (len(m.networks) > 0 && !slices.Contains(m.networks, net)) ||
			(len(m.statuses) > 0 && !slices.Contains(m.statuses, status)) ||
			(m.hasDepth && (depth < m.depthLo || depth > m.depthHi)) {
			return false
		}
	}
	for _, c := range m.conds {
		if !c.match(f) {
			return false
		}
	}
	return true
}

// utilityFields returns the network, status and depth of a segment or node.
func utilityFields(f twin.Feature) (twin.Network, twin.Status, float64, bool) {
	switch f := f.(type) {
	case *twin.UtilitySegment:
		return f.Network, f.Status, f.DepthM, true
	case *twin.UtilityNode:
		return f.Network, f.Status, f.DepthM, true
	}
	return "", "", 0, false
}

func parseKinds(names []string) ([]twin.Kind, error) {
	known := []twin.Kind{twin.KindBuilding, twin.KindSegment, twin.KindNode, twin.KindMesh}
	var out []twin.Kind
	for _, n := range names {
		k := twin.Kind(strings.ToLower(strings.TrimSpace(n)))
		if !slices.Contains(known, k) {
			return nil, badRequest("kinds", "unknown kind %q (want building, segment, node or mesh)", n)
		}
		out = append(out, k)
	}
	return out, nil
}

func parseNetworks(names []string) ([]twin.Network, error) {
	var out []twin.Network
	for _, n := range names {
		net, err := twin.ParseNetwork(n)
		if err != nil || strings.TrimSpace(n) == "" {
			return nil, badRequest("networks", "unknown network %q (want one of %v)", n, twin.Networks)
		}
		out = append(out, net)
	}
	return out, nil
}

func parseStatuses(names []string) ([]twin.Status, error) {
	var out []twin.Status
	for _, n := range names {
		st, err := twin.ParseStatus(n)
		if err != nil || strings.TrimSpace(n) == "" {
			return nil, badRequest("statuses", "unknown status %q (want existing, planned or abandoned)", n)
		}
		out = append(out, st)
	}
	return out, nil
}
