package geo

import "math"

// WGS84 ellipsoid constants.
const (
	WGS84A   = 6378137.0               // semi-major axis, metres
	WGS84F   = 1 / 298.257223563       // flattening
	wgs84E2  = WGS84F * (2 - WGS84F)   // first eccentricity squared
	wgs84B   = WGS84A * (1 - WGS84F)   // semi-minor axis, metres
	wgs84EP2 = wgs84E2 / (1 - wgs84E2) // second eccentricity squared
)

const deg = math.Pi / 180

// ToECEF converts a geographic WGS84 position (lon°, lat°, ellipsoidal
// height m) to Earth-centred Earth-fixed metres (EPSG:4978).
func ToECEF(p Point3) Point3 {
	lon, lat, h := p[0]*deg, p[1]*deg, p[2]
	sinLat, cosLat := math.Sincos(lat)
	sinLon, cosLon := math.Sincos(lon)
	n := WGS84A / math.Sqrt(1-wgs84E2*sinLat*sinLat)
	return Point3{
		(n + h) * cosLat * cosLon,
		(n + h) * cosLat * sinLon,
		(n*(1-wgs84E2) + h) * sinLat,
	}
}

// FromECEF converts Earth-centred Earth-fixed metres to WGS84 lon°, lat°,
// ellipsoidal height m: Bowring's initial latitude refined by iteration,
// with the height from h = p·cosφ + z·sinφ − a·√(1−e²sin²φ), which stays
// well conditioned at the poles. Sub-millimetre for any point within
// 10,000 km of the surface.
func FromECEF(c Point3) Point3 {
	x, y, z := c[0], c[1], c[2]
	lon := math.Atan2(y, x)
	p := math.Hypot(x, y)
	if p < 1e-9 {
		lat := math.Copysign(math.Pi/2, z)
		return Point3{lon / deg, lat / deg, math.Abs(z) - wgs84B}
	}
	theta := math.Atan2(z*WGS84A, p*wgs84B)
	st, ct := math.Sincos(theta)
	lat := math.Atan2(z+wgs84EP2*wgs84B*st*st*st, p-wgs84E2*WGS84A*ct*ct*ct)
	h := ellipsoidHeight(p, z, lat)
	for range 3 {
		sinLat := math.Sin(lat)
		n := WGS84A / math.Sqrt(1-wgs84E2*sinLat*sinLat)
		lat = math.Atan2(z*(n+h), p*(n*(1-wgs84E2)+h))
		h = ellipsoidHeight(p, z, lat)
	}
	return Point3{lon / deg, lat / deg, h}
}

// ellipsoidHeight is the height above the ellipsoid of the point at
// distance p from the axis and z from the equatorial plane, given its
// geodetic latitude.
func ellipsoidHeight(p, z, lat float64) float64 {
	sinLat, cosLat := math.Sincos(lat)
	return p*cosLat + z*sinLat - WGS84A*math.Sqrt(1-wgs84E2*sinLat*sinLat)
}
