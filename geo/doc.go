// Package geo holds the pure geometry of CityTwin: coordinate reference
// system transforms to WGS84 and ECEF (EPSG:4978), local east-north-up
// frames, 3D bounds and distances. It does no I/O.
//
// Conventions: geographic positions are Point3{lon°, lat°, h m}, heights in
// metres; projected and local positions are Point3{x m, y m, z m}.
package geo
