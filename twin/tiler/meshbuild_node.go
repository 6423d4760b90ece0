package tiler

import (
	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Utility nodes: what each kind looks like. Shafts and pits reach from the
// node up to the ground (GroundM); a node whose ground is not above it
// still gets MinShaftM of shaft.
//
//	manhole             shaft: vertical cylinder, radius ManholeRadiusM
//	chamber             pit: box ChamberSideM square, from ChamberBelowM
//	                    under the node up to the ground
//	inlet               pit: box InletSideM square, node to ground (a gully)
//	hydrant             riser: cylinder HydrantRadiusM from the node to
//	                    HydrantAboveM above the ground
//	valve               octahedron, radius ValveRadiusM, at the node
//	junction, service   octahedron, radius SmallNodeRadiusM
//	connection
//	tank, pump,         box PlantSideM cube centred on the node
//	reservoir,
//	substation, other
//
// Coarse tiles keep the shafts, the chambers and the plant boxes (six-sided
// shafts); the rest is dropped.

// Node sizes, metres.
const (
	ManholeRadiusM   = 0.6
	ChamberSideM     = 1.5
	ChamberBelowM    = 0.5
	InletSideM       = 0.5
	HydrantRadiusM   = 0.1
	HydrantAboveM    = 0.75
	ValveRadiusM     = 0.2
	SmallNodeRadiusM = 0.1
	PlantSideM       = 1.5
	MinShaftM        = 0.3
)

// shapeKind is the solid a node is drawn as.
type shapeKind uint8

const (
	shapeShaft shapeKind = iota
	shapePit
	shapeRiser
	shapeOctahedron
	shapeBox
)

// nodeShape is how one node kind is drawn.
type nodeShape struct {
	kind   shapeKind
	sizeM  float64 // radius (shaft, riser, octahedron) or side (pit, box)
	belowM float64 // pit: how far the box reaches below the node
	coarse bool    // kept in coarse tiles
}

// nodeShapeFor returns the shape of a node kind.
func nodeShapeFor(k twin.NodeKind) nodeShape {
	switch k {
	case twin.NodeManhole:
		return nodeShape{kind: shapeShaft, sizeM: ManholeRadiusM, coarse: true}
	case twin.NodeChamber:
		return nodeShape{kind: shapePit, sizeM: ChamberSideM, belowM: ChamberBelowM, coarse: true}
	case twin.NodeInlet:
		return nodeShape{kind: shapePit, sizeM: InletSideM}
	case twin.NodeHydrant:
		return nodeShape{kind: shapeRiser, sizeM: HydrantRadiusM}
	case twin.NodeValve:
		return nodeShape{kind: shapeOctahedron, sizeM: ValveRadiusM}
	case twin.NodeJunction, twin.NodeService:
		return nodeShape{kind: shapeOctahedron, sizeM: SmallNodeRadiusM}
	}
	return nodeShape{kind: shapeBox, sizeM: PlantSideM, coarse: true}
}

// acrossM is the shape's horizontal width: its size when dropped.
func (s nodeShape) acrossM() float64 {
	if s.kind == shapePit || s.kind == shapeBox {
		return s.sizeM
	}
	return 2 * s.sizeM
}

// coarseErrorM is the facet error of the shape as a coarse tile draws it.
func (s nodeShape) coarseErrorM() float64 {
	if s.kind == shapeShaft || s.kind == shapeRiser {
		return facetErrorM(s.sizeM, coarseSides)
	}
	return 0
}

// node draws n; it returns false for a node a coarse tile leaves out.
func (um *utilityMesher) node(n *twin.UtilityNode, fid uint32) bool {
	shape := nodeShapeFor(n.NodeKind)
	if um.coarse && !shape.coarse {
		return false
	}
	p := um.frame.FromLLH(n.Position)
	groundZ := p[2] + n.GroundM - n.Position[2]
	dst := um.part(n.Network, n.Status, tiles.Triangles)
	opt := tiles.TubeOptions{ToleranceM: um.opts.TubeToleranceM, Caps: true, FeatureID: fid}
	if um.coarse {
		opt.Sides = coarseSides
	}
	var err error
	switch shape.kind {
	case shapeShaft:
		err = dst.AppendCylinder(p, shape.sizeM, p[2], max(groundZ, p[2]+MinShaftM), opt)
	case shapeRiser:
		err = dst.AppendCylinder(p, shape.sizeM, p[2], max(groundZ, p[2])+HydrantAboveM, opt)
	case shapePit:
		bottom := p[2] - shape.belowM
		top := max(groundZ, p[2]+MinShaftM)
		c := geo.Point3{p[0], p[1], (bottom + top) / 2}
		err = dst.AppendBox(c, shape.sizeM, shape.sizeM, top-bottom, fid)
	case shapeOctahedron:
		err = dst.AppendOctahedron(p, shape.sizeM, fid)
	default:
		err = dst.AppendBox(p, shape.sizeM, shape.sizeM, shape.sizeM, fid)
	}
	if err != nil {
		um.skipped = append(um.skipped, skipf(n.ID, "%s: %v", n.NodeKind, err))
	}
	return true
}
