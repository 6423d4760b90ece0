// Package osm reads buildings and building parts from OpenStreetMap files:
// PBF (.osm.pbf) and XML (.osm), the XML also bzip2- or gzip-compressed
// (.osm.bz2, .osm.gz). The encoding is told from the first bytes, the name
// only helps Detect.
//
// A building is a closed way tagged building=* or building:part=* (other
// than "no"), or a type=multipolygon relation with such tags, assembled
// from its member ways as osmium's area assembler does: segments drawn
// twice cancel out, the rest are joined end to end into rings, and rings
// nest by containment (roles are not trusted). What cannot be assembled (an
// unclosed ring, a node or member way cut off at the extract boundary, a
// ring without area) is skipped, counted and logged with log/slog, again
// like osmium; a file that cannot be read (truncated, corrupt, not OSM) is
// an error naming it.
//
// Heights: height (metres or feet, "12", "12 m", "40'"), else
// building:levels × the level height (3 m, or the mapping's
// level_height_m), else ingest.DefaultBuildingHeightM; min_height or
// building:min_level raise the base; roof:shape sets the roof shape and,
// for pitched roofs, roof:height or roof:levels the eaves. OSM has no
// terrain, so the ground is at 0 m: base and roof elevations are heights
// above ground until a terrain model is applied. Footprints are WGS84 lon°,
// lat° (EPSG:4326, the only CRS OSM uses; another --crs is an error), outer
// rings counter-clockwise, LoD "1". Source ids are "way/<id>" and
// "relation/<id>"; a relation with several outer rings yields one building
// per outer ring, the largest "relation/<id>", the others
// "relation/<id>/2", "/3"... in decreasing area. Every tag is kept as an
// attribute, with height_source saying which rule gave the height.
//
// Reading takes one pass over the file, keeping every node's position and
// every way's node list in compact form (about 16 bytes per node and 8 per
// way node): a city extract of a few million nodes needs well under 200 MB.
// Options.Progress gets the bytes read from the file as stored (compressed).
// PBF blocks are checked before osmpbf decodes them (see pbfGuard).
package osm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// Format reads OpenStreetMap PBF and XML files.
var Format = ingest.Format{Name: "osm", Detect: detect, Read: read}

// maxLoggedSkips bounds the warnings logged per skip reason; the summary
// counts them all.
const maxLoggedSkips = 10

// stats counts what one read did.
type stats struct {
	buildings int            // features written
	skipped   map[string]int // candidates dropped, by reason
	badTags   map[string]int // tag values ignored, by key
}

func read(ctx context.Context, src ingest.Source, opts ingest.Options, w twin.FeatureWriter) (string, error) {
	_, err := readFile(ctx, src, opts, w, slog.Default())
	return geo.WGS84CRS, err
}

// readFile reads src into w and returns what it did.
func readFile(ctx context.Context, src ingest.Source, opts ingest.Options, w twin.FeatureWriter, log *slog.Logger) (*stats, error) {
	if err := checkCRS(opts.CRS); err != nil {
		return nil, &ingest.FeatureError{File: src.Name, Err: err}
	}
	if opts.Dataset == "" {
		return nil, &ingest.FeatureError{File: src.Name, Err: errors.New("osm: no dataset name")}
	}
	ix := newIndex()
	if err := scanFile(ctx, src, opts.Progress, ix.add); err != nil {
		return nil, err
	}
	ix.finish()
	e := &emitter{file: src.Name, opts: opts, w: w, log: log,
		st: &stats{skipped: map[string]int{}, badTags: map[string]int{}}}
	if err := e.emitAll(ctx, ix); err != nil {
		return e.st, err
	}
	e.summary(ctx)
	return e.st, nil
}

// checkCRS accepts no --crs or one naming WGS84 lon/lat.
func checkCRS(crs string) error {
	if crs == "" {
		return nil
	}
	n, err := geo.NormalizeCRS(crs)
	if err == nil && (n == geo.WGS84CRS || strings.EqualFold(n, "OGC:CRS84") || strings.EqualFold(n, "CRS84")) {
		return nil
	}
	return fmt.Errorf("osm: --crs %q: OSM data is always WGS84 lon/lat (EPSG:4326)", crs)
}

// emitter turns assembled candidates into buildings.
type emitter struct {
	file string
	opts ingest.Options
	w    twin.FeatureWriter
	log  *slog.Logger
	st   *stats
}

func (e *emitter) emitAll(ctx context.Context, ix *index) error {
	levelM := 0.0
	if e.opts.Mapping != nil {
		levelM = e.opts.Mapping.LevelHeightM
	}
	for i, c := range ix.candidates {
		if i%1024 == 0 && ctx.Err() != nil {
			return &ingest.FeatureError{File: e.file, Err: fmt.Errorf("osm: %w", ctx.Err())}
		}
		id := c.sourceID()
		polys, sk := ix.polygons(c)
		if sk != nil {
			e.skip(id, sk)
			continue
		}
		for k, poly := range polys {
			pid := id
			if k > 0 {
				pid = fmt.Sprintf("%s/%d", id, k+1)
			}
			if err := e.put(pid, c, poly, levelM); err != nil {
				return err
			}
		}
	}
	return nil
}
