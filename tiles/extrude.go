package tiles

import (
	"errors"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Extrusion of building footprints: vertical walls from a base height to
// the roof, a flat or pitched roof, an optional bottom.

// RoofShape selects the roof of an extrusion. The names follow the
// OpenStreetMap roof:shape values.
type RoofShape uint8

const (
	// RoofFlat is a horizontal roof at EaveZ.
	RoofFlat RoofShape = iota
	// RoofGabled has two slopes meeting at a ridge along the long axis of
	// the footprint's minimum-area rectangle, with vertical gable walls at
	// the short ends.
	RoofGabled
	// RoofHipped has four slopes of equal pitch: two trapezoids along the
	// long sides, two triangles at the ends, a ridge shorter than the
	// building by its width.
	RoofHipped
	// RoofPyramidal has four triangular slopes meeting at an apex over the
	// rectangle's centre.
	RoofPyramidal
	// RoofSkillion is one slope across the short axis, rising from EaveZ
	// on one long side (right of Axis) to RidgeZ on the other.
	RoofSkillion
)

// String returns the OSM name of the shape.
func (r RoofShape) String() string {
	switch r {
	case RoofFlat:
		return "flat"
	case RoofGabled:
		return "gabled"
	case RoofHipped:
		return "hipped"
	case RoofPyramidal:
		return "pyramidal"
	case RoofSkillion:
		return "skillion"
	}
	return fmt.Sprintf("RoofShape(%d)", uint8(r))
}

// ParseRoofShape returns the shape named s (an OSM roof:shape value among
// flat, gabled, hipped, pyramidal, skillion); ok is false for any other.
func ParseRoofShape(s string) (r RoofShape, ok bool) {
	for r := RoofFlat; r <= RoofSkillion; r++ {
		if s == r.String() {
			return r, true
		}
	}
	return RoofFlat, false
}

// PitchedMinFill is the least fraction of its minimum-area rectangle a
// footprint must cover to get a pitched roof; a more irregular footprint
// (a thin L, a U, a ring of buildings) gets a flat roof instead.
const PitchedMinFill = 0.5

// Extrusion describes a prism over a footprint. A pitched roof is built as
// the roof of the footprint's minimum-area rectangle (MinAreaRect), cut to
// the footprint: exact for rectangles; for other footprints the walls rise
// to meet that roof, so a roof edge over a notch or a courtyard wall is a
// gable. Footprints covering less than PitchedMinFill of the rectangle
// fall back to RoofFlat (see EffectiveRoof).
type Extrusion struct {
	// Footprint is the outer ring then holes, local metres (x east, y
	// north); z is ignored. Rings may be open or closed, either winding.
	Footprint [][]geo.Point3
	// BaseZ is the bottom of the walls.
	BaseZ float64
	// EaveZ is the top of the walls: the height of a flat roof, the
	// lowest edge of a pitched one.
	EaveZ float64
	// RidgeZ is the top of a pitched roof (ridge or apex). A RidgeZ not
	// above EaveZ gives a flat roof.
	RidgeZ float64
	// Roof is the roof shape.
	Roof RoofShape
	// Bottom adds a floor at BaseZ facing down.
	Bottom bool
	// FeatureID is given to every vertex.
	FeatureID uint32
}

// ErrInvalidExtrusion is wrapped by AppendExtrusion for bad heights or an
// unknown roof shape; footprint errors wrap the Triangulate errors.
var ErrInvalidExtrusion = errors.New("tiles: invalid extrusion")

// check validates the heights and the roof shape.
func (e *Extrusion) check() error {
	for _, z := range []float64{e.BaseZ, e.EaveZ, e.RidgeZ} {
		if math.IsNaN(z) || math.IsInf(z, 0) {
			return fmt.Errorf("%w: height is not a finite number", ErrInvalidExtrusion)
		}
	}
	if e.BaseZ > e.EaveZ {
		return fmt.Errorf("%w: base %g m above eave %g m", ErrInvalidExtrusion, e.BaseZ, e.EaveZ)
	}
	if e.Roof > RoofSkillion {
		return fmt.Errorf("%w: unknown roof shape %d", ErrInvalidExtrusion, e.Roof)
	}
	return nil
}

// EffectiveRoof returns the roof AppendExtrusion builds: Roof, or RoofFlat
// when RidgeZ is not above EaveZ or the footprint fills less than
// PitchedMinFill of its minimum-area rectangle.
func (e *Extrusion) EffectiveRoof() RoofShape {
	_, shape := e.roofRect()
	return shape
}

// roofRect returns the rectangle a pitched roof is built on and the roof
// shape to build.
func (e *Extrusion) roofRect() (OrientedRect, RoofShape) {
	if e.Roof == RoofFlat || !(e.RidgeZ > e.EaveZ) || len(e.Footprint) == 0 {
		return OrientedRect{}, RoofFlat
	}
	r, ok := MinAreaRect(e.Footprint[0])
	if !ok || !(r.HalfWidth > 0) || geo.PolygonArea(e.Footprint) < PitchedMinFill*r.Area() {
		return OrientedRect{}, RoofFlat
	}
	return r, e.Roof
}

// AppendExtrusion builds the prism e and appends it to m: walls (flat
// shaded, one quad per footprint edge and roof slope, normals outward,
// also into courtyards), the roof (normals up) and, if asked, the bottom.
// Every vertex lies inside the footprint's prism from BaseZ to
// max(EaveZ, RidgeZ). On error m is unchanged.
func (m *MeshData) AppendExtrusion(e Extrusion) error {
	if err := e.check(); err != nil {
		return err
	}
	p, tris, err := triangulatePolygon(nil, e.Footprint)
	if err != nil {
		return err
	}
	rect, shape := e.roofRect()
	planes := roofPlanes(shape, rect, e.EaveZ, e.RidgeZ)
	m.appendRoof(p, tris, planes, e.FeatureID)
	m.appendWalls(p, planes, e.BaseZ, e.FeatureID)
	if e.Bottom {
		m.appendBottom(p, tris, e.BaseZ, e.FeatureID)
	}
	return nil
}

// appendWalls adds the walls of every ring, outer counter-clockwise and
// holes clockwise so that the right-hand side of each edge is outside.
func (m *MeshData) appendWalls(p *triPolygon, planes []roofPlane, baseZ float64, fid uint32) {
	var ts []float64
	for r, idx := range p.rings {
		forward := (r == 0) == (p.areas[r] > 0)
		for k := range idx {
			i, j := idx[k], idx[(k+1)%len(idx)]
			if !forward {
				i, j = idx[len(idx)-1-k], idx[(2*len(idx)-2-k)%len(idx)]
			}
			ts = m.appendWall(p.pts[i], p.pts[j], planes, baseZ, fid, ts[:0])
		}
	}
}

// appendWall adds the wall below edge a → b (outside on its right), split
// where the roof above it changes slope. ts is scratch space.
func (m *MeshData) appendWall(a, b geo.Point3, planes []roofPlane, baseZ float64, fid uint32, ts []float64) []float64 {
	n := geo.Point3{b[1] - a[1], a[0] - b[0], 0}
	ts = roofBreaks(a, b, planes, append(ts, 0, 1))
	at := func(t float64) (lo, hi geo.Point3) {
		q := geo.Point3{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1]), 0}
		lo, hi = q, q
		lo[2], hi[2] = baseZ, roofZ(planes, q[0], q[1])
		return lo, hi
	}
	lo0, hi0 := at(ts[0])
	for _, t := range ts[1:] {
		lo1, hi1 := at(t)
		switch {
		case hi0[2] > baseZ && hi1[2] > baseZ:
			m.addFlatQuad(lo0, lo1, hi1, hi0, n, fid)
		case hi1[2] > baseZ:
			m.addFlatTri(lo0, lo1, hi1, n, fid)
		case hi0[2] > baseZ:
			m.addFlatTri(lo0, lo1, hi0, n, fid)
		}
		lo0, hi0 = lo1, hi1
	}
	return ts
}

// appendBottom adds the footprint at baseZ facing down.
func (m *MeshData) appendBottom(p *triPolygon, tris []uint32, baseZ float64, fid uint32) {
	down := geo.Point3{0, 0, -1}
	remap := make([]uint32, len(p.pts))
	for t := 0; t+2 < len(tris); t += 3 {
		for _, i := range [3]uint32{tris[t], tris[t+2], tris[t+1]} {
			if remap[i] == 0 {
				q := p.pts[i]
				remap[i] = m.addVertex(geo.Point3{q[0], q[1], baseZ}, down, fid) + 1
			}
			m.Indices = append(m.Indices, remap[i]-1)
		}
	}
}
