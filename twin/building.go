package twin

import (
	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
)

// RoofShape is the shape of a building's roof when it is modelled from a
// footprint and heights (LoD1/LoD2 block models).
type RoofShape string

// Roof shapes, named as OpenStreetMap's roof:shape does.
const (
	RoofUnknown   RoofShape = ""
	RoofFlat      RoofShape = "flat"
	RoofGabled    RoofShape = "gabled"
	RoofHipped    RoofShape = "hipped"
	RoofPyramidal RoofShape = "pyramidal"
	RoofSkillion  RoofShape = "skillion"
	RoofDome      RoofShape = "dome"
)

// Surface is one polygon of a building's boundary with its semantic type
// (CityJSON/CityGML: RoofSurface, WallSurface, GroundSurface, ...).
// Rings[0] is the outer ring, the others holes; positions are lon°, lat°, h m.
// Surface rings are open, as CityJSON writes them (the first point is not
// repeated at the end); footprint rings are closed, as orb and GeoJSON have them.
type Surface struct {
	Type  string         `json:"type,omitempty"`
	Rings [][]geo.Point3 `json:"rings"`
}

// Building is a building or building part.
type Building struct {
	Header
	// Parent is the id of the building this one is a part of, if any.
	Parent string `json:"parent,omitempty"`
	// Footprint is the ground outline (lon°, lat°); outer ring first, then holes.
	Footprint orb.Polygon `json:"footprint"`
	// BaseM is the elevation of the footprint (ground level), metres.
	BaseM float64 `json:"base_m"`
	// RoofM is the elevation of the highest roof point, metres.
	RoofM float64 `json:"roof_m"`
	// EaveM is the elevation of the eaves for pitched roofs, metres; 0 if unknown.
	EaveM float64 `json:"eave_m,omitempty"`
	// RoofShape is the roof's shape for block models.
	RoofShape RoofShape `json:"roof_shape,omitempty"`
	// LoD is the level of detail of Surfaces ("1", "1.2", "2.2", ...), or
	// "1" for a block model extruded from a footprint and heights.
	LoD string `json:"lod"`
	// Surfaces is the boundary of the building when the source has one.
	Surfaces []Surface `json:"surfaces,omitempty"`
}

// Kind implements Feature.
func (b *Building) Kind() Kind { return KindBuilding }

// Head implements Feature.
func (b *Building) Head() *Header { return &b.Header }

// Layer implements Feature.
func (b *Building) Layer() string { return "buildings" }

// HeightM is the building's height above its base, metres.
func (b *Building) HeightM() float64 { return b.RoofM - b.BaseM }

// Bounds implements Feature.
func (b *Building) Bounds() geo.Bounds3 {
	bb := geo.EmptyBounds()
	for _, ring := range b.Footprint {
		for _, p := range ring {
			bb = bb.Extend(geo.Point3{p[0], p[1], b.BaseM})
		}
	}
	for _, s := range b.Surfaces {
		for _, ring := range s.Rings {
			for _, p := range ring {
				bb = bb.Extend(p)
			}
		}
	}
	if !bb.IsEmpty() {
		bb.Max[2] = max(bb.Max[2], b.RoofM)
		bb.Min[2] = min(bb.Min[2], b.BaseM)
	}
	return bb
}
