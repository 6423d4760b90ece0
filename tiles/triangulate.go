package tiles

import (
	"errors"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Errors returned (wrapped) by Triangulate, TriangulatePlanar and the mesh
// builders that triangulate.
var (
	// ErrDegeneratePolygon: too few distinct points, no area, or a
	// coordinate that is not a finite number.
	ErrDegeneratePolygon = errors.New("tiles: degenerate polygon")
	// ErrSelfIntersecting: edges of the polygon (of one ring or of two)
	// cross or overlap.
	ErrSelfIntersecting = errors.New("tiles: self-intersecting polygon")
	// ErrHoleOutside: a hole is not inside the outer ring, or lies inside
	// another hole.
	ErrHoleOutside = errors.New("tiles: hole outside its polygon")
	// ErrTriangulation: the ear clipper could not cover the polygon (a
	// safety net: the output would not have conserved the area).
	ErrTriangulation = errors.New("tiles: triangulation failed")
)

// triRelTol is the relative tolerance of the area check on the output.
const triRelTol = 1e-9

// Triangulate triangulates a planar polygon by ear clipping, holes joined
// to the outer ring by bridges. rings holds the outer ring first, then the
// holes; x and y are read, z is ignored. A ring may be open or closed (last
// point repeating the first) and run either way round. Duplicate points,
// collinear runs and zero-width spikes are tolerated; a degenerate ring
// (fewer than three distinct points) that is a hole is skipped.
//
// The result indexes FlattenRings(rings), the rings concatenated as given,
// three indices per triangle, every triangle counter-clockwise in x, y
// (positive area). Their areas sum to the outer ring's area minus the
// holes' areas (up to rounding); input that would break this, such as
// crossing edges or a hole outside the outer ring, returns an error
// wrapping ErrSelfIntersecting, ErrHoleOutside or ErrDegeneratePolygon.
func Triangulate(rings [][]geo.Point3) ([]uint32, error) {
	return TriangulateAppend(nil, rings)
}

// TriangulateAppend is Triangulate appending the indices to dst. On error
// dst comes back unchanged.
func TriangulateAppend(dst []uint32, rings [][]geo.Point3) ([]uint32, error) {
	_, dst, err := triangulatePolygon(dst, rings)
	return dst, err
}

// triangulatePolygon cleans, validates and triangulates rings, appending
// to dst, and returns the prepared polygon too.
func triangulatePolygon(dst []uint32, rings [][]geo.Point3) (*triPolygon, []uint32, error) {
	p, err := newTriPolygon(rings)
	if err != nil {
		return nil, dst, err
	}
	if err := p.validate(); err != nil {
		return nil, dst, err
	}
	if err := p.checkArea(); err != nil {
		return nil, dst, err
	}
	start := len(dst)
	dst = p.dropFlat(p.earcut(dst), start)
	if err := p.checkOutput(dst[start:]); err != nil {
		return nil, dst[:start], err
	}
	return p, dst, nil
}

// FlattenRings returns the rings concatenated, as Triangulate indexes them.
func FlattenRings(rings [][]geo.Point3) []geo.Point3 {
	n := 0
	for _, r := range rings {
		n += len(r)
	}
	out := make([]geo.Point3, 0, n)
	for _, r := range rings {
		out = append(out, r...)
	}
	return out
}

// triPolygon is a polygon prepared for triangulation: the flat input and,
// per ring, the flat indices of its cleaned vertices. Outer is rings[0];
// degenerate holes are dropped.
type triPolygon struct {
	pts    []geo.Point3
	rings  [][]uint32
	areas  []float64 // signed area of each cleaned ring
	extent float64   // larger side of the bounding box
}

// newTriPolygon flattens and cleans rings.
func newTriPolygon(rings [][]geo.Point3) (*triPolygon, error) {
	if len(rings) == 0 {
		return nil, fmt.Errorf("%w: no rings", ErrDegeneratePolygon)
	}
	p := &triPolygon{pts: FlattenRings(rings)}
	if len(p.pts) > math.MaxUint32/2 {
		return nil, fmt.Errorf("%w: too many points", ErrDegeneratePolygon)
	}
	b := geo.EmptyBounds()
	for _, q := range p.pts {
		if math.IsNaN(q[0]) || math.IsInf(q[0], 0) || math.IsNaN(q[1]) || math.IsInf(q[1], 0) {
			return nil, fmt.Errorf("%w: coordinate is not a finite number", ErrDegeneratePolygon)
		}
		b = b.Extend(geo.Point3{q[0], q[1], 0})
	}
	p.extent = max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
	off := 0
	for k, r := range rings {
		idx := triCleanRing(p.pts, off, len(r))
		off += len(r)
		if len(idx) < 3 {
			if k == 0 {
				return nil, fmt.Errorf("%w: outer ring has fewer than 3 distinct points", ErrDegeneratePolygon)
			}
			continue
		}
		a := triRingArea(p.pts, idx)
		if math.IsInf(a, 0) || math.IsNaN(a) {
			return nil, fmt.Errorf("%w: coordinates too large", ErrDegeneratePolygon)
		}
		p.rings = append(p.rings, idx)
		p.areas = append(p.areas, a)
	}
	return p, nil
}

// checkArea rejects a polygon without area. It runs after validation: a
// ring of three or more distinct points without area crosses itself.
func (p *triPolygon) checkArea() error {
	net, _ := p.netArea()
	if !(net > 1e-12*p.extent*p.extent) {
		return fmt.Errorf("%w: no area", ErrDegeneratePolygon)
	}
	return nil
}

// netArea returns the outer ring's area minus the holes' and the sum of
// all the rings' absolute areas (the scale of rounding errors).
func (p *triPolygon) netArea() (net, abs float64) {
	for k, a := range p.areas {
		a = math.Abs(a)
		abs += a
		if k == 0 {
			net += a
		} else {
			net -= a
		}
	}
	return net, abs
}

// dropFlat removes from tris[start:] the triangles without area (slivers
// along bridges and collinear runs, down to a rounding-level negative
// area): they draw nothing. Clockwise triangles beyond rounding are kept
// for checkOutput to reject.
func (p *triPolygon) dropFlat(tris []uint32, start int) []uint32 {
	tol := p.tolerance()
	out := tris[:start]
	for t := start; t+2 < len(tris); t += 3 {
		if ar := triOrient(p.pts[tris[t]], p.pts[tris[t+1]], p.pts[tris[t+2]]) / 2; ar > 0 || ar < -tol {
			out = append(out, tris[t], tris[t+1], tris[t+2])
		}
	}
	return out
}

// tolerance returns the rounding tolerance of areas in p, in m².
func (p *triPolygon) tolerance() float64 {
	_, abs := p.netArea()
	return triRelTol*abs + 1e-12*p.extent*p.extent
}

// checkOutput verifies the triangles: none clockwise, and the area of the
// polygon conserved.
func (p *triPolygon) checkOutput(tris []uint32) error {
	net, _ := p.netArea()
	tol := p.tolerance()
	sum := 0.0
	for t := 0; t+2 < len(tris); t += 3 {
		a, b, c := p.pts[tris[t]], p.pts[tris[t+1]], p.pts[tris[t+2]]
		ar := triOrient(a, b, c) / 2
		if ar <= 0 {
			return fmt.Errorf("%w: clockwise triangle", ErrTriangulation)
		}
		sum += ar
	}
	if math.Abs(sum-net) > tol {
		return fmt.Errorf("%w: triangles cover %g m² of %g m²", ErrTriangulation, sum, net)
	}
	return nil
}

// triRingArea returns the signed (shoelace) area of the ring idx of pts,
// positive counter-clockwise. Coordinates are taken relative to the first
// point to limit cancellation.
func triRingArea(pts []geo.Point3, idx []uint32) float64 {
	if len(idx) < 3 {
		return 0
	}
	o := pts[idx[0]]
	s := 0.0
	for k := range idx {
		a, b := pts[idx[k]], pts[idx[(k+1)%len(idx)]]
		s += (a[0]-o[0])*(b[1]-o[1]) - (b[0]-o[0])*(a[1]-o[1])
	}
	return s / 2
}

// triOrient returns twice the signed area of triangle a, b, c in x, y:
// positive when counter-clockwise, zero when collinear.
func triOrient(a, b, c geo.Point3) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}
