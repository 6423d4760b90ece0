// Package twin is the domain and application core of CityTwin: the city
// features (Building, UtilitySegment, UtilityNode), datasets, the Store
// interface that keeps them, and the change log that incremental tiling and
// live feeds read. It knows nothing of HTTP or file formats.
//
// Units are explicit in every field name: metres (_m, M suffix), millimetres
// (MM suffix), degrees for geographic positions. Geographic positions are
// WGS84 longitude°, latitude°, height in metres (geo.Point3); heights are
// those of the source's vertical datum (see INTERNALS.md).
package twin
