package server

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Limits of a feature search page.
const (
	defaultSearchLimit = 100
	maxSearchLimit     = 1000
)

// featureQuery is a parsed GET /api/v1/features request.
type featureQuery struct {
	bounds     geo.Bounds3
	filter     twin.Filter
	networks   []twin.Network
	statuses   []twin.Status
	conditions []condition
	limit      int
	offset     int
}

// searchParams are the query parameters a search takes.
var searchParams = []string{"dataset", "layer", "kind", "network", "status", "bbox", "where", "limit", "offset"}

// parseFeatureQuery reads the search parameters: dataset, layer, kind,
// network and status (each repeated or comma-separated: any of them),
// bbox=minlon,minlat,maxlon,maxlat (or six values with heights), where
// (repeated: all of them), limit and offset.
func parseFeatureQuery(v url.Values) (featureQuery, error) {
	q := featureQuery{bounds: worldBounds(), limit: defaultSearchLimit}
	for k := range v {
		if !slices.Contains(searchParams, k) {
			return q, fmt.Errorf("unknown parameter %q (want %s)", k, strings.Join(searchParams, ", "))
		}
	}
	q.filter.Datasets = listParam(v, "dataset")
	q.filter.Layers = listParam(v, "layer")
	for _, k := range listParam(v, "kind") {
		kind := twin.Kind(k)
		if !slices.Contains([]twin.Kind{twin.KindBuilding, twin.KindSegment, twin.KindNode, twin.KindMesh}, kind) {
			return q, fmt.Errorf("kind %q: want building, segment, node or mesh", k)
		}
		q.filter.Kinds = append(q.filter.Kinds, kind)
	}
	for _, n := range listParam(v, "network") {
		net, err := twin.ParseNetwork(n)
		if err != nil {
			return q, err
		}
		q.networks = append(q.networks, net)
	}
	for _, st := range listParam(v, "status") {
		status, err := twin.ParseStatus(st)
		if err != nil {
			return q, err
		}
		q.statuses = append(q.statuses, status)
	}
	if err := q.parseRest(v); err != nil {
		return q, err
	}
	return q, nil
}

// parseRest reads bbox, where, limit and offset.
func (q *featureQuery) parseRest(v url.Values) error {
	if s := v.Get("bbox"); s != "" {
		b, err := parseBBox(s)
		if err != nil {
			return err
		}
		q.bounds = b
	}
	if len(v["where"]) > maxConditions {
		return fmt.Errorf("%d where conditions: at most %d", len(v["where"]), maxConditions)
	}
	for _, w := range v["where"] {
		c, err := parseCondition(w)
		if err != nil {
			return err
		}
		q.conditions = append(q.conditions, c)
	}
	var err error
	if q.limit, err = intParam(v, "limit", defaultSearchLimit, 1, maxSearchLimit); err != nil {
		return err
	}
	q.offset, err = intParam(v, "offset", 0, 0, math.MaxInt32)
	return err
}

// listParam returns the non-empty values of a repeated, comma-separated
// parameter.
func listParam(v url.Values, key string) []string {
	var out []string
	for _, s := range v[key] {
		for part := range strings.SplitSeq(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func intParam(v url.Values, key string, def, lo, hi int) (int, error) {
	s := v.Get(key)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s %q: want an integer from %d to %d", key, s, lo, hi)
	}
	return n, nil
}

// parseBBox reads minlon,minlat,maxlon,maxlat or
// minlon,minlat,minh,maxlon,maxlat,maxh.
func parseBBox(s string) (geo.Bounds3, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return geo.Bounds3{}, fmt.Errorf("bbox %q: want minlon,minlat,maxlon,maxlat (or 6 values with heights)", s)
	}
	f := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return geo.Bounds3{}, fmt.Errorf("bbox %q: %q is not a number", s, p)
		}
		f[i] = x
	}
	b := worldBounds()
	if len(f) == 4 {
		b.Min[0], b.Min[1], b.Max[0], b.Max[1] = f[0], f[1], f[2], f[3]
	} else {
		b.Min, b.Max = geo.Point3{f[0], f[1], f[2]}, geo.Point3{f[3], f[4], f[5]}
	}
	if b.IsEmpty() {
		return b, fmt.Errorf("bbox %q: minimum above maximum", s)
	}
	return b, nil
}

// worldBounds holds every feature.
func worldBounds() geo.Bounds3 {
	return geo.Bounds3{Min: geo.Point3{-180, -90, math.Inf(-1)}, Max: geo.Point3{180, 90, math.Inf(1)}}
}

// matchTyped tests the network and status filters.
func (q *featureQuery) matchTyped(f twin.Feature) bool {
	var net twin.Network
	var status twin.Status
	switch v := f.(type) {
	case *twin.UtilitySegment:
		net, status = v.Network, v.Status
	case *twin.UtilityNode:
		net, status = v.Network, v.Status
	}
	if len(q.networks) > 0 && !slices.Contains(q.networks, net) {
		return false
	}
	return len(q.statuses) == 0 || slices.Contains(q.statuses, status)
}

// matchProps tests every where condition.
func (q *featureQuery) matchProps(props map[string]any) bool {
	for _, c := range q.conditions {
		if !c.match(props) {
			return false
		}
	}
	return true
}
