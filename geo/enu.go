package geo

import (
	"math"
	"slices"
)

// ENU is a local east-north-up Cartesian frame tangent to the WGS84
// ellipsoid at an origin. Coordinates in the frame are metres.
type ENU struct {
	origin     Point3 // lon°, lat°, h m
	originECEF Point3
	// rows of the rotation from ECEF offsets to east, north, up
	east, north, up Point3
}

// NewENU returns the east-north-up frame at origin (lon°, lat°, h m).
func NewENU(origin Point3) ENU {
	sinLat, cosLat := math.Sincos(origin[1] * deg)
	sinLon, cosLon := math.Sincos(origin[0] * deg)
	return ENU{
		origin:     origin,
		originECEF: ToECEF(origin),
		east:       Point3{-sinLon, cosLon, 0},
		north:      Point3{-sinLat * cosLon, -sinLat * sinLon, cosLat},
		up:         Point3{cosLat * cosLon, cosLat * sinLon, sinLat},
	}
}

// Origin returns the frame's origin as lon°, lat°, h m.
func (f ENU) Origin() Point3 { return f.origin }

// FromECEF converts an ECEF position to local east, north, up metres.
func (f ENU) FromECEF(c Point3) Point3 {
	d := Point3{c[0] - f.originECEF[0], c[1] - f.originECEF[1], c[2] - f.originECEF[2]}
	return Point3{dot(f.east, d), dot(f.north, d), dot(f.up, d)}
}

// ToECEF converts local east, north, up metres to an ECEF position.
func (f ENU) ToECEF(l Point3) Point3 {
	var c Point3
	for i := range 3 {
		c[i] = f.originECEF[i] + f.east[i]*l[0] + f.north[i]*l[1] + f.up[i]*l[2]
	}
	return c
}

// FromLLH converts a WGS84 lon°, lat°, h m position to local metres.
func (f ENU) FromLLH(p Point3) Point3 { return f.FromECEF(ToECEF(p)) }

// ToLLH converts local metres to WGS84 lon°, lat°, h m.
func (f ENU) ToLLH(l Point3) Point3 { return FromECEF(f.ToECEF(l)) }

// Matrix returns the column-major 4×4 transform from local ENU metres to
// ECEF, as 3D Tiles and glTF expect it.
func (f ENU) Matrix() [16]float64 {
	o := f.originECEF
	return [16]float64{
		f.east[0], f.east[1], f.east[2], 0,
		f.north[0], f.north[1], f.north[2], 0,
		f.up[0], f.up[1], f.up[2], 0,
		o[0], o[1], o[2], 1,
	}
}

func dot(a, b Point3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// AppendLocal converts geographic points (lon°, lat°, h m) to local metres
// in f and appends them to dst.
func (f ENU) AppendLocal(dst, llh []Point3) []Point3 {
	dst = slices.Grow(dst, len(llh))
	for _, p := range llh {
		dst = append(dst, f.FromLLH(p))
	}
	return dst
}

// ToLocal returns the ENU frame at the centre of the bounds of llh (lon°,
// lat°, h m) and the points in it, in metres. Not for sets that straddle
// the antimeridian.
func ToLocal(llh []Point3) (ENU, []Point3) {
	b := EmptyBounds()
	for _, p := range llh {
		b = b.Extend(p)
	}
	origin := Point3{}
	if !b.IsEmpty() {
		origin = b.Center()
	}
	f := NewENU(origin)
	return f, f.AppendLocal(nil, llh)
}
