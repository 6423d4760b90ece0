package tiles

import (
	"errors"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// Tubes and ducts swept along 3D polylines (pipes, cables, ducts), and the
// solids built the same way: vertical cylinders (manhole shafts).

// JointStyle is how a tube turns a corner of its polyline.
type JointStyle uint8

const (
	// JointMiter puts one ring in the plane bisecting the corner, shared
	// by both segments: the tube passes through the corner point. Corners
	// sharper than MiterLimitDeg are rounded instead (a mitre there would
	// be long and thin).
	JointMiter JointStyle = iota
	// JointRound replaces each corner by a circular bend (an elbow) of
	// radius BendRadiusFactor times the tube's radius, tangent to both
	// segments and taking at most half of either (the radius shrinks to
	// fit short segments), sampled every 22.5° with mitred rings. The
	// tube then passes inside the corner point, by R·(1/cos(θ/2) − 1)
	// for a turn θ. A polyline that turns straight back (a U-turn) gets a
	// fan of rings about the corner point instead.
	JointRound
)

// MiterLimitDeg is the sharpest turn, in degrees between the directions of
// two segments, that JointMiter mitres; the mitre ring is then at most
// 1/cos(45°) ≈ 1.41 times the tube's width.
const MiterLimitDeg = 90

// Side counts of round tubes: SidesFor stays within these.
const (
	MinTubeSides = 6
	MaxTubeSides = 16
)

// DefaultTubeToleranceM is the chord deviation SidesFor aims at when
// TubeOptions.ToleranceM is zero.
const DefaultTubeToleranceM = 0.01

// TubeOptions tune the tube builders. The zero value gives adaptive side
// counts, mitred joints, open ends and feature id 0.
type TubeOptions struct {
	// Sides fixes the number of sides of a round tube (3 to 64); 0 picks
	// it from the radius and ToleranceM (SidesFor).
	Sides int
	// ToleranceM is the largest distance between the polygonal tube and a
	// true cylinder for adaptive sides: the level-of-detail knob (0:
	// DefaultTubeToleranceM).
	ToleranceM float64
	// Joint is how corners are turned.
	Joint JointStyle
	// Caps closes both ends.
	Caps bool
	// FeatureID is given to every vertex.
	FeatureID uint32
}

// ErrInvalidTube is wrapped by the tube builders for a bad radius or
// size, or a polyline without two distinct finite points.
var ErrInvalidTube = errors.New("tiles: invalid tube")

// SidesFor returns the number of sides of a round tube of radius radiusM
// whose polygon deviates at most toleranceM from the circle (the sagitta
// r·(1 − cos(π/N))), within MinTubeSides … MaxTubeSides.
func SidesFor(radiusM, toleranceM float64) int {
	if !(toleranceM > 0) {
		toleranceM = DefaultTubeToleranceM
	}
	if !(radiusM > toleranceM) {
		return MinTubeSides
	}
	n := math.Ceil(math.Pi / math.Acos(1-toleranceM/radiusM))
	return int(min(max(n, MinTubeSides), MaxTubeSides))
}

// sides returns the side count for radius r.
func (o TubeOptions) sides(r float64) int {
	if o.Sides > 0 {
		return min(max(o.Sides, 3), 64)
	}
	return SidesFor(r, o.ToleranceM)
}

// AppendTube appends a round tube of radius radiusM along line (3D, local
// metres) with smooth normals pointing outward. Consecutive duplicate
// points are ignored. On error m is unchanged.
func (m *MeshData) AppendTube(line []geo.Point3, radiusM float64, opt TubeOptions) error {
	if !(radiusM > 0) || math.IsInf(radiusM, 0) {
		return fmt.Errorf("%w: radius %g m", ErrInvalidTube, radiusM)
	}
	return m.sweep(line, circleProfile(radiusM, opt.sides(radiusM)), opt)
}

// AppendDuct appends a rectangular duct widthM wide and heightM high along
// line, flat shaded. The height is kept as vertical as the line allows: it
// is the world's up for a horizontal run. On error m is unchanged.
func (m *MeshData) AppendDuct(line []geo.Point3, widthM, heightM float64, opt TubeOptions) error {
	if !(widthM > 0) || !(heightM > 0) || math.IsInf(widthM, 0) || math.IsInf(heightM, 0) {
		return fmt.Errorf("%w: duct %g × %g m", ErrInvalidTube, widthM, heightM)
	}
	return m.sweep(line, rectProfile(widthM, heightM), opt)
}

// AppendCylinder appends a vertical cylinder (a manhole shaft): centre x, y
// from center (its z is ignored), radius radiusM, from bottomZ to topZ,
// closed at both ends when opt.Caps. On error m is unchanged.
func (m *MeshData) AppendCylinder(center geo.Point3, radiusM, bottomZ, topZ float64, opt TubeOptions) error {
	if !(topZ > bottomZ) {
		return fmt.Errorf("%w: cylinder from %g m to %g m", ErrInvalidTube, bottomZ, topZ)
	}
	line := []geo.Point3{{center[0], center[1], bottomZ}, {center[0], center[1], topZ}}
	return m.AppendTube(line, radiusM, opt)
}

// tubeProfile is a cross-section in the frame (n, b) of the sweep: points,
// their outward normals, and the pairs of points joined along the tube.
type tubeProfile struct {
	pts, nrm [][2]float64
	edges    [][2]int
	smooth   bool    // share ring vertices (with their normals) between strips
	radius   float64 // largest distance of a point from the axis
}

// circleProfile returns a regular polygon of n sides around a circle of
// radius r (vertices on the circle), counter-clockwise in (n, b).
func circleProfile(r float64, n int) tubeProfile {
	p := tubeProfile{smooth: true, radius: r}
	for k := range n {
		s, c := math.Sincos(2 * math.Pi * float64(k) / float64(n))
		p.pts = append(p.pts, [2]float64{r * c, r * s})
		p.nrm = append(p.nrm, [2]float64{c, s})
		p.edges = append(p.edges, [2]int{k, (k + 1) % n})
	}
	return p
}

// rectProfile returns a w × h rectangle (w along n, h along b),
// counter-clockwise, each corner twice with the normals of its two faces.
func rectProfile(w, h float64) tubeProfile {
	c := [4][2]float64{{w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}, {-w / 2, -h / 2}}
	n := [4][2]float64{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}
	p := tubeProfile{radius: math.Hypot(w, h) / 2}
	for k := range 4 {
		p.pts = append(p.pts, c[k], c[(k+1)%4])
		p.nrm = append(p.nrm, n[k], n[k])
		p.edges = append(p.edges, [2]int{2 * k, 2*k + 1})
	}
	return p
}
