package geo

import (
	"math"
	"testing"
)

const usFootM = 1200.0 / 3937

// Shapefile .prj as ArcGIS writes it for Kentucky single zone in feet.
const kyESRIWKT = `PROJCS["NAD_1983_StatePlane_Kentucky_FIPS_1600_Feet",GEOGCS["GCS_North_American_1983",` +
	`DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],` +
	`UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",4921250.0],` +
	`PARAMETER["False_Northing",3280833.333333333],PARAMETER["Central_Meridian",-85.75],` +
	`PARAMETER["Standard_Parallel_1",37.08333333333334],PARAMETER["Standard_Parallel_2",38.66666666666666],` +
	`PARAMETER["Latitude_Of_Origin",36.33333333333334],UNIT["Foot_US",0.3048006096012192]]`

const rdWKT = `PROJCS["Amersfoort / RD New",
    GEOGCS["Amersfoort",
        DATUM["Amersfoort",SPHEROID["Bessel 1841",6377397.155,299.1528128],
            TOWGS84[565.2369,50.0087,465.658,-0.406857,0.350733,-1.87035,4.0812]],
        PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],
    PROJECTION["Oblique_Stereographic"],
    PARAMETER["latitude_of_origin",52.15616055555555],PARAMETER["central_meridian",5.38763888888889],
    PARAMETER["scale_factor",0.9999079],PARAMETER["false_easting",155000],PARAMETER["false_northing",463000],
    UNIT["metre",1]]`

func TestVerticalUnits(t *testing.T) {
	for _, tc := range []struct {
		name        string
		crs         string
		p           Point3 // a valid source point with z = 1000 units
		unitM, hUM  float64
		compound, v bool
	}{
		{"KY single zone ftUS, 2D: heights in the horizontal unit", "EPSG:3547", Point3{4921250, 3280833.333, 1000}, usFootM, usFootM, false, false},
		{"KY ftUS + NAVD88 height ftUS", "EPSG:3547+6360", Point3{4921250, 3280833.333, 1000}, usFootM, usFootM, true, true},
		{"UTM 10N metres + NAVD88 height ftUS", "EPSG:26910+6360", Point3{geoConvE, geoConvN, 1000}, usFootM, 1, true, true},
		{"Arizona Central ft + NAVD88 ft", "EPSG:8701", Point3{700000, 200000, 1000}, 0.3048, 0.3048, true, true},
		{"PROJ string, 3D ftUS (PROJ converts itself)", "+proj=utm +zone=10 +datum=NAD83 +units=us-ft +vunits=us-ft", Point3{1640416, 13123333, 1000}, usFootM, usFootM, false, true},
		{"PROJ string, 2D ftUS", "+proj=utm +zone=10 +datum=NAD83 +units=us-ft +type=crs", Point3{1640416, 13123333, 1000}, usFootM, usFootM, false, false},
		{"ESRI .prj WKT, Kentucky ftUS", kyESRIWKT, Point3{4921250, 3280833.333, 1000}, usFootM, usFootM, false, false},
		{"multi-line WKT, RD New", rdWKT, Point3{155000, 463000, 1000}, 1, 1, false, false},
		{"RD New + NAP", "EPSG:7415", Point3{155000, 463000, 1000}, 1, 1, true, true},
		{"RD New", "EPSG:28992", Point3{155000, 463000, 1000}, 1, 1, false, false},
		{"LUREF 3D", "EPSG:9895", Point3{80000, 100000, 1000}, 1, 1, false, true},
		{"NAD83(2011) lon/lat + NAVD88 height ftUS", "EPSG:6318+6360", Point3{-85, 37, 1000}, usFootM, 0, true, true},
		{"WGS 84 2D", "EPSG:4326", Point3{5, 52, 1000}, 1, 0, false, false},
		{"WGS 84 3D", "EPSG:4979", Point3{5, 52, 1000}, 1, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := mustTransformer(t, tc.crs)
			if !closeRel(tr.VerticalUnitM(), tc.unitM) || math.Abs(tr.HorizontalUnitM()-tc.hUM) > 1e-9 {
				t.Errorf("units: vertical %v horizontal %v, want %v %v", tr.VerticalUnitM(), tr.HorizontalUnitM(), tc.unitM, tc.hUM)
			}
			if tr.IsCompound() != tc.compound || tr.HasVertical() != tc.v {
				t.Errorf("IsCompound %v HasVertical %v, want %v %v", tr.IsCompound(), tr.HasVertical(), tc.compound, tc.v)
			}
			pts := []Point3{tc.p}
			if err := tr.ToWGS84(pts); err != nil {
				t.Fatal(err)
			}
			if want := 1000 * tc.unitM; math.Abs(pts[0][2]-want) > 1e-6 {
				t.Errorf("height %.6f m, want %.6f m", pts[0][2], want)
			}
		})
	}
}

func TestDescribeCRS(t *testing.T) {
	for _, tc := range []struct {
		crs         string
		kind, horiz CRSKind
		area        bool
	}{
		{"EPSG:4326", KindGeographic, KindGeographic, true},
		{"EPSG:28992", KindProjected, KindProjected, true},
		{"urn:ogc:def:crs:EPSG::7415", KindCompound, KindProjected, true},
		{"EPSG:25833+5783", KindCompound, KindProjected, true},
		{"EPSG:4978", KindGeocentric, KindGeocentric, true},
		{"EPSG:5709", KindVertical, KindVertical, true},
		{"+proj=sterea +lat_0=52.156 +lon_0=5.387 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.2,50.0,465.6,0,0,0,0", KindProjected, KindProjected, false},
	} {
		t.Run(tc.crs, func(t *testing.T) {
			info, err := DescribeCRS(tc.crs)
			if err != nil {
				t.Fatal(err)
			}
			if info.Kind != tc.kind || info.Horizontal != tc.horiz || info.Area.Known != tc.area {
				t.Errorf("got %v/%v area %v, want %v/%v area %v", info.Kind, info.Horizontal, info.Area.Known, tc.kind, tc.horiz, tc.area)
			}
		})
	}
}

func TestAreaNear(t *testing.T) {
	fiji := AreaOfUse{West: 176, South: -20, East: -178, North: -12, Known: true} // across 180°
	rd := AreaOfUse{West: 3.2, South: 50.75, East: 7.22, North: 53.7, Known: true}
	for _, tc := range []struct {
		name     string
		a        AreaOfUse
		lon, lat float64
		want     bool
	}{
		{"inside", rd, 5, 52, true},
		{"within margin", rd, -10, 40, true},
		{"too far south", rd, 5, 21, false},
		{"too far east", rd, 134, 52, false},
		{"across antimeridian, inside east", fiji, 179, -16, true},
		{"across antimeridian, inside west", fiji, -179, -16, true},
		{"across antimeridian, margin", fiji, -170, -16, true},
		{"across antimeridian, far", fiji, 100, -16, false},
		{"unknown area", AreaOfUse{}, 100, 80, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Near(tc.lon, tc.lat, DomainMarginDeg); got != tc.want {
				t.Errorf("Near(%v, %v) = %v", tc.lon, tc.lat, got)
			}
		})
	}
}
