package tiler

import (
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Utility networks. DetailFull: every segment as a tube of its true
// diameter around its centreline (a duct of WidthMM × HeightMM when it is
// rectangular, DefaultDiameterMM when its size is unknown, capped ends),
// every node as its shape (meshbuild_node.go). DetailCoarse: only the
// mains (isMain) with centrelines simplified by CoarseToleranceM, as
// six-sided open tubes, or as lines when thinner than the tile's error,
// and only the large nodes (manholes, chambers, plant) as coarse solids.
//
// The geometric error of a coarse tile is the largest of: the centreline
// simplification's deviation, the size across (diameter, larger duct
// side, marker width) of the largest feature dropped, and the facet error
// of the six-sided tubes and shafts. Size across, not length: a dropped
// pipe becomes invisible when its width falls below a pixel.

// coarseSides is the side count of coarse tubes and shafts.
const coarseSides = tiles.MinTubeSides

// utilityMesher meshes the utility features of one tile.
type utilityMesher struct {
	opts    MesherOptions
	frame   geo.ENU
	coarse  bool
	set     meshSet
	cols    utilityColumns
	ids     []string
	skipped []string
	// coarse only: simplified centrelines by feature index, the tile's
	// error, and the diameter below which mains are lines.
	lines     [][]geo.Point3
	errorM    float64
	lineBelow float64
}

func (m *Mesher) buildUtilities(features []twin.Feature, frame geo.ENU, detail Detail, layer string) (Content, error) {
	um := &utilityMesher{opts: m.opts, frame: frame, coarse: detail == DetailCoarse}
	if um.coarse {
		um.plan(features)
	}
	for i, f := range features {
		fid := uint32(len(um.ids))
		before := um.set.vertexCount()
		var add func()
		switch v := f.(type) {
		case *twin.UtilitySegment:
			length, keep := um.segment(v, i, fid)
			if !keep {
				continue
			}
			add = func() { um.cols.addSegment(v, length) }
		case *twin.UtilityNode:
			if !um.node(v, fid) {
				continue
			}
			add = func() { um.cols.addNode(v) }
		default:
			return Content{}, fmt.Errorf("%w: %s %s in layer %q", ErrUnsupported, f.Kind(), f.Head().ID, layer)
		}
		if um.set.vertexCount() == before {
			um.skipped = append(um.skipped, skipf(f.Head().ID, "no geometry"))
			continue
		}
		add()
		um.ids = append(um.ids, f.Head().ID)
	}
	c := Content{FeatureIDs: um.ids, ErrorM: um.errorM, Skipped: um.skipped, Table: um.cols.table(layer)}
	c.Meshes, c.Bounds = um.set.meshes()
	return c, nil
}

// plan measures a coarse tile before drawing it: it simplifies the mains'
// centrelines and finds the tile's error.
func (um *utilityMesher) plan(features []twin.Feature) {
	um.lines = make([][]geo.Point3, len(features))
	for i, f := range features {
		switch v := f.(type) {
		case *twin.UtilitySegment:
			sec := um.section(v)
			if !um.isMain(v, sec) {
				um.errorM = max(um.errorM, sec.acrossM())
				continue
			}
			line, devM := tiles.SimplifyPolyline(localRing(um.frame, v.Centreline), um.opts.CoarseToleranceM)
			if line == nil {
				line = []geo.Point3{} // kept: nil marks a dropped segment
			}
			um.lines[i] = line
			um.errorM = max(um.errorM, devM, facetErrorM(sec.acrossM()/2, coarseSides))
		case *twin.UtilityNode:
			shape := nodeShapeFor(v.NodeKind)
			if !shape.coarse {
				um.errorM = max(um.errorM, shape.acrossM())
				continue
			}
			um.errorM = max(um.errorM, shape.coarseErrorM())
		}
	}
	um.lineBelow = um.errorM
}

// section is a segment's cross-section as drawn, metres.
type section struct {
	diameterM       float64 // round; 0 for a rectangle
	widthM, heightM float64
}

func (s section) acrossM() float64 { return max(s.diameterM, s.widthM, s.heightM) }

// section returns the cross-section to draw s with: its diameter, its
// duct, the width (or height) alone as a diameter, else the default.
func (um *utilityMesher) section(s *twin.UtilitySegment) section {
	switch {
	case s.DiameterMM > 0:
		return section{diameterM: s.DiameterMM / 1000}
	case s.WidthMM > 0 && s.HeightMM > 0:
		return section{widthM: s.WidthMM / 1000, heightM: s.HeightMM / 1000}
	case s.WidthMM > 0:
		return section{diameterM: s.WidthMM / 1000}
	case s.HeightMM > 0:
		return section{diameterM: s.HeightMM / 1000}
	}
	return section{diameterM: um.opts.DefaultDiameterMM / 1000}
}

// isMain tells the segments a coarse tile keeps.
func (um *utilityMesher) isMain(s *twin.UtilitySegment, sec section) bool {
	least := um.opts.MainDiameterMM
	if s.Network == twin.NetworkSewer || s.Network == twin.NetworkStorm {
		least = um.opts.GravityMainDiameterMM
	}
	return sec.acrossM()*1000 >= least
}

// segment draws s; keep is false for a segment a coarse tile leaves out.
func (um *utilityMesher) segment(s *twin.UtilitySegment, i int, fid uint32) (lengthM float64, keep bool) {
	local := localRing(um.frame, s.Centreline)
	for k := 1; k < len(local); k++ {
		lengthM += local[k].Dist(local[k-1])
	}
	sec := um.section(s)
	opt := tiles.TubeOptions{ToleranceM: um.opts.TubeToleranceM, Joint: um.opts.Joint, Caps: true, FeatureID: fid}
	line := local
	if um.coarse {
		if um.lines[i] == nil {
			return 0, false
		}
		line, opt = um.lines[i], tiles.TubeOptions{Sides: coarseSides, Joint: um.opts.Joint, FeatureID: fid}
		if sec.acrossM() < um.lineBelow {
			um.drawLine(s, line, fid)
			return lengthM, true
		}
	}
	dst := um.part(s.Network, s.Status, tiles.Triangles)
	var err error
	if sec.diameterM > 0 {
		err = dst.AppendTube(line, sec.diameterM/2, opt)
	} else {
		err = dst.AppendDuct(line, sec.widthM, sec.heightM, opt)
	}
	if err != nil {
		um.skipped = append(um.skipped, skipf(s.ID, "centreline: %v", err))
	}
	return lengthM, true
}

// drawLine draws a coarse main as a polyline.
func (um *utilityMesher) drawLine(s *twin.UtilitySegment, line []geo.Point3, fid uint32) {
	if len(line) < 2 {
		um.skipped = append(um.skipped, skipf(s.ID, "centreline: fewer than two distinct points"))
		return
	}
	appendLine(um.part(s.Network, s.Status, tiles.Lines), line, fid)
}

// part returns the mesh of a network, status and mode: one per colour.
func (um *utilityMesher) part(n twin.Network, s twin.Status, mode tiles.MeshMode) *tiles.MeshData {
	name := string(n)
	switch s {
	case twin.StatusPlanned:
		name += "-planned"
	case twin.StatusAbandoned:
		name += "-abandoned"
	}
	if mode == tiles.Lines {
		name += "-lines"
	}
	rgb, alpha := UtilitySRGBA(n, s)
	return um.set.part(name, Linear(rgb, alpha), mode)
}

// facetErrorM is the largest distance between a regular polygon of sides
// sides inscribed in a circle of radius r and the circle.
func facetErrorM(r float64, sides int) float64 {
	return r * (1 - math.Cos(math.Pi/float64(sides)))
}
