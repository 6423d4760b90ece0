// Package tiles is a small OGC 3D Tiles 1.1 library: the tileset.json
// types and their metadata schema (reusable by EXT_structural_metadata),
// bounding volumes, implicit tiling (tile coordinates, Morton order,
// availability, the .subtree binary format, template URIs), glTF/GLB
// encoding and mesh building.
//
// It knows nothing of buildings or pipes: callers hand it meshes with
// feature ids and property tables. Geographic positions follow package
// geo (lon°, lat°, h m); 3D Tiles itself wants radians for regions and
// ECEF or local metres for boxes and spheres, and the helpers here convert.
//
// Decoders never panic on input bytes; errors are prefixed "tiles:".
package tiles
