// Package tiler turns the features of a twin.Store into OGC 3D Tiles 1.1:
// one tileset per layer (buildings, each utility network) under a root
// tileset, GLB content with per-feature ids (EXT_mesh_features) and
// properties (EXT_structural_metadata), hierarchical LOD with simplified
// parents, and incremental rebuilds driven by the store's change log.
//
// content.go turns a set of features into tile content (meshes and a
// property table); the tree, the build and the export live beside it.
package tiler
