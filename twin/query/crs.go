package query

import (
	"errors"
	"strings"

	"github.com/citytwin/citytwin/geo"
)

// OutputCRS is the CRS of every geometry a query returns.
const OutputCRS = geo.WGS84CRS

// isWGS84 reports whether crs names WGS84 longitude, latitude (in GeoJSON
// order): "", EPSG:4326, EPSG:4979, OGC:CRS84 or OGC:CRS84h, in any of
// their spellings.
func isWGS84(crs string) bool {
	if strings.TrimSpace(crs) == "" {
		return true
	}
	name, err := geo.NormalizeCRS(crs)
	if err != nil {
		return false
	}
	switch strings.ToUpper(name) {
	case "EPSG:4326", "EPSG:4979", "OGC:CRS84", "OGC:CRS84H":
		return true
	}
	return false
}

// toWGS84 converts the positions of s in place from crs to WGS84 and
// checks that they are valid longitudes and latitudes.
func toWGS84(field, crs string, s Shape) error {
	if !isWGS84(crs) {
		t, err := geo.NewTransformer(crs)
		if err != nil {
			return badRequest("crs", "%v", trimGeo(err))
		}
		defer t.Close()
		var convErr error
		s.eachSlice(func(pts []geo.Point3) {
			if convErr == nil {
				convErr = t.ToWGS84(pts)
			}
		})
		if convErr != nil {
			return badRequest(field, "cannot convert from %s: %v", t.CRS(), trimGeo(convErr))
		}
	}
	var rangeErr error
	s.eachSlice(func(pts []geo.Point3) {
		for _, p := range pts {
			if rangeErr == nil && (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
				rangeErr = badRequest(field, "position (%g, %g) is outside longitude -180..180, latitude -90..90 "+
					"(positions are [lon, lat] in EPSG:4326 unless \"crs\" says otherwise)", p[0], p[1])
			}
		}
	})
	return rangeErr
}

// trimGeo drops the "geo: " prefix of an error for a user message.
func trimGeo(err error) string {
	msg := err.Error()
	if errors.Is(err, geo.ErrUnknownCRS) || strings.HasPrefix(msg, "geo: ") {
		msg = strings.TrimPrefix(msg, "geo: ")
	}
	return msg
}

// PointsToWGS84 converts positions given in crs ("" for EPSG:4326) to
// WGS84 in place and checks their range, for requests of other query
// packages that take WGS84 only. Errors are BadRequestErrors about field.
func PointsToWGS84(field, crs string, slices ...[]geo.Point3) error {
	s := Shape{Polygons: [][][]geo.Point3{slices}}
	return toWGS84(field, crs, s)
}
