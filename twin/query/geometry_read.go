package query

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
)

// readCoordinates decodes the coordinates of g by its type.
func readCoordinates(field string, g geoJSONGeometry) (Shape, error) {
	if len(g.Coordinates) == 0 || string(g.Coordinates) == "null" {
		if g.Type == "" {
			return Shape{}, badRequest(field, "not a GeoJSON geometry: no \"type\" and no \"coordinates\"")
		}
		return Shape{}, badRequest(field, "%s without \"coordinates\"", g.Type)
	}
	s := Shape{Type: g.Type, HasZ: true}
	switch g.Type {
	case TypePoint:
		var c []float64
		if err := decodeCoords(field, g, &c, "[lon, lat] or [lon, lat, h]"); err != nil {
			return s, err
		}
		s.Line = []geo.Point3{{}}
		return s, position(field, c, &s.Line[0], &s.HasZ)
	case TypeLineString:
		var c [][]float64
		if err := decodeCoords(field, g, &c, "an array of positions"); err != nil {
			return s, err
		}
		var err error
		s.Line, err = positions(field, c, &s.HasZ)
		return s, err
	case TypePolygon:
		var c [][][]float64
		if err := decodeCoords(field, g, &c, "an array of rings"); err != nil {
			return s, err
		}
		poly, err := rings(field, c, &s.HasZ)
		s.Polygons = [][][]geo.Point3{poly}
		return s, err
	case TypeMultiPolygon:
		var c [][][][]float64
		if err := decodeCoords(field, g, &c, "an array of polygons"); err != nil {
			return s, err
		}
		return s, multiPolygon(field, c, &s)
	case "":
		return s, badRequest(field, "GeoJSON geometry without \"type\"")
	}
	return s, badRequest(field, "unsupported geometry type %q (want Point, LineString, Polygon or MultiPolygon)", g.Type)
}

func decodeCoords(field string, g geoJSONGeometry, v any, want string) error {
	if err := json.Unmarshal(g.Coordinates, v); err != nil {
		return badRequest(field, "coordinates of a %s must be %s of numbers: %v", g.Type, want, err)
	}
	return nil
}

// position reads one position of 2 or 3 numbers; hasZ is cleared when it
// has no height.
func position(field string, c []float64, p *geo.Point3, hasZ *bool) error {
	if len(c) < 2 || len(c) > 3 {
		return badRequest(field, "position %v: want [lon, lat] or [lon, lat, h], got %d numbers", c, len(c))
	}
	for _, v := range c {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return badRequest(field, "position %v: not a finite number", c)
		}
	}
	copy(p[:], c)
	if len(c) == 2 {
		*hasZ = false
	}
	return nil
}

func positions(field string, c [][]float64, hasZ *bool) ([]geo.Point3, error) {
	pts := make([]geo.Point3, len(c))
	for i := range c {
		if err := position(field, c[i], &pts[i], hasZ); err != nil {
			return nil, err
		}
	}
	return pts, nil
}

func rings(field string, c [][][]float64, hasZ *bool) ([][]geo.Point3, error) {
	if len(c) == 0 {
		return nil, badRequest(field, "polygon without rings")
	}
	poly := make([][]geo.Point3, len(c))
	for i := range c {
		ring, err := positions(field, c[i], hasZ)
		if err != nil {
			return nil, err
		}
		if err := checkRingClosed(field, i, ring); err != nil {
			return nil, err
		}
		poly[i] = ring
	}
	return poly, nil
}

func multiPolygon(field string, c [][][][]float64, s *Shape) error {
	if len(c) == 0 {
		return badRequest(field, "MultiPolygon without polygons")
	}
	for i := range c {
		poly, err := rings(fmt.Sprintf("%s polygon %d", field, i), c[i], &s.HasZ)
		if err != nil {
			return err
		}
		s.Polygons = append(s.Polygons, poly)
	}
	return nil
}

// checkRingClosed checks that ring i has 4 positions or more and ends
// where it starts (in the request's own coordinates).
func checkRingClosed(field string, i int, ring []geo.Point3) error {
	name := "outer ring"
	if i > 0 {
		name = fmt.Sprintf("hole %d", i)
	}
	if len(ring) < 4 {
		return badRequest(field, "%s has %d positions; a closed ring needs at least 4 (the last repeating the first)", name, len(ring))
	}
	first, last := ring[0], ring[len(ring)-1]
	if first[0] != last[0] || first[1] != last[1] {
		return badRequest(field, "%s is not closed: it starts at %v and ends at %v (repeat the first position at the end)",
			name, first[:2], last[:2])
	}
	return nil
}

// checkPositions checks the number of positions.
func checkPositions(field string, s Shape, maxVertices int) error {
	n := 0
	s.eachSlice(func(pts []geo.Point3) { n += len(pts) })
	if maxVertices > 0 && n > maxVertices {
		return badRequest(field, "%d positions, over the cap of %d; simplify the geometry", n, maxVertices)
	}
	return nil
}
