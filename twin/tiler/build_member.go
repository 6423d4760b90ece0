package tiler

import (
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Size estimates. A tile is planned before it is meshed, from what each
// feature will roughly cost in a quantized GLB: vertices (int16 position,
// int8 normal, feature id, a share of the indices) and a property-table
// row. Calibrated on the demo district with the Mesher, they come out
// 1–1.5 times the real size; a leaf that still comes out too large is
// split after the fact.
const (
	estBytesPerVertex = 18
	estBytesPerRow    = 120
	metresPerDegree   = math.Pi * geo.WGS84A / 180
)

// memberOf describes a feature for the tree; features without finite
// bounds are left out.
func memberOf(f twin.Feature) (member, bool) {
	b := f.Bounds()
	if b.IsEmpty() || !b.Min.Finite() || !b.Max.Finite() {
		return member{}, false
	}
	return member{ID: f.Head().ID, C: b.Center(), SizeM: sizeM(f, b), Bytes: estimateBytes(f)}, true
}

// sizeM is the diagonal of the feature's bounds in metres, and at least a
// pipe's diameter.
func sizeM(f twin.Feature, b geo.Bounds3) float64 {
	lat := (b.Min[1] + b.Max[1]) / 2 * math.Pi / 180
	dx := (b.Max[0] - b.Min[0]) * metresPerDegree * math.Cos(lat)
	dy := (b.Max[1] - b.Min[1]) * metresPerDegree
	d := math.Sqrt(dx*dx + dy*dy + (b.Max[2]-b.Min[2])*(b.Max[2]-b.Min[2]))
	if s, ok := f.(*twin.UtilitySegment); ok {
		d = max(d, s.DiameterMM/1000, s.WidthMM/1000, s.HeightMM/1000)
	}
	return d
}

// estimateBytes guesses a feature's full-detail share of a GLB.
func estimateBytes(f twin.Feature) int {
	vertices := 100
	switch f := f.(type) {
	case *twin.Building:
		n, s := 0, 0
		for _, r := range f.Footprint {
			n += len(r)
		}
		for _, sf := range f.Surfaces {
			for _, r := range sf.Rings {
				s += len(r)
			}
		}
		vertices = 5*n + 2*s + 8
	case *twin.UtilitySegment:
		across := max(f.DiameterMM, f.WidthMM, f.HeightMM) / 1000 // tubes get more sides as they grow
		vertices = int(float64(len(f.Centreline)+1) * (12 + 24*min(across, 2)))
	case *twin.UtilityNode:
		vertices = 48
		switch f.NodeKind {
		case twin.NodeManhole, twin.NodeChamber, twin.NodeInlet, twin.NodeTank:
			vertices = 120
		}
	}
	return vertices*estBytesPerVertex + estBytesPerRow
}
