package vector

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// buildings writes one building per polygon.
func (w *Writer) buildings(id string, rec ingest.Record, polys [][][]geo.Point3) error {
	if err := w.kind(id, twin.KindBuilding, "polygon"); err != nil {
		return err
	}
	for n, rings := range polys {
		err := w.put(PartID(id, n), func(sid string) (twin.Feature, error) {
			if err := CheckRings(rings); err != nil {
				return nil, ingest.Errorf(w.File, sid, "%v", err)
			}
			for _, ring := range rings {
				if err := w.transform(sid, ring); err != nil {
					return nil, err
				}
			}
			r := rec
			r.SourceID = sid
			fp, ground := footprint(rings, rec.Has3D)
			return w.Mapping.Building(w.Dataset, r, fp, ground)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// segments writes one utility segment per line.
func (w *Writer) segments(id string, rec ingest.Record, lines [][]geo.Point3) error {
	if err := w.kind(id, twin.KindSegment, "line"); err != nil {
		return err
	}
	for n, line := range lines {
		if len(line) >= 2 && zeroLength(line) {
			w.Warnf(PartID(id, n), "line has length zero (all %d positions equal %v): skipped", len(line), line[0])
			continue
		}
		err := w.put(PartID(id, n), func(sid string) (twin.Feature, error) {
			if len(line) < 2 {
				return nil, ingest.Errorf(w.File, sid, "line has %d positions, want at least 2", len(line))
			}
			if err := w.transform(sid, line); err != nil {
				return nil, err
			}
			r := rec
			r.SourceID = sid
			return w.Mapping.Segment(w.Dataset, r, line)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// nodes writes one utility node per point.
func (w *Writer) nodes(id string, rec ingest.Record, points []geo.Point3) error {
	if err := w.kind(id, twin.KindNode, "point"); err != nil {
		return err
	}
	for n, p := range points {
		err := w.put(PartID(id, n), func(sid string) (twin.Feature, error) {
			pts := []geo.Point3{p}
			if err := w.transform(sid, pts); err != nil {
				return nil, err
			}
			r := rec
			r.SourceID = sid
			return w.Mapping.Node(w.Dataset, r, pts[0])
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// zeroLength reports whether every position of line is the same.
func zeroLength(line []geo.Point3) bool {
	for _, p := range line[1:] {
		if p != line[0] {
			return false
		}
	}
	return true
}

// kind checks the geometry against a kind the mapping forces.
func (w *Writer) kind(id string, k twin.Kind, geometry string) error {
	if w.Mapping.Kind != "" && w.Mapping.Kind != string(k) {
		return ingest.Errorf(w.File, id, "the mapping wants a %s, but the geometry is a %s", w.Mapping.Kind, geometry)
	}
	return nil
}

// transform converts pts to WGS84 in place.
func (w *Writer) transform(sid string, pts []geo.Point3) error {
	for i, p := range pts {
		if !p.Finite() {
			return ingest.Errorf(w.File, sid, "position %d: %v is not a finite number", i, p)
		}
	}
	if err := w.T.ToWGS84(pts); err != nil {
		return ingest.Errorf(w.File, sid, "%v", err)
	}
	return nil
}

// CheckRings checks that every ring is closed and has at least 4 positions
// (RFC 7946 §3.1.6; the Shapefile specification says the same).
func CheckRings(rings [][]geo.Point3) error {
	if len(rings) == 0 {
		return fmt.Errorf("polygon has no rings")
	}
	for i, ring := range rings {
		if len(ring) < 4 {
			return fmt.Errorf("ring %d has %d positions, want at least 4", i, len(ring))
		}
		if ring[0] != ring[len(ring)-1] {
			return fmt.Errorf("ring %d is not closed: it starts at %v and ends at %v", i, ring[0], ring[len(ring)-1])
		}
	}
	return nil
}

// footprint turns WGS84 rings into a footprint. The ground is the lowest
// height of the outer ring when the positions are 3D, else 0.
func footprint(rings [][]geo.Point3, has3D bool) (orb.Polygon, float64) {
	poly := make(orb.Polygon, len(rings))
	ground := math.Inf(1)
	for i, ring := range rings {
		r := make(orb.Ring, len(ring))
		for j, p := range ring {
			r[j] = orb.Point{p[0], p[1]}
			if i == 0 {
				ground = math.Min(ground, p[2])
			}
		}
		poly[i] = r
	}
	if !has3D {
		ground = 0
	}
	return poly, ground
}
