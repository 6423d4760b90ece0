package tiler

import (
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Coarse buildings: an LoD1 block, flat at RoofM, over a simplified
// outline of the footprint: the first of its minimum-area rectangle, its
// convex hull and its outer ring simplified by Douglas–Peucker that
// deviates at most FootprintToleranceM from the footprint (the simplified
// ring always does, unless it self-intersects; the footprint's own outer
// ring is the last resort). Holes (courtyards) are kept: dropping one
// would cost half its width. A building known only by its surfaces is
// outlined by the convex hull of their vertices.
//
// The coarse error of a building is the larger of the outline's deviation
// (tiles.FootprintDeviation) and the roof detail lost: RoofM − eave for a
// pitched roof, RoofM − the lowest roof point for LoD2 surfaces.

// outline is a candidate coarse outer ring and its deviation, metres.
type outline struct {
	ring []geo.Point3
	devM float64
}

// coarse draws b as an LoD1 block and records its error.
func (bm *buildingMesher) coarse(b *twin.Building, fid uint32) {
	fp := localFootprint(bm.frame, b.Footprint, b.BaseM)
	if len(fp) == 0 {
		fp = bm.surfaceHull(b)
	}
	if len(fp) == 0 {
		bm.skipped = append(bm.skipped, skipf(b.ID, "no footprint"))
		return
	}
	var lastErr error
	for _, o := range bm.outlines(fp) {
		block := append([][]geo.Point3{withZ(o.ring, fp)}, fp[1:]...)
		if len(fp) > 1 {
			o.devM = tiles.FootprintDeviation(fp, block)
		}
		if lastErr = bm.tryExtrude(b, block, tiles.RoofFlat, b.RoofM, fid); lastErr == nil {
			bm.maxErrorM = max(bm.maxErrorM, o.devM, roofLossM(b))
			return
		}
	}
	bm.skipped = append(bm.skipped, skipf(b.ID, "coarse footprint: %v", lastErr))
}

// outlines returns the candidate outer rings of a coarse block, best
// first: the simplest within FootprintToleranceM, then the outer ring
// itself should that one not triangulate.
func (bm *buildingMesher) outlines(fp [][]geo.Point3) []outline {
	tol, outer := bm.opts.FootprintToleranceM, fp[:1]
	last := outline{ring: fp[0]}
	if ring, devM, ok := tiles.SimplifyToRect(outer); ok && devM <= tol {
		return []outline{{ring, devM}, last}
	}
	if ring, devM, ok := tiles.SimplifyToHull(outer); ok && devM <= tol {
		return []outline{{ring, devM}, last}
	}
	if ring, devM := tiles.SimplifyPolyline(fp[0], tol); len(ring) >= 4 {
		return []outline{{ring, devM}, last}
	}
	return []outline{last}
}

// surfaceHull is the footprint of a building known only by its surfaces:
// the outline of all their vertices (z at the lowest).
func (bm *buildingMesher) surfaceHull(b *twin.Building) [][]geo.Point3 {
	var pts []geo.Point3
	for _, s := range b.Surfaces {
		for _, ring := range s.Rings {
			pts = bm.frame.AppendLocal(pts, ring)
		}
	}
	if len(pts) == 0 {
		return nil
	}
	lo := math.Inf(1)
	for _, p := range pts {
		lo = min(lo, p[2])
	}
	hull := tiles.ConvexHull(pts)
	if len(hull) < 3 {
		return nil
	}
	for i := range hull {
		hull[i][2] = lo
	}
	return [][]geo.Point3{hull}
}

// roofLossM is the height of roof detail an LoD1 block at RoofM loses.
func roofLossM(b *twin.Building) float64 {
	lowest := math.Inf(1)
	for _, s := range b.Surfaces {
		if s.Type != "RoofSurface" {
			continue
		}
		for _, ring := range s.Rings {
			for _, p := range ring {
				lowest = min(lowest, p[2])
			}
		}
	}
	if !math.IsInf(lowest, 1) {
		return max(b.RoofM-lowest, 0)
	}
	if shape, eave := roofOf(b); shape != tiles.RoofFlat {
		return b.RoofM - eave
	}
	return 0
}

// withZ returns a copy of ring (z 0 from the simplifiers) at the mean z of
// fp's outer ring.
func withZ(ring []geo.Point3, fp [][]geo.Point3) []geo.Point3 {
	z := meanZ(fp[0])
	out := make([]geo.Point3, len(ring))
	for i, p := range ring {
		out[i] = geo.Point3{p[0], p[1], z}
	}
	return out
}
