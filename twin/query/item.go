package query

import (
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/featurejson"
)

// Item is one feature in a query result: its stable id (the same as in
// the tiles and the viewer), what it is, and on request its GeoJSON.
type Item struct {
	ID      string `json:"id"`
	Layer   string `json:"layer"`
	Kind    string `json:"kind"`
	Dataset string `json:"dataset"`
	// Network is set for utilities.
	Network string `json:"network,omitempty"`
	// Feature is the GeoJSON Feature (3D geometry in EPSG:4326 and every
	// property), present when the request sets include_geometry.
	Feature *featurejson.Object `json:"feature,omitempty"`
}

// newItem describes f, with its GeoJSON when withGeometry is set.
func newItem(f twin.Feature, withGeometry bool) Item {
	h := f.Head()
	it := Item{ID: h.ID, Layer: f.Layer(), Kind: string(f.Kind()), Dataset: h.Dataset}
	switch f := f.(type) {
	case *twin.UtilitySegment:
		it.Network = string(f.Network)
	case *twin.UtilityNode:
		it.Network = string(f.Network)
	}
	if withGeometry {
		obj := featurejson.Feature(f)
		it.Feature = &obj
	}
	return it
}
