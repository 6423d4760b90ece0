package twin_test

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

var (
	nan = math.NaN()
	inf = math.Inf(1)
)

// header returns a complete header for source id src of dataset "d".
func header(src string) twin.Header {
	return twin.Header{ID: twin.FeatureID("d", src), Dataset: "d", SourceID: src}
}

// rect is a closed rectangular ring.
func rect(minLon, minLat, maxLon, maxLat float64) orb.Ring {
	return orb.Ring{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}
}

// validBuilding is a block building on a closed square footprint.
func validBuilding() *twin.Building {
	return &twin.Building{
		Header:    header("b1"),
		Footprint: orb.Polygon{rect(4.9, 52.3, 4.901, 52.301)},
		BaseM:     1, RoofM: 13, LoD: "1",
	}
}

// validSurfaceBuilding is a building with only boundary surfaces (open rings).
func validSurfaceBuilding() *twin.Building {
	return &twin.Building{
		Header: header("b2"),
		Surfaces: []twin.Surface{
			{Type: "GroundSurface", Rings: [][]geo.Point3{{{4.9, 52.3, 1}, {4.901, 52.3, 1}, {4.901, 52.301, 1}, {4.9, 52.301, 1}}}},
			{Type: "RoofSurface", Rings: [][]geo.Point3{{{4.9, 52.3, 13}, {4.901, 52.3, 13}, {4.901, 52.301, 13}, {4.9, 52.301, 13}}}},
		},
		BaseM: 1, RoofM: 13, LoD: "2.2",
	}
}

// validSegment is a 300 mm water main 1.8 m deep.
func validSegment() *twin.UtilitySegment {
	return &twin.UtilitySegment{
		Header:     header("s1"),
		Network:    twin.NetworkWater,
		Centreline: []geo.Point3{{4.9, 52.3, -0.8}, {4.901, 52.3, -0.9}, {4.902, 52.301, -1}},
		DiameterMM: 300, DepthM: 1.8, GroundM: 1, Vertical: twin.VerticalDepth,
		Status: twin.StatusExisting,
	}
}

// validNode is a manhole whose axis lies 3 m below a ground at 1 m.
func validNode() *twin.UtilityNode {
	return &twin.UtilityNode{
		Header:   header("n1"),
		Network:  twin.NetworkSewer,
		NodeKind: twin.NodeManhole,
		Position: geo.Point3{4.9, 52.3, -2}, GroundM: 1, DepthM: 3,
		Vertical: twin.VerticalDepth, Status: twin.StatusExisting,
	}
}

// meshStub is a Feature of a kind Validate and UnmarshalFeature do not handle.
type meshStub struct{ twin.Header }

func (m *meshStub) Kind() twin.Kind     { return twin.KindMesh }
func (m *meshStub) Head() *twin.Header  { return &m.Header }
func (m *meshStub) Bounds() geo.Bounds3 { return geo.EmptyBounds() }
func (m *meshStub) Layer() string       { return "meshes" }
