package geojson

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin/ingest/internal/vector"
)

var errorf = fmt.Errorf

// rawGeometry is a geometry with its coordinates not yet decoded.
type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// dims tracks whether positions are 2D or 3D.
type dims struct{ n2, n3 int }

// parseGeometry decodes a geometry member. A null geometry or empty
// coordinates give an empty Geometry.
func parseGeometry(raw json.RawMessage) (vector.Geometry, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return vector.Geometry{}, nil
	}
	var rg rawGeometry
	if err := json.Unmarshal(raw, &rg); err != nil {
		return vector.Geometry{}, errorf("geometry: %v", err)
	}
	coords := bytes.TrimSpace(rg.Coordinates)
	switch {
	case rg.Type == "GeometryCollection":
		return vector.Geometry{}, errorf("GeometryCollection is not supported: split it into Features")
	case len(coords) == 0 || string(coords) == "null":
		return vector.Geometry{}, errorf("%s geometry has no coordinates", rg.Type)
	case bytes.Contains(coords, []byte("null")):
		return vector.Geometry{}, errorf("%s coordinates contain null", rg.Type)
	}
	var d dims
	g, err := decodeCoordinates(rg.Type, coords, &d)
	if err != nil {
		return vector.Geometry{}, errorf("%s: %v", rg.Type, err)
	}
	if d.n2 > 0 && d.n3 > 0 {
		return vector.Geometry{}, errorf("%s mixes %d 2D and %d 3D positions", rg.Type, d.n2, d.n3)
	}
	g.Has3D = d.n3 > 0
	return g, nil
}

// decodeCoordinates decodes the coordinates of a geometry type.
func decodeCoordinates(typ string, coords json.RawMessage, d *dims) (vector.Geometry, error) {
	var g vector.Geometry
	var err error
	switch typ {
	case "Point":
		var c []float64
		if err = json.Unmarshal(coords, &c); err == nil && len(c) > 0 {
			var p geo.Point3
			p, err = d.position(c)
			g.Points = []geo.Point3{p}
		}
	case "MultiPoint":
		var c [][]float64
		if err = json.Unmarshal(coords, &c); err == nil {
			g.Points, err = d.positions(c)
		}
	case "LineString":
		var c [][]float64
		if err = json.Unmarshal(coords, &c); err == nil && len(c) > 0 {
			var line []geo.Point3
			line, err = d.positions(c)
			g.Lines = [][]geo.Point3{line}
		}
	case "MultiLineString":
		var c [][][]float64
		if err = json.Unmarshal(coords, &c); err == nil {
			g.Lines, err = d.lines(c)
		}
	case "Polygon":
		var c [][][]float64
		if err = json.Unmarshal(coords, &c); err == nil && len(c) > 0 {
			var rings [][]geo.Point3
			rings, err = d.lines(c)
			g.Polygons = [][][]geo.Point3{rings}
		}
	case "MultiPolygon":
		g.Polygons, err = d.polygons(coords)
	default:
		err = errorf("unknown geometry type %q", typ)
	}
	return g, err
}

func (d *dims) polygons(coords json.RawMessage) ([][][]geo.Point3, error) {
	var c [][][][]float64
	if err := json.Unmarshal(coords, &c); err != nil {
		return nil, err
	}
	polys := make([][][]geo.Point3, len(c))
	for i, rings := range c {
		if len(rings) == 0 {
			return nil, errorf("polygon %d has no rings", i)
		}
		var err error
		if polys[i], err = d.lines(rings); err != nil {
			return nil, errorf("polygon %d: %v", i, err)
		}
	}
	return polys, nil
}

func (d *dims) lines(c [][][]float64) ([][]geo.Point3, error) {
	lines := make([][]geo.Point3, len(c))
	for i, l := range c {
		var err error
		if lines[i], err = d.positions(l); err != nil {
			return nil, errorf("part %d: %v", i, err)
		}
	}
	return lines, nil
}

func (d *dims) positions(c [][]float64) ([]geo.Point3, error) {
	pts := make([]geo.Point3, len(c))
	for i, pos := range c {
		var err error
		if pts[i], err = d.position(pos); err != nil {
			return nil, errorf("position %d: %v", i, err)
		}
	}
	return pts, nil
}

// position reads x, y and an optional z; further values (a measure) are
// ignored as RFC 7946 §3.1.1 allows.
func (d *dims) position(c []float64) (geo.Point3, error) {
	switch {
	case len(c) < 2:
		return geo.Point3{}, errorf("%v has %d numbers, want 2 or 3", c, len(c))
	case len(c) == 2:
		d.n2++
		return geo.Point3{c[0], c[1], 0}, nil
	}
	d.n3++
	return geo.Point3{c[0], c[1], c[2]}, nil
}
