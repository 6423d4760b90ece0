package geo

import (
	"strings"
	"testing"
)

func TestNormalizeCRS(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		wantErr        bool
	}{
		{"EPSG code", "EPSG:7415", "EPSG:7415", false},
		{"lower case", "epsg:28992", "EPSG:28992", false},
		{"space after colon", "EPSG: 28992", "EPSG:28992", false},
		{"bare number", " 2056 ", "EPSG:2056", false},
		{"URN without version", "urn:ogc:def:crs:EPSG::7415", "EPSG:7415", false},
		{"URN with version", "urn:ogc:def:crs:EPSG:6.3:25833", "EPSG:25833", false},
		{"x-ogc URN", "urn:x-ogc:def:crs:EPSG:3879", "EPSG:3879", false},
		{"OGC URL http", "http://www.opengis.net/def/crs/EPSG/0/28992", "EPSG:28992", false},
		{"OGC URL https", "https://www.opengis.net/def/crs/EPSG/0/3547", "EPSG:3547", false},
		{"GML 2 srsName", "http://www.opengis.net/gml/srs/epsg.xml#4326", "EPSG:4326", false},
		{"compound URN", "urn:ogc:def:crs,crs:EPSG::28992,crs:EPSG::5709", "EPSG:28992+5709", false},
		{"compound URN with versions", "urn:ogc:def:crs,crs:EPSG:6.12:31466,crs:EPSG:6.12:5783", "EPSG:31466+5783", false},
		{"compound URL", "http://www.opengis.net/def/crs-compound?1=http://www.opengis.net/def/crs/EPSG/0/28992&2=http://www.opengis.net/def/crs/EPSG/0/5709", "EPSG:28992+5709", false},
		{"compound plus", "epsg:2056+5728", "EPSG:2056+5728", false},
		{"compound plus twice EPSG", "EPSG:2056 + EPSG:5728", "EPSG:2056+5728", false},
		{"CRS84 URN", "urn:ogc:def:crs:OGC:1.3:CRS84", "OGC:CRS84", false},
		{"CRS84 URL", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "OGC:CRS84", false},
		{"CRS84h", "urn:ogc:def:crs:OGC::CRS84h", "OGC:CRS84h", false},
		{"PROJ string passes", " +proj=utm +zone=32 +datum=WGS84 ", "+proj=utm +zone=32 +datum=WGS84", false},
		{"WKT passes", `GEOGCS["WGS 84"]`, `GEOGCS["WGS 84"]`, false},
		{"empty", "", "", true},
		{"blank", " \t\n", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeCRS(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("NormalizeCRS(%q) error %v, want error %v", tc.in, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("NormalizeCRS(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzNormalizeCRS(f *testing.F) {
	for _, s := range []string{"EPSG:7415", "urn:ogc:def:crs,crs:EPSG::28992,crs:EPSG::5709",
		"http://www.opengis.net/def/crs/EPSG/0/28992", "CRS84", "", "+proj=longlat", "epsg:1+2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeCRS(s)
		if err != nil {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("NormalizeCRS(%q) failed on a non-blank input: %v", s, err)
			}
			return
		}
		again, err := NormalizeCRS(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q (%v)", s, got, again, err)
		}
	})
}
