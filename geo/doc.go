// Package geo holds the pure geometry of CityTwin: coordinate reference
// system transforms to WGS84 and ECEF (EPSG:4978), local east-north-up
// frames, 3D bounds, distances between 3D points and segments, and planar
// polygon measures. It does no I/O.
//
// Conventions: geographic positions are Point3{lon°, lat°, h m}, heights in
// metres; projected and local positions are Point3{x m, y m, z m}, easting
// first whatever axis order the CRS defines.
//
// Heights: there are no geoid grids, so a Transformer keeps heights in the
// source's vertical datum (NAP, NAVD88, LN02, …) and only scales them to
// metres. A 2D projected source CRS in feet (EPSG:3547) has its heights
// taken in feet too. The tiler uses these heights as if they were
// ellipsoidal: a constant offset of the geoid undulation (≈ 43 m for NAP
// in the Netherlands), harmless for relative geometry.
package geo
