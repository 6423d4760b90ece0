package geo

import (
	"fmt"
	"math"
	"testing"
)

// EPSG Guidance Note 7-2 (IOGP Publication 373-7-2), §2.2.1, example for
// method 9602 (geographic/geocentric conversions) on WGS 84:
// φ = 53°48'33.820"N, λ = 2°07'46.380"E, h = 73.000 m ↔
// X = 3 771 793.968 m, Y = 140 253.342 m, Z = 5 124 304.349 m.
var (
	gn72LLH  = Point3{dms(2, 7, 46.38), dms(53, 48, 33.82), 73}
	gn72ECEF = Point3{3771793.968, 140253.342, 5124304.349}
)

func TestToECEF(t *testing.T) {
	for _, tc := range []struct {
		name string
		llh  Point3
		want Point3
		tolM float64
	}{
		{"GN 7-2 example", gn72LLH, gn72ECEF, 0.001}, // published to the millimetre
		{"equator, Greenwich", Point3{0, 0, 0}, Point3{WGS84A, 0, 0}, 1e-9},
		{"equator, 90°E, 100 m up", Point3{90, 0, 100}, Point3{0, WGS84A + 100, 0}, 1e-9},
		{"north pole", Point3{0, 90, 0}, Point3{0, 0, wgs84B}, 1e-9},
		{"south pole, 10 m down", Point3{45, -90, -10}, Point3{0, 0, -wgs84B + 10}, 1e-9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ToECEF(tc.llh)
			if d := got.Dist(tc.want); d > tc.tolM {
				t.Errorf("ToECEF(%v) = %.4f, want %.4f (off %.2g m)", tc.llh, got, tc.want, d)
			}
		})
	}
}

func TestFromECEFPublished(t *testing.T) {
	got := FromECEF(gn72ECEF)
	if d := groundM(got, gn72LLH); d > 0.001 || math.Abs(got[2]-gn72LLH[2]) > 0.001 {
		t.Errorf("FromECEF(GN 7-2) = %.9f, want %.9f", got, gn72LLH)
	}
}

// TestFromECEFAccuracy round-trips latitudes from pole to pole and heights
// from the deep ocean to geostationary orbit; the error is expressed in
// metres along the meridian and the normal.
func TestFromECEFAccuracy(t *testing.T) {
	lats := []float64{-90, -89.999999, -75, -45, -10, -1e-9, 0, 1e-9, 12.5, 45, 52.155, 66.5, 89.99, 89.9999999, 90}
	heights := []float64{-11000, -100, 0, 8848, 400e3, 1e7, 35786e3}
	for _, h := range heights {
		for _, lat := range lats {
			t.Run(fmt.Sprintf("lat %g h %g", lat, h), func(t *testing.T) {
				for _, lon := range []float64{-179.9, -33, 0, 5.387, 120, 180} {
					want := Point3{lon, lat, h}
					got := FromECEF(ToECEF(want))
					latErrM := math.Abs(got[1]-lat) * deg * (WGS84A + h)
					lonErrM := math.Abs(math.Remainder(got[0]-lon, 360)) * deg * (WGS84A + h) * math.Cos(lat*deg)
					if math.Abs(lat) == 90 {
						lonErrM = 0 // longitude is arbitrary at the pole
					}
					tol := 1e-4 // 0.1 mm
					if h > 1e7 {
						tol = 1e-3 // beyond the documented range
					}
					if latErrM > tol || lonErrM > tol || math.Abs(got[2]-h) > tol {
						t.Errorf("lon %g: got %.12f, errors lat %.2g m lon %.2g m h %.2g m", lon, got, latErrM, lonErrM, got[2]-h)
					}
				}
			})
		}
	}
}

// TestFromECEFMatchesPROJ compares with PROJ's EPSG:4978 → EPSG:4326, an
// independent implementation.
func TestFromECEFMatchesPROJ(t *testing.T) {
	tr := mustTransformer(t, "EPSG:4978")
	for _, c := range []Point3{gn72ECEF, {6378137, 0, 0}, {-2694044.4111565403, -4266368.805493665, 3888310.5880000000}, {1e3, 2e3, 6356752.3}, ToECEF(Point3{45, -19.6, 3000})} {
		t.Run(fmt.Sprintf("%.0f", c), func(t *testing.T) {
			pts := []Point3{c}
			if err := tr.ToWGS84(pts); err != nil {
				t.Fatal(err)
			}
			got := FromECEF(c)
			if d := groundM(got, pts[0]); d > 1e-4 || math.Abs(got[2]-pts[0][2]) > 1e-4 {
				t.Errorf("FromECEF %.10f, PROJ %.10f", got, pts[0])
			}
		})
	}
}

// TestFromECEFResidual checks ToECEF(FromECEF(c)) == c for arbitrary
// positions, deep inside the Earth included (where PROJ's own conversion
// drifts by tenths of a millimetre).
func TestFromECEFResidual(t *testing.T) {
	for _, c := range []Point3{{4e6, 4e6, -2e6}, {1e5, -1e5, 3e5}, {-3e7, 1e7, 2e7}, {6378137, 1, -1}, {0.5, 0, 6356752}} {
		t.Run(fmt.Sprintf("%.0f", c), func(t *testing.T) {
			if r := ToECEF(FromECEF(c)).Dist(c); r > 1e-6 {
				t.Errorf("residual %.3g m", r)
			}
		})
	}
}
