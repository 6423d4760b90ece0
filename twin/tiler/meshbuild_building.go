package tiler

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Buildings. DetailFull: the LoD2 surfaces when the building has them
// (each triangulated on its own plane, flat shaded; roof surfaces in the
// roof colour), else the footprint extruded from BaseM with its roof shape
// (holes kept). A pitched roof is the roof of the footprint's minimum-area
// rectangle cut to the footprint (tiles.Extrusion): exact for rectangles;
// on an L or U the ridge may leave the footprint, and the drawn roof then
// peaks below RoofM. Footprints too irregular for a pitched roof (a
// courtyard block) and shapes the extruder lacks (dome) get a flat roof
// at RoofM, the highest roof point. DetailCoarse: see meshbuild_block.go.

// DefaultEaveFraction places the eaves of a pitched roof whose eave height
// is unknown: at this fraction of the building's height above its base.
const DefaultEaveFraction = 2.0 / 3

// roofMinUpZ is the least upward normal component of a roof triangle in
// an extrusion (walls have 0, roof slopes up to 73° qualify).
const roofMinUpZ = 0.3

// buildingMesher meshes the buildings of one tile.
type buildingMesher struct {
	opts       MesherOptions
	frame      geo.ENU
	walls      *tiles.MeshData
	roofs      *tiles.MeshData
	scratch    tiles.MeshData
	maxErrorM  float64
	skipped    []string
	drewSomeOf bool // the current building drew something
}

func (m *Mesher) buildBuildings(features []twin.Feature, frame geo.ENU, detail Detail) (Content, error) {
	var set meshSet
	bm := &buildingMesher{
		opts: m.opts, frame: frame,
		walls: set.part("buildings-walls", Linear(BuildingSRGB(false), 1), tiles.Triangles),
		roofs: set.part("buildings-roofs", Linear(BuildingSRGB(true), 1), tiles.Triangles),
	}
	var cols buildingColumns
	var c Content
	for _, f := range features {
		b, ok := f.(*twin.Building)
		if !ok {
			return Content{}, fmt.Errorf("%w: %s %s in layer %q", ErrUnsupported, f.Kind(), f.Head().ID, LayerBuildings)
		}
		fid := uint32(len(cols.id))
		bm.drewSomeOf = false
		if detail == DetailCoarse {
			bm.coarse(b, fid)
		} else {
			bm.full(b, fid)
		}
		if !bm.drewSomeOf {
			bm.skipped = append(bm.skipped, skipf(b.ID, "no geometry"))
			continue
		}
		cols.add(b)
		c.FeatureIDs = append(c.FeatureIDs, b.ID)
	}
	c.Meshes, c.Bounds = set.meshes()
	c.Table, c.ErrorM, c.Skipped = cols.table(), bm.maxErrorM, bm.skipped
	return c, nil
}

// full draws b's surfaces, or extrudes its footprint when it has none or
// none could be drawn.
func (bm *buildingMesher) full(b *twin.Building, fid uint32) {
	for k, s := range b.Surfaces {
		rings := make([][]geo.Point3, len(s.Rings))
		for r, ring := range s.Rings {
			rings[r] = localRing(bm.frame, ring)
		}
		dst := bm.walls
		if isRoofSurface(s.Type, rings) {
			dst = bm.roofs
		}
		if err := dst.AppendPolygon3D(rings, fid); err != nil {
			bm.skipped = append(bm.skipped, skipf(b.ID, "surface %d (%s): %v", k, s.Type, err))
			continue
		}
		bm.drewSomeOf = true
	}
	if bm.drewSomeOf || len(b.Footprint) == 0 {
		return
	}
	if len(b.Surfaces) > 0 {
		bm.skipped = append(bm.skipped, skipf(b.ID, "no surface drawn, footprint extruded instead"))
	}
	shape, eaveM := roofOf(b)
	bm.extrude(b, localFootprint(bm.frame, b.Footprint, b.BaseM), shape, eaveM, fid)
}

// isRoofSurface tells roof surfaces: by their semantic type when they have
// one, else by facing up.
func isRoofSurface(typ string, rings [][]geo.Point3) bool {
	if typ != "" {
		return typ == "RoofSurface"
	}
	if len(rings) == 0 {
		return false
	}
	n := tiles.NewellNormal(rings[0])
	return n[2] > roofMinUpZ*n.Norm()
}

// extrude appends the prism of a local footprint with the given roof; a
// footprint the triangulator rejects is retried without its holes.
func (bm *buildingMesher) extrude(b *twin.Building, fp [][]geo.Point3, shape tiles.RoofShape, eaveM float64, fid uint32) {
	if len(fp) == 0 {
		bm.skipped = append(bm.skipped, skipf(b.ID, "footprint has no ring"))
		return
	}
	err := bm.tryExtrude(b, fp, shape, eaveM, fid)
	if err != nil && len(fp) > 1 {
		bm.skipped = append(bm.skipped, skipf(b.ID, "footprint: %v; holes dropped", err))
		err = bm.tryExtrude(b, fp[:1], shape, eaveM, fid)
	}
	if err != nil {
		bm.skipped = append(bm.skipped, skipf(b.ID, "footprint: %v", err))
	}
}

// tryExtrude appends the prism of a local footprint (at least one ring),
// walls and roof split by colour. On error nothing is appended.
func (bm *buildingMesher) tryExtrude(b *twin.Building, fp [][]geo.Point3, shape tiles.RoofShape, eaveM float64, fid uint32) error {
	baseZ := meanZ(fp[0])
	e := tiles.Extrusion{
		Footprint: fp, BaseZ: baseZ, Roof: shape, Bottom: bm.opts.Bottoms, FeatureID: fid,
		EaveZ: baseZ + eaveM - b.BaseM, RidgeZ: baseZ + b.RoofM - b.BaseM,
	}
	if e.EffectiveRoof() == tiles.RoofFlat {
		e.EaveZ = e.RidgeZ // a flat roof is at RoofM, the highest roof point
	}
	reset(&bm.scratch)
	if err := bm.scratch.AppendExtrusion(e); err != nil {
		return err
	}
	if len(bm.scratch.Indices) > 0 {
		splitByFacing(&bm.scratch, bm.roofs, bm.walls, roofMinUpZ)
		bm.drewSomeOf = true
	}
	return nil
}

// roofOf returns the roof shape to extrude b with and the eave elevation.
// Shapes the extruder lacks (dome, unknown) are flat at RoofM.
func roofOf(b *twin.Building) (tiles.RoofShape, float64) {
	shape, ok := tiles.ParseRoofShape(string(b.RoofShape))
	if !ok || shape == tiles.RoofFlat {
		return tiles.RoofFlat, b.RoofM
	}
	eave := b.EaveM
	if eave == 0 {
		eave = b.BaseM + DefaultEaveFraction*(b.RoofM-b.BaseM)
	}
	return shape, min(max(eave, b.BaseM), b.RoofM)
}

// localFootprint converts a footprint (lon°, lat°) at elevation h to the
// frame; rings with fewer than three points are dropped.
func localFootprint(frame geo.ENU, fp orb.Polygon, h float64) [][]geo.Point3 {
	out := make([][]geo.Point3, 0, len(fp))
	for _, ring := range fp {
		if len(ring) < 3 {
			continue
		}
		loc := make([]geo.Point3, len(ring))
		for i, p := range ring {
			loc[i] = frame.FromLLH(geo.Point3{p[0], p[1], h})
		}
		out = append(out, loc)
	}
	return out
}

// meanZ is the mean z of a ring.
func meanZ(ring []geo.Point3) float64 {
	s := 0.0
	for _, p := range ring {
		s += p[2]
	}
	return s / float64(max(len(ring), 1))
}
