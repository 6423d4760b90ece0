package geo

import (
	"math"
	"testing"

	"github.com/twpayne/go-proj/v10"
)

// Published control points. Tolerances are what PROJ achieves here without
// grids: about a metre where the source datum needs a Helmert shift to WGS84
// (RD, CH1903+), a millimetre or so for pure projections on a datum PROJ
// equates with WGS84 (ETRS89, NAD83), plus the rounding of the published
// value.

// dms converts degrees, minutes, seconds to decimal degrees.
func dms(d, m, s float64) float64 { return d + m/60 + s/3600 }

// Worked example of JHS 197 annex 3 (Finnish public administration
// recommendation, "EUREF-FIN-koordinaattijärjestelmät …", liite 3): point G4
// Geta, φ = 60°23'06.38474" N, λ = 19°50'53.29237" E (EUREF-FIN = ETRS89) ↔
// ETRS-TM35FIN N = 6 715 706.37708 m, E = 106 256.35961 m. TM35FIN is UTM
// zone 35 on GRS80 (λ0 = 27°E, k0 = 0.9996, FE = 500 000 m). Transverse
// Mercator coordinates depend only on φ and λ−λ0 and scale with k0, so the
// same example holds for any zone: E = FE + k0/0.9996·(E35 − 500 000),
// N = k0/0.9996·N35 at λ = λ0 + (λG4 − 27°).
var (
	getaLat = dms(60, 23, 6.38474)
	getaDL  = dms(19, 50, 53.29237) - 27
)

const getaE, getaN = 106256.35961, 6715706.37708

// getaIn returns the Geta example in a TM zone with central meridian lon0,
// scale k0 and false easting fe, as a control point.
func getaIn(lon0, k0, fe float64) (src, want Point3) {
	s := k0 / 0.9996
	return Point3{fe + s*(getaE-500000), s * getaN, 0}, Point3{lon0 + getaDL, getaLat, 0}
}

// GeographicLib GeoConvert(1) manual, UTM/UPS input example: 33.3°N 44.4°E
// (WGS84) = "38n 444140.54 3684706.36" (zone 38, λ0 = 45°E). Shifted to
// other zones by the same λ−λ0 argument; published to 1 cm.
const geoConvE, geoConvN = 444140.54, 3684706.36

func geoConvIn(lon0 float64) (src, want Point3) {
	return Point3{geoConvE, geoConvN, 0}, Point3{lon0 - 0.6, 33.3, 0}
}

type controlPoint struct {
	name    string
	crs     string
	src     Point3 // easting, northing, height in source units
	want    Point3 // lon°, lat°, h m (WGS84 / ETRS89 / NAD83 as published)
	tolM    float64
	heightM float64 // expected output height; NaN: src height scaled by 1
}

func controlPoints() []controlPoint {
	var pts []controlPoint
	add := func(name, crs string, src, want Point3, tolM float64) {
		pts = append(pts, controlPoint{name: name, crs: crs, src: src, want: want, tolM: tolM, heightM: src[2]})
	}
	// RDNAPTRANS™2008 validation points (Kadaster / rdnap.nl): ETRS89 φ, λ
	// against RD x, y and NAP height. Without the RD correction grid PROJ
	// applies the Helmert "Amersfoort to WGS 84 (4)"; RD's own distortion
	// reaches 0.25 m and ETRS89 ≠ WGS84 by ~0.6 m today, hence 1 m.
	rd := []struct {
		name     string
		x, y, h  float64
		lat, lon float64
	}{
		{"Texel", 117380.12, 575040.34, 1, 53.160753042, 4.824761912},
		{"Noord-Groningen", 247380.56, 604580.78, 2, 53.419482050, 6.776726674},
		{"Amersfoort", 155000, 463000, 0, 52.155172897, 5.387203657},
		{"Zeeuws-Vlaanderen", 16460.91, 377380.23, 3, 51.368607152, 3.397588595},
		{"Zuid-Limburg", 182260.45, 311480.67, 200, 50.792584916, 5.773795548},
		{"Maasvlakte", 64640.89, 440700.0101, 4, 51.947393898, 4.072887101},
	}
	for _, p := range rd {
		add("RDNAPTRANS "+p.name, "EPSG:7415", Point3{p.x, p.y, p.h}, Point3{p.lon, p.lat}, 1)
		add("RDNAPTRANS "+p.name, "EPSG:28992", Point3{p.x, p.y, p.h}, Point3{p.lon, p.lat}, 1)
	}
	// RD origin, WGS84 per the approximation formulas of Schreutelkamp &
	// Strang van Hees, "Benaderingsformules voor de transformatie tussen RD-
	// en WGS84-kaartcoördinaten" (2001): x = 155 000, y = 463 000 ↔
	// φ = 52.15517440, λ = 5.38720621.
	add("RD origin (approximation formulas)", "EPSG:28992", Point3{155000, 463000, 0}, Point3{5.38720621, 52.15517440}, 1)

	// swisstopo, "Approximate formulas for the transformation between Swiss
	// projection coordinates and WGS84", numerical example: E = 2 700 000,
	// N = 1 100 000 (LV95) ↔ φ = 46°02'38.87", λ = 8°43'49.79". The
	// formulas are good to ~1 m; so is PROJ's Helmert.
	add("swisstopo example", "EPSG:2056", Point3{2700000, 1100000, 600}, Point3{dms(8, 43, 49.79), dms(46, 2, 38.87)}, 1)

	// Kentucky Single Zone (10 KAR 5:010; KYGEONET "Kentucky Single Zone
	// Coordinate System of 1983"): the grid origin 36°20'N, 85°45'W has
	// E = 4 921 250.000, N = 3 280 833.333 US survey feet. NAD83(NSRS2007)
	// to WGS84 is a null transformation in PROJ.
	pts = append(pts, controlPoint{name: "KY single zone origin", crs: "EPSG:3547",
		src: Point3{4921250, 3280833.333, 1000}, want: Point3{-85.75, dms(36, 20, 0)}, tolM: 0.001,
		heightM: 1000 * 1200.0 / 3937})

	for _, z := range []struct {
		crs        string
		lon0, k, e float64
	}{
		{"EPSG:25833", 15, 0.9996, 500000},   // ETRS89 / UTM 33N
		{"EPSG:26910", -123, 0.9996, 500000}, // NAD83 / UTM 10N
		{"EPSG:32637", 39, 0.9996, 500000},   // WGS 84 / UTM 37N
		{"EPSG:3879", 25, 1, 25500000},       // ETRS89 / GK25FIN
	} {
		src, want := getaIn(z.lon0, z.k, z.e)
		add("JHS 197 Geta", z.crs, src, want, 0.002)
		if z.crs != "EPSG:3879" { // 26° south of Finland: outside the domain check
			src, want = geoConvIn(z.lon0)
			add("GeoConvert example", z.crs, src, want, 0.01)
		}
	}

	// Geographic input passes through. EPSG Guidance Note 7-2, §2.2.1
	// (geographic/geocentric conversions) example point.
	gn := Point3{dms(2, 7, 46.38), dms(53, 48, 33.82), 73}
	add("GN 7-2 point", "EPSG:4326", gn, gn, 1e-6)
	add("GN 7-2 point", "OGC:CRS84", gn, gn, 1e-6)
	// The same example in geocentric form: X = 3 771 793.968 m,
	// Y = 140 253.342 m, Z = 5 124 304.349 m.
	pts = append(pts, controlPoint{name: "GN 7-2 geocentric", crs: "EPSG:4978",
		src: Point3{3771793.968, 140253.342, 5124304.349}, want: gn, tolM: 0.002, heightM: 73})
	return pts
}

// groundM is the horizontal distance in metres between two nearby lon/lat
// points (local spherical approximation, ample for metre tolerances).
func groundM(a, b Point3) float64 {
	const r = 6371000.0
	dn := (a[1] - b[1]) * deg * r
	de := (a[0] - b[0]) * deg * r * math.Cos(a[1]*deg)
	return math.Hypot(de, dn)
}

func TestControlPoints(t *testing.T) {
	for _, c := range controlPoints() {
		t.Run(c.crs+"/"+c.name, func(t *testing.T) {
			tr, err := NewTransformer(c.crs)
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			pts := []Point3{c.src}
			if err := tr.ToWGS84(pts); err != nil {
				t.Fatal(err)
			}
			got := pts[0]
			t.Logf("off by %.4f m", groundM(got, c.want))
			if d := groundM(got, c.want); d > c.tolM {
				t.Errorf("got lon %.9f lat %.9f, want %.9f %.9f: off by %.4f m > %g m", got[0], got[1], c.want[0], c.want[1], d, c.tolM)
			}
			if math.Abs(got[2]-c.heightM) > 1e-3 {
				t.Errorf("height %.6f m, want %.6f m", got[2], c.heightM)
			}
		})
	}
}

// TestProjectionOrigins checks the projections alone, on their own datum,
// at their defining points, where published values are exact: the error
// left in TestControlPoints is the datum shift's.
func TestProjectionOrigins(t *testing.T) {
	for _, tc := range []struct {
		name, src, geog string
		xy              Point3
		want            Point3 // lon°, lat° on the geog CRS
	}{
		// RD: Amersfoort, φ0 = 52°09'22.178", λ0 = 5°23'15.500" (Bessel),
		// x = 155 000, y = 463 000 (RDNAPTRANS constants).
		{"RD origin", "EPSG:28992", "EPSG:4289", Point3{155000, 463000}, Point3{dms(5, 23, 15.5), dms(52, 9, 22.178)}},
		// LV95: Bern old observatory, φ0 = 46°57'08.66", λ0 = 7°26'22.50"
		// (CH1903+), E = 2 600 000, N = 1 200 000 (swisstopo, "Formulas and
		// constants for the calculation of the Swiss conformal cylindrical
		// projection").
		{"LV95 origin", "EPSG:2056", "EPSG:4150", Point3{2600000, 1200000}, Point3{dms(7, 26, 22.5), dms(46, 57, 8.66)}},
		// Kentucky single zone grid origin on NAD83(NSRS2007).
		{"KY origin", "EPSG:3547", "EPSG:4759", Point3{4921250, 3280833.333}, Point3{-85.75, dms(36, 20, 0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := proj.NewContext()
			defer ctx.Destroy()
			pj, err := ctx.NewCRSToCRS(tc.src, tc.geog, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer pj.Destroy()
			norm, err := pj.NormalizeForVisualization()
			if err != nil {
				t.Fatal(err)
			}
			defer norm.Destroy()
			c, err := norm.Forward(proj.NewCoord(tc.xy[0], tc.xy[1], 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			// dms inputs are rounded to 0.0005" ≈ 1.5 cm; RD's to 0.0005" too.
			if d := groundM(Point3{c[0], c[1]}, tc.want); d > 0.02 {
				t.Errorf("got %.9f %.9f, off by %.4f m", c[0], c[1], d)
			}
		})
	}
}
