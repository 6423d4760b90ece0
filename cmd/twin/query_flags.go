package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/citytwin/citytwin/twin/query"
)

// queryFlags are the flags of the query subcommands; each registers the
// ones it uses.
type queryFlags struct {
	file, crs                         string
	table, withGeometry               bool
	timeout                           time.Duration
	bbox, polygon, point, line        string
	layers, kinds, networks, statuses listFlag
	datasets, where                   listFlag
	depth                             string
	limit, offset                     int
	cursor                            string
	within, probeDepth, halfWidth     float64
	bins                              string
	start, traceKind, svg             string
}

func (qf *queryFlags) register(fs *flag.FlagSet, name string) {
	fs.StringVar(&qf.file, "file", "", "request `JSON` file (\"-\": standard input); flags override its fields")
	fs.BoolVar(&qf.table, "table", false, "print a short table instead of JSON")
	fs.DurationVar(&qf.timeout, "timeout", 0, "query deadline (default 10s)")
	switch name {
	case "area", "stats", "proximity":
		qf.registerSpatial(fs, name)
	case "trace":
		fs.StringVar(&qf.start, "start", "", "start segment or node `id`")
		fs.StringVar(&qf.traceKind, "trace-kind", "", "connected, upstream, downstream or isolate")
	case "section":
		fs.StringVar(&qf.svg, "svg", "", "also write the section as SVG to `FILE`")
		fs.StringVar(&qf.line, "line", "", "section line `lon,lat;lon,lat;...`")
		fs.Float64Var(&qf.halfWidth, "half-width", 0, "corridor half-width, `metres` (default 1)")
	}
	if name == "clash" || name == "section" {
		fs.StringVar(&qf.crs, "crs", "", "CRS of the request's coordinates (default EPSG:4326)")
	}
}

func (qf *queryFlags) registerSpatial(fs *flag.FlagSet, name string) {
	fs.StringVar(&qf.crs, "crs", "", "CRS of the coordinates (default EPSG:4326, [lon, lat])")
	fs.Var(&qf.layers, "layer", "keep a `layer` (buildings, water, ...); repeat or comma-separate")
	fs.Var(&qf.kinds, "kind", "keep a feature `kind` (building, segment, node, mesh)")
	fs.Var(&qf.networks, "network", "keep a utility `network`")
	fs.Var(&qf.statuses, "status", "keep a utility `status` (existing, planned, abandoned)")
	fs.Var(&qf.datasets, "dataset", "keep a `dataset`")
	fs.Var(&qf.where, "where", "attribute comparison `\"attr op value\"`, op one of = != < <= > >= ~ (repeatable)")
	fs.StringVar(&qf.depth, "depth", "", "utility depth below ground `MIN:MAX` metres (either may be empty)")
	if name == "proximity" {
		fs.StringVar(&qf.point, "point", "", "probe point `lon,lat[,h]`")
		fs.StringVar(&qf.line, "line", "", "probe line `lon,lat[,h];lon,lat[,h];...`")
		fs.StringVar(&qf.polygon, "polygon", "", "probe polygon as GeoJSON geometry `JSON`")
		fs.Float64Var(&qf.within, "within", 0, "search distance, `metres`")
		fs.Float64Var(&qf.probeDepth, "probe-depth", 0, "probe depth below ground when it has no heights, `metres`")
	} else {
		fs.StringVar(&qf.bbox, "bbox", "", "area `minx,miny,maxx,maxy`")
		fs.StringVar(&qf.polygon, "polygon", "", "area as GeoJSON Polygon or MultiPolygon `JSON`")
	}
	if name == "stats" {
		fs.StringVar(&qf.bins, "bins", "", "height histogram edges `m,m,...`")
		return
	}
	fs.IntVar(&qf.limit, "limit", 0, "result cap (default 1000, at most 10000)")
	fs.BoolVar(&qf.withGeometry, "geometry", false, "include each feature's GeoJSON")
	if name == "area" {
		fs.IntVar(&qf.offset, "offset", 0, "skip this many results")
		fs.StringVar(&qf.cursor, "cursor", "", "continue after a previous answer's next_cursor")
	}
}

// listFlag is a repeatable, comma-separated string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// conditions parses the --where flags.
func (qf *queryFlags) conditions() ([]query.Condition, error) {
	var out []query.Condition
	for _, w := range qf.where {
		c, err := parseCondition(w)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// parseCondition reads "attr op value": a number or true/false compares
// as such, anything else (or a quoted value) as a string.
func parseCondition(s string) (query.Condition, error) {
	for _, op := range []string{"!=", "<=", ">=", "=", "<", ">", "~"} {
		i := strings.Index(s, op)
		if i <= 0 {
			continue
		}
		c := query.Condition{Attr: strings.TrimSpace(s[:i]), Op: op}
		v := strings.TrimSpace(s[i+len(op):])
		switch {
		case len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
			c.Value = v[1 : len(v)-1]
		case v == "true" || v == "false":
			c.Value = v == "true"
		default:
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				c.Value = f
			} else {
				c.Value = v
			}
		}
		return c, nil
	}
	return query.Condition{}, &query.BadRequestError{Field: "--where", Msg: fmt.Sprintf("%q: want \"attr op value\" with op one of = != < <= > >= ~", s)}
}

// parseFloats reads n (or, if alt > 0, alt) comma-separated numbers.
func parseFloats(flagName, s string, n, alt int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n && (alt == 0 || len(parts) != alt) {
		return nil, &query.BadRequestError{Field: "--" + flagName, Msg: fmt.Sprintf("%q: want %d comma-separated numbers", s, n)}
	}
	out := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, &query.BadRequestError{Field: "--" + flagName, Msg: fmt.Sprintf("%q is not a number", p)}
		}
		out[i] = f
	}
	return out, nil
}

// depthRange reads --depth MIN:MAX.
func (qf *queryFlags) depthRange() (*query.Range, error) {
	lo, hi, ok := strings.Cut(qf.depth, ":")
	if !ok {
		return nil, &query.BadRequestError{Field: "--depth", Msg: fmt.Sprintf("%q: want MIN:MAX metres", qf.depth)}
	}
	r := &query.Range{}
	for _, x := range []struct {
		s   string
		dst **float64
	}{{lo, &r.Min}, {hi, &r.Max}} {
		if strings.TrimSpace(x.s) == "" {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(x.s), 64)
		if err != nil {
			return nil, &query.BadRequestError{Field: "--depth", Msg: fmt.Sprintf("%q is not a number", x.s)}
		}
		*x.dst = &f
	}
	return r, nil
}

// geometryJSON builds a GeoJSON geometry from --point or --line.
func geometryJSON(typ string, positions [][]float64) json.RawMessage {
	var coords any = positions
	if typ == query.TypePoint {
		coords = positions[0]
	}
	b, _ := json.Marshal(map[string]any{"type": typ, "coordinates": coords})
	return b
}
