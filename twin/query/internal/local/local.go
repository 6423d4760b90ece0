// Package local converts between geographic positions and the local
// metric frame the clash and section queries measure in: x, y east and
// north in the ENU tangent plane at an origin, z the stored height as is
// (not the plane's up axis, so heights in the source's vertical datum stay
// exact whatever the distance to the origin).
package local

import "github.com/citytwin/citytwin/geo"

// Frame is a local metric frame: plan metres in an ENU tangent plane, the
// stored height as z.
type Frame struct {
	enu geo.ENU
}

// New returns the frame whose plan origin is lon°, lat°.
func New(lon, lat float64) Frame {
	return Frame{enu: geo.NewENU(geo.Point3{lon, lat, 0})}
}

// Around returns the frame at the centre of the plan bounds of pts (lon°,
// lat°, h m), which must not be empty.
func Around(pts []geo.Point3) Frame {
	b := geo.EmptyBounds()
	for _, p := range pts {
		b = b.Extend(geo.Point3{p[0], p[1], 0})
	}
	c := b.Center()
	return New(c[0], c[1])
}

// Local converts lon°, lat°, h m to local metres (z = h).
func (f Frame) Local(p geo.Point3) geo.Point3 {
	q := f.enu.FromLLH(geo.Point3{p[0], p[1], 0})
	return geo.Point3{q[0], q[1], p[2]}
}

// LLH converts local metres back to lon°, lat°, h m (h = z). It drops
// the plane's height above the ellipsoid, so Local(LLH(q)) is q to about
// d³/R² in plan at a distance d from the origin (a few mm at 7 km).
func (f Frame) LLH(q geo.Point3) geo.Point3 {
	p := f.enu.ToLLH(geo.Point3{q[0], q[1], 0})
	return geo.Point3{p[0], p[1], q[2]}
}

// LocalAll converts every point of pts to local metres.
func (f Frame) LocalAll(pts []geo.Point3) []geo.Point3 {
	out := make([]geo.Point3, len(pts))
	for i, p := range pts {
		out[i] = f.Local(p)
	}
	return out
}

// SearchBounds returns geographic bounds that hold the local plan
// rectangle [minX, maxX] × [minY, maxY] metres between heights zlo and
// zhi. Its corners bound a slightly curved cell, so the bounds are padded
// by 1e-7° (about 1 cm).
func (f Frame) SearchBounds(minX, minY, maxX, maxY, zlo, zhi float64) geo.Bounds3 {
	out := geo.EmptyBounds()
	for _, x := range []float64{minX, maxX} {
		for _, y := range []float64{minY, maxY} {
			out = out.Extend(f.LLH(geo.Point3{x, y, 0}))
		}
	}
	const pad = 1e-7
	out.Min[0], out.Min[1], out.Max[0], out.Max[1] = out.Min[0]-pad, out.Min[1]-pad, out.Max[0]+pad, out.Max[1]+pad
	out.Min[2], out.Max[2] = zlo, zhi
	return out
}
