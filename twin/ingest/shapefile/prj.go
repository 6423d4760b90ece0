package shapefile

import (
	"regexp"
	"strconv"
)

// ESRI names of common CRSs in .prj files. PROJ reads ESRI WKT too; naming
// the EPSG code gives datasets a readable CRS and PROJ its usual operation.
var (
	esriUTM = regexp.MustCompile(`^PROJCS\["(NAD_1983|WGS_1984|ETRS_1989)_UTM_Zone_(\d{1,2})([NS])"`)
	esriGeo = regexp.MustCompile(`^GEOGCS\["GCS_WGS_1984",`)
)

// declaredCRS is the CRS the .prj gives: "EPSG:N" for the ESRI names of
// UTM zones on NAD83, WGS84 and ETRS89 and for WGS84 itself, else the WKT as
// it is; "" without a .prj.
func (set *fileSet) declaredCRS() string {
	return crsFromPRJ(set.prj)
}

func crsFromPRJ(wkt string) string {
	if esriGeo.MatchString(wkt) {
		return "EPSG:4326"
	}
	m := esriUTM.FindStringSubmatch(wkt)
	if m == nil {
		return wkt
	}
	zone, _ := strconv.Atoi(m[2])
	base := map[string]int{"NAD_1983N": 26900, "WGS_1984N": 32600, "WGS_1984S": 32700, "ETRS_1989N": 25800}[m[1]+m[3]]
	if base == 0 || zone < 1 || zone > 60 || (m[1] == "NAD_1983" && zone > 23) || (m[1] == "ETRS_1989" && (zone < 28 || zone > 38)) {
		return wkt
	}
	return "EPSG:" + strconv.Itoa(base+zone)
}
