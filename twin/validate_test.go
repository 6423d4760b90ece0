package twin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

type validateCase struct {
	name string
	f    twin.Feature
	// want lists substrings of the error; none means the feature is valid.
	want []string
}

func TestValidate(t *testing.T) {
	var cases []validateCase
	cases = append(cases, buildingCases()...)
	cases = append(cases, segmentCases()...)
	cases = append(cases, nodeCases()...)
	cases = append(cases, validateCase{"unsupported type", &meshStub{header("m1")}, []string{"unsupported feature type"}})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := twin.Validate(tc.f)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate: nil, want an error with %q", tc.want)
			}
			if !errors.Is(err, twin.ErrInvalidFeature) {
				t.Errorf("error %q does not wrap ErrInvalidFeature", err)
			}
			want := append([]string{string(tc.f.Kind())}, tc.want...)
			if id := tc.f.Head().SourceID; id != "" {
				want = append(want, `"`+id+`"`)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// b returns validBuilding changed by edit.
func b(edit func(*twin.Building)) *twin.Building {
	v := validBuilding()
	edit(v)
	return v
}

// sb returns validSurfaceBuilding changed by edit.
func sb(edit func(*twin.Building)) *twin.Building {
	v := validSurfaceBuilding()
	edit(v)
	return v
}

func buildingCases() []validateCase {
	a, c, d := geo.Point3{4.9, 52.3, 1}, geo.Point3{4.901, 52.3, 1}, geo.Point3{4.901, 52.301, 1}
	open := orb.Ring{{4.9, 52.3}, {4.901, 52.3}, {4.901, 52.301}}
	return []validateCase{
		{"building closed footprint", validBuilding(), nil},
		{"building open footprint", b(func(v *twin.Building) { v.Footprint = orb.Polygon{open} }), nil},
		{"building with hole", b(func(v *twin.Building) { v.Footprint = append(v.Footprint, rect(4.9002, 52.3002, 4.9005, 52.3005)) }), nil},
		{"building open surface rings", validSurfaceBuilding(), nil},
		{"building closed surface ring", sb(func(v *twin.Building) { v.Surfaces[0].Rings[0] = []geo.Point3{a, c, d, a} }), nil},
		{"building flat roof on ground", b(func(v *twin.Building) { v.RoofM = v.BaseM }), nil},
		{"building extreme but plausible heights", b(func(v *twin.Building) { v.BaseM, v.RoofM = twin.MinElevationM, twin.MaxElevationM }), nil},
		{"missing id", b(func(v *twin.Building) { v.ID = "" }), []string{"missing id or dataset"}},
		{"missing source id", b(func(v *twin.Building) { v.SourceID = "" }), []string{"missing id or dataset"}},
		{"missing dataset", b(func(v *twin.Building) { v.Dataset = "" }), []string{"missing id or dataset"}},
		{"no geometry", b(func(v *twin.Building) { v.Footprint = nil }), []string{"no footprint and no surfaces"}},
		{"NaN lon", b(func(v *twin.Building) { v.Footprint[0][2][0] = nan }), []string{"footprint ring 0", "point 2", "not a finite number"}},
		{"infinite lat", b(func(v *twin.Building) { v.Footprint[0][1][1] = inf }), []string{"point 1", "not a finite number"}},
		{"lon beyond 180", b(func(v *twin.Building) { v.Footprint[0][0][0] = 180.5 }), []string{"outside WGS84 range"}},
		{"lat below -90", b(func(v *twin.Building) { v.Footprint[0][0][1] = -90.5 }), []string{"outside WGS84 range"}},
		{"projected metres", b(func(v *twin.Building) {
			v.Footprint = orb.Polygon{{{121000, 487000}, {121010, 487000}, {121010, 487010}, {121000, 487000}}}
		}), []string{"wrong CRS?"}},
		{"NaN base", b(func(v *twin.Building) { v.BaseM = nan }), []string{"base", "NaN"}},
		{"base below trench", b(func(v *twin.Building) { v.BaseM = -20000 }), []string{"base", "height -20000 m outside"}},
		{"roof in orbit", b(func(v *twin.Building) { v.RoofM = 400000 }), []string{"roof", "height 400000 m outside"}},
		{"infinite roof", b(func(v *twin.Building) { v.RoofM = inf }), []string{"roof", "+Inf"}},
		{"NaN eave", b(func(v *twin.Building) { v.EaveM = nan }), []string{"eave", "NaN"}},
		{"roof below base", b(func(v *twin.Building) { v.RoofM = 0.5 }), []string{"roof 0.50 m below base 1.00 m"}},
		{"two-point footprint", b(func(v *twin.Building) { v.Footprint = orb.Polygon{{{4.9, 52.3}, {4.901, 52.3}}} }), []string{"footprint ring 0", "2 points, want at least 3"}},
		{"closed two-point footprint", b(func(v *twin.Building) { v.Footprint = orb.Polygon{{{4.9, 52.3}, {4.901, 52.3}, {4.9, 52.3}}} }), []string{"degenerate: 2 distinct points"}},
		{"repeated point footprint", b(func(v *twin.Building) {
			v.Footprint = orb.Polygon{{{4.9, 52.3}, {4.9, 52.3}, {4.9, 52.3}, {4.9, 52.3}}}
		}), []string{"degenerate: 1 distinct points"}},
		{"back and forth footprint", b(func(v *twin.Building) {
			v.Footprint = orb.Polygon{{{4.9, 52.3}, {4.901, 52.3}, {4.9, 52.3}, {4.901, 52.3}, {4.9, 52.3}}}
		}), []string{"degenerate: 2 distinct points"}},
		{"degenerate hole", b(func(v *twin.Building) {
			v.Footprint = append(v.Footprint, orb.Ring{{4.9, 52.3}, {4.9, 52.3}, {4.9, 52.3}})
		}), []string{"footprint ring 1", "degenerate"}},
		{"degenerate surface ring", sb(func(v *twin.Building) { v.Surfaces[1].Rings[0] = []geo.Point3{a, c, a} }), []string{"surface 1 ring 0", "degenerate: 2 distinct points"}},
		{"short surface ring", sb(func(v *twin.Building) { v.Surfaces[0].Rings[0] = []geo.Point3{a, c} }), []string{"surface 0 ring 0", "2 points, want at least 3"}},
		{"surface point too high", sb(func(v *twin.Building) { v.Surfaces[1].Rings[0][3][2] = 9001 }), []string{"surface 1 ring 0", "point 3", "height 9001 m outside"}},
	}
}

// seg returns validSegment changed by edit.
func seg(edit func(*twin.UtilitySegment)) *twin.UtilitySegment {
	v := validSegment()
	edit(v)
	return v
}

func segmentCases() []validateCase {
	return []validateCase{
		{"segment", validSegment(), nil},
		{"segment of two points", seg(func(v *twin.UtilitySegment) { v.Centreline = v.Centreline[:2] }), nil},
		{"segment largest diameter", seg(func(v *twin.UtilitySegment) { v.DiameterMM = twin.MaxDiameterMM }), nil},
		{"segment rectangular duct", seg(func(v *twin.UtilitySegment) { v.DiameterMM, v.WidthMM, v.HeightMM = 0, 600, 400 }), nil},
		{"segment deepest", seg(func(v *twin.UtilitySegment) { v.DepthM = twin.MaxDepthM }), nil},
		{"segment above ground", seg(func(v *twin.UtilitySegment) { v.DepthM = -twin.MaxDepthM }), nil},
		{"segment missing id", seg(func(v *twin.UtilitySegment) { v.ID = "" }), []string{"missing id or dataset"}},
		{"one-point centreline", seg(func(v *twin.UtilitySegment) { v.Centreline = v.Centreline[:1] }), []string{"centreline has 1 points, want at least 2"}},
		{"empty centreline", seg(func(v *twin.UtilitySegment) { v.Centreline = nil }), []string{"centreline has 0 points"}},
		{"NaN centreline", seg(func(v *twin.UtilitySegment) { v.Centreline[1][2] = nan }), []string{"centreline point 1", "not a finite number"}},
		{"centreline lon out of range", seg(func(v *twin.UtilitySegment) { v.Centreline[2][0] = -181 }), []string{"centreline point 2", "outside WGS84 range"}},
		{"centreline absurd height", seg(func(v *twin.UtilitySegment) { v.Centreline[0][2] = -13000 }), []string{"centreline point 0", "height -13000 m"}},
		{"negative diameter", seg(func(v *twin.UtilitySegment) { v.DiameterMM = -1 }), []string{"diameter -1 mm out of range 0..10000"}},
		{"huge diameter", seg(func(v *twin.UtilitySegment) { v.DiameterMM = 300000 }), []string{"diameter 300000 mm out of range"}},
		{"NaN diameter", seg(func(v *twin.UtilitySegment) { v.DiameterMM = nan }), []string{"diameter NaN mm"}},
		{"huge width", seg(func(v *twin.UtilitySegment) { v.WidthMM = 10001 }), []string{"width 10001 mm"}},
		{"infinite height", seg(func(v *twin.UtilitySegment) { v.HeightMM = inf }), []string{"height +Inf mm"}},
		{"first bad size named", seg(func(v *twin.UtilitySegment) { v.DiameterMM, v.WidthMM, v.HeightMM = -1, -2, -3 }), []string{"diameter -1 mm"}},
		{"too deep", seg(func(v *twin.UtilitySegment) { v.DepthM = 1000.5 }), []string{"depth 1000.5 m outside ±1000 m"}},
		{"too high above ground", seg(func(v *twin.UtilitySegment) { v.DepthM = -1001 }), []string{"depth -1001 m"}},
		{"NaN depth", seg(func(v *twin.UtilitySegment) { v.DepthM = nan }), []string{"depth NaN m"}},
		{"NaN ground", seg(func(v *twin.UtilitySegment) { v.GroundM = nan }), []string{"ground", "NaN"}},
	}
}

// nd returns validNode changed by edit.
func nd(edit func(*twin.UtilityNode)) *twin.UtilityNode {
	v := validNode()
	edit(v)
	return v
}

func nodeCases() []validateCase {
	return []validateCase{
		{"node", validNode(), nil},
		{"node missing dataset", nd(func(v *twin.UtilityNode) { v.Dataset = "" }), []string{"missing id or dataset"}},
		{"node NaN position", nd(func(v *twin.UtilityNode) { v.Position[0] = nan }), []string{"position", "not a finite number"}},
		{"node lat beyond 90", nd(func(v *twin.UtilityNode) { v.Position[1] = 95 }), []string{"position", "outside WGS84 range"}},
		{"node absurd height", nd(func(v *twin.UtilityNode) { v.Position[2] = 1e6 }), []string{"position", "height 1e+06 m"}},
		{"node too deep", nd(func(v *twin.UtilityNode) { v.DepthM = 2000 }), []string{"depth 2000 m"}},
		{"node infinite ground", nd(func(v *twin.UtilityNode) { v.GroundM = -inf }), []string{"ground", "-Inf"}},
	}
}
