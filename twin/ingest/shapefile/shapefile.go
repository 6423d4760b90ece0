// Package shapefile reads ESRI Shapefiles into twin features. It reads the
// .shp (geometry, streamed record by record), the .dbf (attributes,
// streamed), the .shx (index, used to check the .shp) and the .prj (CRS,
// ESRI WKT), all opened through ingest.Source.Open with the extension of the
// .shp swapped (.dbf or .DBF, whichever exists). Record decoding and the
// header checks come from github.com/twpayne/go-shapefile.
//
// Geometries go through the mapping (Options.Mapping or the default): a
// PolyLine (Z/M) record becomes utility segments (parts that continue one
// another are joined, the others get the id "<id>#<n>"), a Polygon record
// one building per outer ring, a Point or MultiPoint record nodes. Z values
// are measured heights; M values are ignored. dBase fields become the
// feature's properties: numbers as float64, trimmed strings, dates as
// "YYYY-MM-DD".
//
// Rules for imperfect real data, each reported through ingest.Warn:
//   - a record with a null shape (shape type 0) or without points, and a
//     record deleted in the .dbf, is skipped;
//   - a numeric field that is blank or filled with '*' (dBase's overflow
//     mark) is null;
//   - a source id used twice is stored as "<id>#<n>" (Nanaimo splits some
//     pipes into several records with one PIPEID).
//
// A truncated or corrupt file, record counts that differ between the .shp,
// .shx and .dbf, a .shx that does not index the .shp, and broken geometry
// (rings that are not closed, lines of one point) are errors that name the
// file and the record ("#<n>" before its id is known).
package shapefile

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/internal/vector"
)

// Format is the Shapefile input format.
var Format = ingest.Format{Name: "shapefile", Detect: Detect, Read: Read}

// shpFileCode starts every .shp and .shx file (big-endian 9994).
var shpFileCode = []byte{0x00, 0x00, 0x27, 0x0a}

// Detect reports whether a file is a Shapefile: a .shp name (any case)
// whose first bytes, when given, are the Shapefile file code.
func Detect(name string, head []byte) bool {
	if !strings.EqualFold(filepath.Ext(name), ".shp") {
		return false
	}
	return len(head) < len(shpFileCode) || bytes.HasPrefix(head, shpFileCode)
}

// Read streams the records of src (a .shp) into w and returns the CRS used.
func Read(ctx context.Context, src ingest.Source, opts ingest.Options, w twin.FeatureWriter) (string, error) {
	if opts.Dataset == "" {
		return "", &ingest.FeatureError{File: src.Name, Err: errors.New("shapefile: no dataset name")}
	}
	set, err := openSet(src, opts.Progress)
	if err != nil {
		return "", err
	}
	defer set.close()
	crs, t, err := ingest.ResolveCRS(src.Name, set.declaredCRS(), opts)
	if err != nil {
		return "", err
	}
	defer t.Close()
	out := &vector.Writer{File: src.Name, Dataset: opts.Dataset, Mapping: opts.Mapping.OrDefault(), T: t, W: w}
	if err := readRecords(ctx, set, out); err != nil {
		return "", err
	}
	set.shp.finish()
	return crs, nil
}

// readRecords converts every record of the set.
func readRecords(ctx context.Context, set *fileSet, out *vector.Writer) error {
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		fallback := "#" + strconv.Itoa(n)
		rec, err := set.shp.next()
		if errors.Is(err, io.EOF) {
			return set.checkCounts(n - 1)
		}
		if err != nil {
			return set.errorf(set.shpName, fallback, "%v", err)
		}
		if err := set.checkIndex(n, rec); err != nil {
			return err
		}
		props, deleted, err := set.nextAttributes(fallback)
		if err != nil {
			return err
		}
		if deleted {
			out.Warnf(fallback, "shapefile: record is deleted in the .dbf: skipped")
			continue
		}
		g, err := toGeometry(rec.geom)
		id := vector.SourceID(out.Mapping, props, "", fallback)
		if err != nil {
			return set.errorf(set.shpName, id, "%v", err)
		}
		if err := out.Write(id, props, g); err != nil {
			return err
		}
	}
}
