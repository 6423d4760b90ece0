package geo

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	urnCRS      = regexp.MustCompile(`(?i)^urn:ogc:def:crs:epsg:[0-9.]*:(\d+)$`)
	urlCRS      = regexp.MustCompile(`(?i)^https?://www\.opengis\.net/def/crs/epsg/[0-9.]+/(\d+)$`)
	epsgCRS     = regexp.MustCompile(`(?i)^epsg:\s*(\d+)$`)
	urnCompound = regexp.MustCompile(`(?i)^urn:ogc:def:crs,crs:epsg:[0-9.]*:(\d+),crs:epsg:[0-9.]*:(\d+)$`)
)

// NormalizeCRS turns the common ways of naming an EPSG CRS ("EPSG:7415",
// "epsg:7415", "urn:ogc:def:crs:EPSG::7415", "https://www.opengis.net/def/crs/EPSG/0/7415",
// compound URNs, a bare "7415") into "EPSG:N" or "EPSG:H+V". Other strings (WKT,
// PROJ strings) pass through unchanged.
func NormalizeCRS(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("geo: empty CRS")
	}
	for _, re := range []*regexp.Regexp{urnCRS, urlCRS, epsgCRS, regexp.MustCompile(`^(\d+)$`)} {
		if m := re.FindStringSubmatch(s); m != nil {
			return "EPSG:" + m[1], nil
		}
	}
	if m := urnCompound.FindStringSubmatch(s); m != nil {
		return "EPSG:" + m[1] + "+" + m[2], nil
	}
	return s, nil
}
