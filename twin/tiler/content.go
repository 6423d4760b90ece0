package tiler

import (
	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Detail says how much of a feature a tile draws.
type Detail int

const (
	// DetailFull draws features as they are: LoD2 surfaces, extruded
	// footprints with roofs, pipes as tubes of their true diameter, nodes as
	// shafts and markers.
	DetailFull Detail = iota
	// DetailCoarse draws what a parent tile shows from afar: buildings as
	// LoD1 blocks of a simplified footprint, only the mains of a network
	// (diameter ≥ MainDiameterMM) as simplified tubes or lines, no nodes but
	// manholes.
	DetailCoarse
)

// Content is what one tile holds before GLB encoding.
type Content struct {
	// Meshes are in the tile's local ENU frame (metres, z up), one per
	// colour/material.
	Meshes []tiles.Mesh
	// Table holds one row per feature; row i is feature id i in the meshes.
	Table *tiles.PropertyTable
	// FeatureIDs lists the stable twin ids in row order.
	FeatureIDs []string
	// Bounds are the mesh bounds in the local frame (every vertex inside).
	Bounds geo.Bounds3
	// ErrorM is the geometric error of the simplification, metres (0 for
	// DetailFull).
	ErrorM float64
	// Skipped lists, one "<feature id>: <what and why>" each, the parts
	// of features that could not be meshed (a degenerate surface, a
	// footprint hole) and, as "<feature id>: no geometry", the features
	// that yielded nothing at all and have no row. The tile is built
	// without them.
	Skipped []string
}

// ContentBuilder is the contract between the tree (which features go in
// which tile, at which detail) and the meshing of features.
type ContentBuilder interface {
	// Build meshes features (all of one layer) in the ENU frame at detail.
	Build(features []twin.Feature, frame geo.ENU, detail Detail) (Content, error)
	// Schema is the EXT_structural_metadata schema of a layer's tiles.
	Schema(layer string) *tiles.Schema
}
