package osm

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// Plausibility limits for height tags; values outside are ignored (and
// counted) as if absent, so one odd tag does not stop a city's import.
const (
	maxTagHeightM = 1000.0 // above the tallest building
	maxTagLevels  = 300.0
)

var (
	metresRe = regexp.MustCompile(`^(\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:m|meters?|metres?)?$`)
	feetRe   = regexp.MustCompile(`^(\d+(?:\.\d*)?)\s*(?:'|ft|feet|foot)\s*(?:(\d+(?:\.\d*)?)\s*(?:"|''|in|inch|inches))?$`)
	numberRe = regexp.MustCompile(`^\d+(?:[.,]\d*)?$`)
)

// parseLength reads an OSM length in metres: "12", "12.5", "12,5", "12 m",
// "40'", "40 ft", "12'6\"". It reports false for anything else, including
// negative and implausible values.
func parseLength(s string) (float64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	var v float64
	var err error
	if m := metresRe.FindStringSubmatch(s); m != nil {
		v, err = strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	} else if m := feetRe.FindStringSubmatch(s); m != nil {
		var in float64
		v, err = strconv.ParseFloat(m[1], 64)
		if err == nil && m[2] != "" {
			in, err = strconv.ParseFloat(m[2], 64)
		}
		v = v*0.3048 + in*0.0254
	} else {
		return 0, false
	}
	return v, err == nil && v >= 0 && v <= maxTagHeightM
}

// parseLevels reads a storey count such as "5" or "2.5".
func parseLevels(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if !numberRe.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return v, err == nil && v <= maxTagLevels
}

// roofShapes are the roof:shape values with a twin.RoofShape; others stay
// in the attributes only.
var roofShapes = map[string]twin.RoofShape{
	"flat": twin.RoofFlat, "gabled": twin.RoofGabled, "hipped": twin.RoofHipped,
	"pyramidal": twin.RoofPyramidal, "skillion": twin.RoofSkillion, "dome": twin.RoofDome,
}

// tagReader reads height tags, remembering the keys whose values it could
// not use.
type tagReader struct {
	tags osm.Tags
	bad  []string
}

func (t *tagReader) value(key string, parse func(string) (float64, bool)) (float64, bool) {
	s := t.tags.Find(key)
	if s == "" {
		return 0, false
	}
	v, ok := parse(s)
	if !ok {
		t.bad = append(t.bad, key)
	}
	return v, ok
}

// building makes a block-model building from a footprint and OSM tags.
// Heights: height, else building:levels × level height, else
// ingest.DefaultBuildingHeightM; min_height or building:min_level raise the
// base. OSM has no terrain, so the ground is at 0 m and heights are above
// ground. For pitched roofs roof:height (or roof:levels × level height)
// gives the eaves: below the roof when the height is known, above the walls
// when it comes from building:levels (which count no roof storeys). It
// returns the tag keys whose values were ignored.
func building(dataset, sourceID string, tags osm.Tags, fp orb.Polygon, levelM float64) (*twin.Building, []string) {
	if levelM <= 0 {
		levelM = ingest.DefaultLevelHeightM
	}
	t := &tagReader{tags: tags}
	h := ingest.BuildingHeights{LevelHeightM: levelM}
	h.Height, h.HasHeight = t.value("height", parseLength)
	h.MinHeight, _ = t.value("min_height", parseLength)
	h.Levels, h.HasLevels = t.value("building:levels", parseLevels)
	h.MinLevels, _ = t.value("building:min_level", parseLevels)
	attrs := make(twin.Attributes, len(tags)+1)
	for _, tag := range tags {
		attrs[tag.Key] = tag.Value
	}
	b := &twin.Building{
		Header:    twin.Header{ID: twin.FeatureID(dataset, sourceID), Dataset: dataset, SourceID: sourceID, Attributes: attrs},
		Footprint: fp, LoD: "1",
	}
	var source string
	b.BaseM, b.RoofM, source = h.Resolve()
	attrs["height_source"] = source
	t.roof(b, source, levelM)
	return b, t.bad
}

// roof sets the roof shape and, for pitched roofs with a known roof height,
// the eaves.
func (t *tagReader) roof(b *twin.Building, source string, levelM float64) {
	shape := strings.ToLower(strings.TrimSpace(t.tags.Find("roof:shape")))
	b.RoofShape = roofShapes[shape]
	if shape == "" || shape == "flat" {
		return
	}
	roofM, ok := t.value("roof:height", parseLength)
	if !ok {
		var levels float64
		levels, ok = t.value("roof:levels", parseLevels)
		roofM = levels * levelM
	}
	switch {
	case !ok || roofM <= 0:
	case source == "levels":
		b.EaveM, b.RoofM = b.RoofM, b.RoofM+roofM
	default:
		b.EaveM = max(b.BaseM, b.RoofM-roofM)
	}
}
