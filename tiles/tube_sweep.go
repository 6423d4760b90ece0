package tiles

import (
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// The sweep: a profile carried along a polyline by a rotation-minimizing
// frame (each corner turns the frame by the least rotation that takes one
// segment's direction to the next, so the tube does not twist, and a duct
// on a horizontal run keeps its height vertical).

// tubeFrame is an orthonormal frame: t along the tube, n and b across it,
// with n × b = t.
type tubeFrame struct{ t, n, b geo.Point3 }

// tubeInitialFrame returns the frame for direction t: n horizontal (left
// of t) and b upward, or n east for a vertical t.
func tubeInitialFrame(t geo.Point3) tubeFrame {
	n := geo.Point3{-t[1], t[0], 0} // up × t
	if n.Norm() < 1e-6 {
		n = geo.Point3{1, 0, 0}
	}
	return tubeFrame{t: t}.withN(n)
}

// withN returns the frame with n made orthonormal to t, and b = t × n.
func (f tubeFrame) withN(n geo.Point3) tubeFrame {
	f.n = meshUnit(n.Sub(f.t.Scale(n.Dot(f.t))))
	f.b = f.t.Cross(f.n)
	return f
}

// turn returns the frame rotated by the fraction frac of the least
// rotation taking f.t to the unit direction t2. A U-turn rotates about b.
func (f tubeFrame) turn(t2 geo.Point3, frac float64) tubeFrame {
	axis := f.t.Cross(t2)
	sin, cos := axis.Norm(), f.t.Dot(t2)
	switch {
	case sin < 1e-12 && cos > 0:
		return tubeFrame{t: t2}.withN(f.n)
	case sin < 1e-12:
		axis = f.b
	default:
		axis = axis.Scale(1 / sin)
	}
	a := math.Atan2(sin, cos) * frac
	g := tubeFrame{t: meshUnit(tubeRotate(f.t, axis, a))}
	if frac == 1 {
		g.t = t2
	}
	return g.withN(tubeRotate(f.n, axis, a))
}

// tubeRing is one cross-section of the sweep: the profile in frame in,
// projected along in.t onto the plane through c with normal plane (the
// bisecting plane at a mitre, else in.t). out is the next segment's frame
// (equal to in except at a mitre).
type tubeRing struct {
	c         geo.Point3
	in, out   tubeFrame
	plane     geo.Point3
	mitreProj float64 // 1 / (in.t · plane)
}

func newTubeRing(c geo.Point3, in, out tubeFrame, plane geo.Point3) tubeRing {
	return tubeRing{c: c, in: in, out: out, plane: plane, mitreProj: 1 / in.t.Dot(plane)}
}

// point returns the position of profile point p on the ring.
func (r tubeRing) point(p [2]float64) geo.Point3 {
	q := r.in.n.Scale(p[0]).Add(r.in.b.Scale(p[1]))
	q = q.Sub(r.in.t.Scale(q.Dot(r.plane) * r.mitreProj))
	return r.c.Add(q)
}

// normal returns the smooth normal for profile normal pn: the average of
// the two segments' at a mitre.
func (r tubeRing) normal(pn [2]float64) geo.Point3 {
	n := r.in.n.Scale(pn[0]).Add(r.in.b.Scale(pn[1]))
	return n.Add(r.out.n.Scale(pn[0]).Add(r.out.b.Scale(pn[1])))
}

// tubePath returns line without consecutive (near-)duplicate points, or an
// error when fewer than two distinct finite points remain.
func tubePath(line []geo.Point3) ([]geo.Point3, error) {
	for _, p := range line {
		if !p.Finite() {
			return nil, fmt.Errorf("%w: coordinate is not a finite number", ErrInvalidTube)
		}
	}
	path := tubeDedup(line)
	if len(path) < 2 {
		return nil, fmt.Errorf("%w: fewer than two distinct points", ErrInvalidTube)
	}
	return path, nil
}

// tubeDedup returns line without consecutive (near-)duplicate points.
func tubeDedup(line []geo.Point3) []geo.Point3 {
	path := make([]geo.Point3, 0, len(line))
	for _, p := range line {
		if len(path) == 0 || p.Dist(path[len(path)-1]) > 1e-9*(1+p.Norm()) {
			path = append(path, p)
		}
	}
	return path
}

// tubeRings returns the cross-sections along path: one at each end, one
// per mitred corner (every corner up to MiterLimitDeg; tubeBends has
// rounded the others), and a fan of rings about the corner point for a
// U-turn; none at straight corners.
func tubeRings(path []geo.Point3) []tubeRing {
	dir := func(k int) geo.Point3 { return meshUnit(path[k+1].Sub(path[k])) }
	f := tubeInitialFrame(dir(0))
	rings := []tubeRing{newTubeRing(path[0], f, f, f.t)}
	for k := 1; k+1 < len(path); k++ {
		t2 := dir(k)
		angle := math.Acos(max(-1, min(1, f.t.Dot(t2))))
		g := f.turn(t2, 1)
		switch {
		case angle < 1e-9:
		case angle <= MiterLimitDeg*math.Pi/180:
			rings = append(rings, newTubeRing(path[k], f, g, meshUnit(f.t.Add(t2))))
		default:
			steps := int(math.Ceil(angle / (math.Pi / 8)))
			for s := range steps + 1 {
				h := f.turn(t2, float64(s)/float64(steps))
				rings = append(rings, newTubeRing(path[k], h, h, h.t))
			}
		}
		f = g
	}
	last := path[len(path)-1]
	return append(rings, newTubeRing(last, f, f, f.t))
}

// sweep appends the profile swept along line.
func (m *MeshData) sweep(line []geo.Point3, prof tubeProfile, opt TubeOptions) error {
	path, err := tubePath(line)
	if err != nil {
		return err
	}
	path = tubeDedup(tubeBends(path, opt.Joint, BendRadiusFactor*prof.radius))
	rings := tubeRings(path)
	if prof.smooth {
		m.sweepSmooth(rings, prof, opt.FeatureID)
	} else {
		m.sweepFlat(rings, prof, opt.FeatureID)
	}
	if opt.Caps {
		m.tubeCap(rings[0], prof, false, opt.FeatureID)
		m.tubeCap(rings[len(rings)-1], prof, true, opt.FeatureID)
	}
	return nil
}

// sweepSmooth joins consecutive rings, each ring's vertices shared by the
// strips on both sides of it.
func (m *MeshData) sweepSmooth(rings []tubeRing, prof tubeProfile, fid uint32) {
	var prev uint32
	for r, ring := range rings {
		base := uint32(len(m.Positions))
		for k, p := range prof.pts {
			m.addVertex(ring.point(p), ring.normal(prof.nrm[k]), fid)
		}
		if r > 0 {
			for _, e := range prof.edges {
				i, j := uint32(e[0]), uint32(e[1])
				m.addTri(prev+i, prev+j, base+j)
				m.addTri(prev+i, base+j, base+i)
			}
		}
		prev = base
	}
}

// sweepFlat joins consecutive rings by flat-shaded quads.
func (m *MeshData) sweepFlat(rings []tubeRing, prof tubeProfile, fid uint32) {
	for r := 1; r < len(rings); r++ {
		for _, e := range prof.edges {
			a0, a1 := rings[r-1].point(prof.pts[e[0]]), rings[r-1].point(prof.pts[e[1]])
			b0, b1 := rings[r].point(prof.pts[e[0]]), rings[r].point(prof.pts[e[1]])
			if n := b1.Sub(a0).Cross(b0.Sub(a1)); n.Norm() > 0 {
				m.addFlatQuad(a0, a1, b1, b0, n, fid)
			}
		}
	}
}

// tubeCap closes the tube at ring r: facing back along the tube at the
// start, forward at the end.
func (m *MeshData) tubeCap(r tubeRing, prof tubeProfile, end bool, fid uint32) {
	n := r.in.t
	if !end {
		n = n.Scale(-1)
	}
	c := m.addVertex(r.c, n, fid)
	for _, p := range prof.pts {
		m.addVertex(r.point(p), n, fid)
	}
	for _, e := range prof.edges {
		i, j := c+1+uint32(e[0]), c+1+uint32(e[1])
		if end {
			m.addTri(c, i, j)
		} else {
			m.addTri(c, j, i)
		}
	}
}

// Rounded corners: a corner of the polyline is replaced by a circular bend
// tangent to both segments, like a pipe elbow, sampled in steps that the
// sweep then mitres.

// BendRadiusFactor is the radius of a rounded corner's bend as a multiple
// of the tube's radius (of half the duct's diagonal), so that the inside
// of the bend does not fold.
const BendRadiusFactor = 1.5

// bendStep is the largest turn between two samples of a bend.
const bendStep = math.Pi / 8

// uTurnSin is the sine below which a turn sharper than 90° counts as a
// U-turn: no bend fits, the sweep fans rings about the corner instead.
const uTurnSin = 1e-6

// tubeBends returns path with its corners rounded by bends of radius
// bendR: every corner for JointRound, those sharper than MiterLimitDeg for
// JointMiter. A bend takes at most half of either segment; where that is
// too short for bendR, the radius shrinks to fit.
func tubeBends(path []geo.Point3, style JointStyle, bendR float64) []geo.Point3 {
	out := make([]geo.Point3, 0, len(path))
	out = append(out, path[0])
	for k := 1; k+1 < len(path); k++ {
		p := path[k]
		in, next := p.Sub(path[k-1]), path[k+1].Sub(p)
		t1, t2 := meshUnit(in), meshUnit(next)
		axis := t1.Cross(t2)
		sin, cos := axis.Norm(), t1.Dot(t2)
		theta := math.Atan2(sin, cos)
		if theta < 1e-9 || style == JointMiter && theta <= MiterLimitDeg*math.Pi/180 || sin < uTurnSin {
			out = append(out, p)
			continue
		}
		axis = axis.Scale(1 / sin)
		tan := math.Tan(theta / 2)
		cut := min(bendR*tan, in.Norm()/2, next.Norm()/2)
		start := p.Sub(t1.Scale(cut))
		o := start.Add(axis.Cross(t1).Scale(cut / tan)) // the bend's centre
		steps := int(math.Ceil(theta / bendStep))
		for s := range steps + 1 {
			out = append(out, o.Add(tubeRotate(start.Sub(o), axis, theta*float64(s)/float64(steps))))
		}
	}
	return append(out, path[len(path)-1])
}

// tubeRotate returns v rotated by angle about the unit axis (Rodrigues).
func tubeRotate(v, axis geo.Point3, angle float64) geo.Point3 {
	s, c := math.Sincos(angle)
	return v.Scale(c).Add(axis.Cross(v).Scale(s)).Add(axis.Scale(axis.Dot(v) * (1 - c)))
}
