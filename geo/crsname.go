package geo

import (
	"fmt"
	"regexp"
	"strings"
)

// Compiled once; read-only.
var (
	singleCRS = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^urn:(?:x-)?ogc:def:crs:epsg:(?:[0-9.]*:)?(\d+)$`),
		regexp.MustCompile(`(?i)^https?://www\.opengis\.net/def/crs/epsg/[0-9.]+/(\d+)$`),
		regexp.MustCompile(`(?i)^https?://www\.opengis\.net/gml/srs/epsg\.xml#(\d+)$`),
		regexp.MustCompile(`(?i)^epsg:\s*(\d+)$`),
		regexp.MustCompile(`^(\d+)$`),
	}
	compoundCRS = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^urn:(?:x-)?ogc:def:crs,crs:epsg:(?:[0-9.]*:)?(\d+),crs:epsg:(?:[0-9.]*:)?(\d+)$`),
		regexp.MustCompile(`(?i)^https?://www\.opengis\.net/def/crs-compound\?1=https?://www\.opengis\.net/def/crs/epsg/[0-9.]+/(\d+)&2=https?://www\.opengis\.net/def/crs/epsg/[0-9.]+/(\d+)$`),
		regexp.MustCompile(`(?i)^epsg:\s*(\d+)\s*\+\s*(?:epsg:)?\s*(\d+)$`),
	}
	crs84 = regexp.MustCompile(`(?i)^(?:(?:urn:ogc:def:crs:ogc:[0-9.]*:)|(?:https?://www\.opengis\.net/def/crs/ogc/[0-9.]+/)|(?:ogc:))?crs84(h?)$`)
)

// NormalizeCRS turns the common ways of naming an EPSG CRS into "EPSG:N" or
// "EPSG:H+V" for a compound CRS, and the OGC longitude-first WGS84 into
// "OGC:CRS84" (or "OGC:CRS84h"). Accepted: "EPSG:7415", "epsg:7415", a bare
// "7415", "urn:ogc:def:crs:EPSG::7415", "urn:x-ogc:def:crs:EPSG:7415",
// "https://www.opengis.net/def/crs/EPSG/0/7415",
// "http://www.opengis.net/gml/srs/epsg.xml#7415", the compound URN
// "urn:ogc:def:crs,crs:EPSG::28992,crs:EPSG::5709", the compound URL
// "http://www.opengis.net/def/crs-compound?1=…/28992&2=…/5709" and
// "EPSG:28992+5709". Other strings (WKT, PROJ strings) pass through
// unchanged, trimmed.
func NormalizeCRS(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("geo: empty CRS")
	}
	for _, re := range singleCRS {
		if m := re.FindStringSubmatch(s); m != nil {
			return "EPSG:" + m[1], nil
		}
	}
	for _, re := range compoundCRS {
		if m := re.FindStringSubmatch(s); m != nil {
			return "EPSG:" + m[1] + "+" + m[2], nil
		}
	}
	if m := crs84.FindStringSubmatch(s); m != nil {
		return "OGC:CRS84" + strings.ToLower(m[1]), nil
	}
	return s, nil
}
