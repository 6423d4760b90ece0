package cityjson

import (
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// lodLevel is a level of detail as the file spells it and as a number.
type lodLevel struct {
	s string
	f float64
}

// pickLoD chooses among the available levels of detail. With want "" it
// is the highest. Else it is the level equal to want; for a whole-number
// want such as "2" the highest of its refinements (2, 2.1, ... 2.9); failing
// that the highest level below want. ok is false when none qualifies.
func pickLoD(avail []lodLevel, want string) (lodLevel, bool) {
	best, ok := lodLevel{f: math.Inf(-1)}, false
	better := func(l lodLevel) {
		if l.f > best.f {
			best, ok = l, true
		}
	}
	if want == "" {
		for _, l := range avail {
			better(l)
		}
		return best, ok
	}
	w, err := parseLoD(want)
	if err != nil {
		return best, false
	}
	for _, l := range avail {
		if l.f == w || (w == math.Trunc(w) && math.Trunc(l.f) == w) {
			better(l)
		}
	}
	if ok {
		return best, true
	}
	for _, l := range avail {
		if l.f < w {
			better(l)
		}
	}
	return best, ok
}

// levels checks the geometries of an object and lists their levels of
// detail.
func (r *reader) levels(id string, o *cityObject) ([]lodLevel, error) {
	var out []lodLevel
	for i, g := range o.Geometry {
		if g == nil {
			return nil, ingest.Errorf(r.file, id, "cityjson: geometry %d is null", i)
		}
		if !supportedGeometry(g.Type) {
			return nil, ingest.Errorf(r.file, id, "cityjson: %s: type %q is not supported for a %s (want Solid, MultiSolid, CompositeSolid, MultiSurface or CompositeSurface)", describe(i, g), g.Type, o.Type)
		}
		f, err := parseLoD(string(g.LoD))
		if err != nil {
			return nil, ingest.Errorf(r.file, id, "cityjson: %s: %v", describe(i, g), err)
		}
		out = append(out, lodLevel{s: string(g.LoD), f: f})
	}
	return out, nil
}

// chosen is one geometry a building keeps, flattened to polygons.
type chosen struct {
	id    string // the object it belongs to
	index int    // its position in the object's geometry list
	geom  *geometry
	polys []polygon
}

// plan is a building before its vertices are resolved.
type plan struct {
	g      group
	target lodLevel
	geoms  []chosen
}

// plan chooses the geometries of one group: the LoD is chosen over the
// levels the root and its parts have; each member then contributes its
// geometries at the highest level not above the chosen one.
func (r *reader) plan(objs map[string]*cityObject, g group) (plan, error) {
	members := append([]string{g.root}, g.parts...)
	memberLevels := make([][]lodLevel, len(members))
	var all []lodLevel
	for i, id := range members {
		ls, err := r.levels(id, objs[id])
		if err != nil {
			return plan{}, err
		}
		memberLevels[i] = ls
		all = append(all, ls...)
	}
	target, ok := pickLoD(all, r.opts.LoD)
	if !ok {
		return plan{}, lodError(r.file, g.root, r.opts.LoD, uniqueLevels(all))
	}
	p := plan{g: g, target: target}
	for i, id := range members {
		level, ok := pickLoD(memberLevels[i], target.s)
		for j, geom := range objs[id].Geometry {
			if !ok || memberLevels[i][j].f != level.f {
				continue
			}
			polys, err := flatten(geom)
			if err != nil {
				return plan{}, ingest.Errorf(r.file, id, "cityjson: %s: %v", describe(j, geom), err)
			}
			p.geoms = append(p.geoms, chosen{id: id, index: j, geom: geom, polys: polys})
		}
	}
	return p, nil
}

// markUsed flags the vertices a plan refers to.
func (p *plan) markUsed(used []bool) {
	for _, c := range p.geoms {
		for _, poly := range c.polys {
			for _, ring := range poly.rings {
				for _, i := range ring {
					if i >= 0 && i < len(used) {
						used[i] = true
					}
				}
			}
		}
	}
}

// building resolves a plan's polygons to WGS84 surfaces.
func (r *reader) building(objs map[string]*cityObject, p *plan, v *vertices) (*twin.Building, error) {
	acc := accumulator{v: v, minZ: math.Inf(1), maxZ: math.Inf(-1)}
	for _, c := range p.geoms {
		if err := acc.add(c.polys); err != nil {
			return nil, ingest.Errorf(r.file, c.id, "cityjson: %s: %v", describe(c.index, c.geom), err)
		}
	}
	return r.finish(objs, p.g, p.target, &acc)
}

// finish derives footprint, heights and roof shape from the surfaces.
func (r *reader) finish(objs map[string]*cityObject, g group, target lodLevel, acc *accumulator) (*twin.Building, error) {
	h, err := r.header(objs, g)
	if err != nil {
		return nil, err
	}
	if len(acc.surfaces) == 0 {
		return nil, ingest.Errorf(r.file, g.root, "cityjson: building has no surfaces at LoD %s", target.s)
	}
	b := &twin.Building{Header: h, LoD: target.s, Surfaces: acc.surfaces, BaseM: acc.minZ, RoofM: acc.maxZ}
	if parents := objs[g.root].Parents; isPart(objs[g.root]) && len(parents) > 0 {
		b.Parent = twin.FeatureID(r.opts.Dataset, parents[0])
	}
	b.Footprint = footprint(acc.polys, acc.surfaces, acc.v, acc.minZ)
	b.RoofShape, b.EaveM = roofShape(acc.surfaces)
	return b, nil
}

func uniqueLevels(ls []lodLevel) []lodLevel {
	slices.SortFunc(ls, func(a, b lodLevel) int { return cmpFloat(a.f, b.f) })
	return slices.CompactFunc(ls, func(a, b lodLevel) bool { return a.f == b.f })
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// accumulator gathers the surfaces of a building's chosen geometries.
type accumulator struct {
	v          *vertices
	surfaces   []twin.Surface
	polys      []polygon
	minZ, maxZ float64
}

// add resolves the polygons of one geometry to WGS84 surfaces. Rings that
// collapse to fewer than 3 distinct positions (real files repeat vertices
// in zero-area walls) are dropped: a hole alone, a surface with its outer
// ring.
func (a *accumulator) add(polys []polygon) error {
	for _, p := range polys {
		s := twin.Surface{Type: p.semantic}
		kept := polygon{semantic: p.semantic}
		for j, ring := range p.rings {
			pts, err := a.resolve(ring)
			if err != nil {
				return err
			}
			if distinct(pts) < 3 {
				if j == 0 {
					break
				}
				continue
			}
			s.Rings = append(s.Rings, pts)
			kept.rings = append(kept.rings, ring)
		}
		if len(s.Rings) > 0 {
			a.surfaces = append(a.surfaces, s)
			a.polys = append(a.polys, kept)
		}
	}
	return nil
}

// resolve looks up the positions of a ring and tracks the height range.
func (a *accumulator) resolve(ring []int) ([]geo.Point3, error) {
	pts := make([]geo.Point3, len(ring))
	for k, idx := range ring {
		p, err := a.v.at(idx)
		if err != nil {
			return nil, err
		}
		pts[k] = p
		a.minZ = min(a.minZ, p[2])
		a.maxZ = max(a.maxZ, p[2])
	}
	return pts, nil
}

// distinct counts the distinct consecutive positions of a ring, as
// twin.Validate does.
func distinct(ring []geo.Point3) int {
	n := 0
	for i, p := range ring {
		if i == 0 || p != ring[i-1] {
			n++
		}
	}
	if n > 1 && ring[0] == ring[len(ring)-1] {
		n--
	}
	return n
}
