// Package query answers CityTwin's planning queries over a twin.Store:
// features in an area (Area), utilities and buildings near a probe
// (Proximity) and statistics of an area (Stats). It also holds what every
// query shares: decoding a JSON request strictly, parsing and validating
// GeoJSON geometry, converting it from a request CRS to WGS84, filters, the
// limits that keep a query bounded (area, distance, result cap, deadline)
// and the BadRequestError that the HTTP layer maps to 400 and the CLI to
// exit status 2.
//
// Geometry is compared in WGS84: lon°, lat° for the exact 2D tests of
// Area and Stats, a local east-north-up frame in metres around the probe
// for Proximity and for lengths and areas. Heights are absolute, in the
// store's vertical datum. Results are always in EPSG:4326 and say so.
package query
