package twin_test

import (
	"errors"
	"fmt"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

func ExampleFeatureID() {
	fmt.Println(twin.FeatureID("amsterdam", "NL.IMBAG.Pand.0363100012185598"))
	// Output: amsterdam:NL.IMBAG.Pand.0363100012185598
}

func ExampleValidate() {
	pipe := &twin.UtilitySegment{
		Header:     twin.Header{ID: twin.FeatureID("pipes", "W17"), Dataset: "pipes", SourceID: "W17"},
		Network:    twin.NetworkWater,
		Centreline: []geo.Point3{{4.90, 52.37, -1.8}, {4.91, 52.37, -1.8}},
		DiameterMM: 200,
		DepthM:     1.8,
	}
	fmt.Println(twin.Validate(pipe))

	// Projected coordinates given as if they were degrees.
	pipe.Centreline[1] = geo.Point3{121000, 487000, -1.8}
	err := twin.Validate(pipe)
	fmt.Println(errors.Is(err, twin.ErrInvalidFeature))
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// twin: invalid feature: segment "W17": centreline point 1: lon/lat 121000.000000, 487000.000000 outside WGS84 range (wrong CRS?)
}
