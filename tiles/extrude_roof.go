package tiles

import (
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
)

// Roofs as height fields: a roof is the lower envelope of one to four
// planes z = a·x + b·y + c over the footprint (a flat roof is one plane,
// a gable two, a hip or a pyramid four). Each footprint triangle is clipped
// to the region where each plane is lowest, which cuts the roof exactly
// along its ridges and hips whatever the footprint.

// roofPlane is the height field z = a·x + b·y + c.
type roofPlane struct{ a, b, c float64 }

// at returns the plane's height over x, y.
func (q roofPlane) at(x, y float64) float64 { return q.a*x + q.b*y + q.c }

// normal returns the upward (non-normalized) normal of the plane.
func (q roofPlane) normal() geo.Point3 { return geo.Point3{-q.a, -q.b, 1} }

// rectPlane returns the plane z = z0 + α·s + β·t in the rectangle's
// coordinates (s along Axis, t across, from Center).
func rectPlane(r OrientedRect, z0, alpha, beta float64) roofPlane {
	v := r.Cross()
	a := alpha*r.Axis[0] + beta*v[0]
	b := alpha*r.Axis[1] + beta*v[1]
	return roofPlane{a, b, z0 - a*r.Center[0] - b*r.Center[1]}
}

// roofPlanes returns the planes of a roof of the given shape over rect,
// from eave to ridge. Eaves are at eave on the rectangle's sides.
func roofPlanes(shape RoofShape, r OrientedRect, eave, ridge float64) []roofPlane {
	h, hl, hw := ridge-eave, r.HalfLength, r.HalfWidth
	switch shape {
	case RoofGabled:
		return []roofPlane{rectPlane(r, ridge, 0, -h/hw), rectPlane(r, ridge, 0, h/hw)}
	case RoofHipped:
		k := h / hw
		e := k * (hl - hw) // the ridge stops hw short of each end
		return []roofPlane{
			rectPlane(r, ridge, 0, -k), rectPlane(r, ridge, 0, k),
			rectPlane(r, ridge+e, -k, 0), rectPlane(r, ridge+e, k, 0),
		}
	case RoofPyramidal:
		return []roofPlane{
			rectPlane(r, ridge, 0, -h/hw), rectPlane(r, ridge, 0, h/hw),
			rectPlane(r, ridge, -h/hl, 0), rectPlane(r, ridge, h/hl, 0),
		}
	case RoofSkillion:
		return []roofPlane{rectPlane(r, eave+h/2, 0, h/(2*hw))}
	}
	return []roofPlane{{0, 0, eave}}
}

// roofZ returns the roof height over x, y: the lowest plane.
func roofZ(planes []roofPlane, x, y float64) float64 {
	z := planes[0].at(x, y)
	for _, q := range planes[1:] {
		z = min(z, q.at(x, y))
	}
	return z
}

// roofBreaks appends to ts (which holds 0 and 1) the parameters along a → b
// where the lowest plane changes, and returns them sorted.
func roofBreaks(a, b geo.Point3, planes []roofPlane, ts []float64) []float64 {
	for i := range planes {
		for j := i + 1; j < len(planes); j++ {
			d0 := planes[i].at(a[0], a[1]) - planes[j].at(a[0], a[1])
			d1 := planes[i].at(b[0], b[1]) - planes[j].at(b[0], b[1])
			if d0*d1 >= 0 {
				continue
			}
			t := d0 / (d0 - d1)
			x, y := a[0]+t*(b[0]-a[0]), a[1]+t*(b[1]-a[1])
			if z := planes[i].at(x, y); z <= roofZ(planes, x, y)+1e-9*(1+math.Abs(z)) {
				ts = append(ts, t)
			}
		}
	}
	slices.Sort(ts)
	return slices.CompactFunc(ts, func(s, t float64) bool { return math.Abs(t-s) < 1e-9 })
}

// appendRoof adds the roof over the footprint triangles tris of p.
func (m *MeshData) appendRoof(p *triPolygon, tris []uint32, planes []roofPlane, fid uint32) {
	if len(planes) == 1 {
		m.appendPlaneRoof(p, tris, planes[0], fid)
		return
	}
	var poly, buf []geo.Point3
	for t := 0; t+2 < len(tris); t += 3 {
		for i, q := range planes {
			poly = append(poly[:0], p.pts[tris[t]], p.pts[tris[t+1]], p.pts[tris[t+2]])
			for j, o := range planes {
				if j != i && len(poly) >= 3 {
					// Keep where q is lowest: q − o ≤ 0.
					poly, buf = roofClip(poly, buf[:0], roofPlane{q.a - o.a, q.b - o.b, q.c - o.c}), poly
				}
			}
			m.appendRoofPiece(poly, q, 1e-7*p.extent, fid)
		}
	}
}

// appendPlaneRoof adds a one-plane roof, vertices shared between triangles.
func (m *MeshData) appendPlaneRoof(p *triPolygon, tris []uint32, q roofPlane, fid uint32) {
	n := q.normal()
	remap := make([]uint32, len(p.pts))
	for _, i := range tris {
		if remap[i] == 0 {
			x, y := p.pts[i][0], p.pts[i][1]
			remap[i] = m.addVertex(geo.Point3{x, y, q.at(x, y)}, n, fid) + 1
		}
		m.Indices = append(m.Indices, remap[i]-1)
	}
}

// appendRoofPiece adds a convex counter-clockwise polygon lifted onto q, as
// a fan. Points closer than tol to the previous one are dropped, and so
// are triangles of area below tol² (slivers along ridges and hips, whose
// normals would be rounding noise).
func (m *MeshData) appendRoofPiece(poly []geo.Point3, q roofPlane, tol float64, fid uint32) {
	k := 0
	for _, v := range poly {
		if k == 0 || math.Hypot(v[0]-poly[k-1][0], v[1]-poly[k-1][1]) > tol {
			poly[k] = v
			k++
		}
	}
	poly = poly[:k]
	for len(poly) > 1 && math.Hypot(poly[0][0]-poly[k-1][0], poly[0][1]-poly[k-1][1]) <= tol {
		poly, k = poly[:k-1], k-1
	}
	n := q.normal()
	first := uint32(len(m.Positions))
	added := false
	for k := 1; k+1 < len(poly); k++ {
		if triOrient(poly[0], poly[k], poly[k+1])/2 <= tol*tol {
			continue
		}
		if !added {
			for _, v := range poly {
				m.addVertex(geo.Point3{v[0], v[1], q.at(v[0], v[1])}, n, fid)
			}
			added = true
		}
		m.addTri(first, first+uint32(k), first+uint32(k)+1)
	}
}

// roofClip appends to dst the part of convex polygon poly where
// f = a·x + b·y + c ≤ 0 (Sutherland–Hodgman against one half-plane).
func roofClip(poly, dst []geo.Point3, f roofPlane) []geo.Point3 {
	for k := range poly {
		p, q := poly[k], poly[(k+1)%len(poly)]
		fp, fq := f.at(p[0], p[1]), f.at(q[0], q[1])
		if fp <= 0 {
			dst = append(dst, p)
		}
		if fp < 0 && fq > 0 || fp > 0 && fq < 0 {
			t := fp / (fp - fq)
			dst = append(dst, geo.Point3{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1]), 0})
		}
	}
	return dst
}
