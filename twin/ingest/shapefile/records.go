package shapefile

import (
	"fmt"

	"github.com/twpayne/go-geom"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/internal/vector"
)

// checkIndex checks that the .shx entry of record n points at it.
func (set *fileSet) checkIndex(n int, rec *shpRecord) error {
	if set.shx == nil {
		return nil
	}
	if n > len(set.shx) {
		return set.errorf(set.shxName, fmt.Sprintf("#%d", n), "the .shx indexes only %d records", len(set.shx))
	}
	e := set.shx[n-1]
	if int64(e.Offset) != rec.offset || int64(e.ContentLength) != rec.contentLength {
		return set.errorf(set.shxName, fmt.Sprintf("#%d", n), "the .shx gives offset %d length %d, the .shp has %d and %d",
			e.Offset, e.ContentLength, rec.offset, rec.contentLength)
	}
	return nil
}

// checkCounts checks, after the last .shp record, that the .dbf and .shx
// hold as many records.
func (set *fileSet) checkCounts(records int) error {
	if set.shx != nil && len(set.shx) != records {
		return set.errorf(set.shxName, "", "the .shx indexes %d records, the .shp has %d", len(set.shx), records)
	}
	if set.dbf != nil && set.dbf.records != records {
		return set.errorf(set.dbfName, "", "the .dbf has %d records, the .shp %d", set.dbf.records, records)
	}
	return nil
}

// nextAttributes reads the .dbf record that goes with the next .shp record.
func (set *fileSet) nextAttributes(feature string) (ingest.Props, bool, error) {
	if set.dbf == nil {
		return ingest.Props{}, false, nil
	}
	props, deleted, err := set.dbf.next()
	if err != nil {
		return nil, false, set.errorf(set.dbfName, feature, "%v", err)
	}
	return props, deleted, nil
}

// toGeometry converts a decoded record geometry; nil (a null shape) and
// shapes without points give an empty Geometry. The flat coordinates and
// ends are checked here, as go-geom's accessors would panic on bad ones.
func toGeometry(g geom.T) (vector.Geometry, error) {
	if g == nil {
		return vector.Geometry{}, nil
	}
	flat, stride, zi := g.FlatCoords(), g.Stride(), g.Layout().ZIndex()
	out := vector.Geometry{Has3D: zi >= 0 && len(flat) > 0}
	var err error
	switch g := g.(type) {
	case *geom.Point, *geom.MultiPoint:
		out.Points, err = points(flat, stride, zi, 0, len(flat))
	case *geom.MultiLineString:
		out.Lines, err = parts(flat, stride, zi, g.Ends())
	case *geom.MultiPolygon:
		out.Polygons, err = polygons(flat, stride, zi, g.Endss())
	default:
		err = fmt.Errorf("unsupported geometry %T", g)
	}
	return out, err
}

func polygons(flat []float64, stride, zi int, endss [][]int) ([][][]geo.Point3, error) {
	var polys [][][]geo.Point3
	for _, ends := range endss {
		rings, err := parts(flat, stride, zi, ends)
		if err != nil {
			return nil, err
		}
		if len(rings) > 0 {
			polys = append(polys, rings)
		}
	}
	return polys, nil
}

// parts splits flat coordinates at ends, dropping parts without points.
func parts(flat []float64, stride, zi int, ends []int) ([][]geo.Point3, error) {
	var out [][]geo.Point3
	offset := 0
	for _, end := range ends {
		pts, err := points(flat, stride, zi, offset, end)
		if err != nil {
			return nil, err
		}
		if len(pts) > 0 {
			out = append(out, pts)
		}
		offset = end
	}
	return out, nil
}

func points(flat []float64, stride, zi, from, to int) ([]geo.Point3, error) {
	if stride < 2 || from < 0 || to < from || to > len(flat) || from%stride != 0 || to%stride != 0 {
		return nil, fmt.Errorf("corrupt part bounds %d..%d of %d coordinates", from, to, len(flat))
	}
	pts := make([]geo.Point3, 0, (to-from)/stride)
	for i := from; i < to; i += stride {
		p := geo.Point3{flat[i], flat[i+1], 0}
		if zi >= 0 {
			p[2] = flat[i+zi]
		}
		pts = append(pts, p)
	}
	return pts, nil
}
