package osm

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestParseLength(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true},
		{"12.5", 12.5, true},
		{"12,5", 12.5, true},
		{"12 m", 12, true},
		{"12m", 12, true},
		{" 7 metres ", 7, true},
		{"0", 0, true},
		{"40'", 12.192, true},
		{"40 ft", 12.192, true},
		{"12'6\"", 3.81, true},
		{"-3", 0, false},
		{"tall", 0, false},
		{"12;15", 0, false},
		{"5000", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseLength(tt.in)
			if ok != tt.ok || (ok && math.Abs(got-tt.want) > 1e-9) {
				t.Errorf("parseLength(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseLevels(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"5", 5, true},
		{"2.5", 2.5, true},
		{"0", 0, true},
		{"3;4", 0, false},
		{"-1", 0, false},
		{"many", 0, false},
		{"1000", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseLevels(tt.in)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("parseLevels(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func tagsOf(kv ...string) osm.Tags {
	var tags osm.Tags
	for i := 0; i+1 < len(kv); i += 2 {
		tags = append(tags, osm.Tag{Key: kv[i], Value: kv[i+1]})
	}
	return tags
}

func TestBuildingHeights(t *testing.T) {
	tests := []struct {
		name             string
		tags             osm.Tags
		levelM           float64
		base, roof, eave float64
		shape            twin.RoofShape
		source           string
		bad              []string
	}{
		{"height", tagsOf("height", "12"), 0, 0, 12, 0, "", "height", nil},
		{"height in feet", tagsOf("height", "40'"), 0, 0, 12.192, 0, "", "height", nil},
		{"levels", tagsOf("building:levels", "4"), 0, 0, 12, 0, "", "levels", nil},
		{"levels, mapping level height", tagsOf("building:levels", "4"), 2.5, 0, 10, 0, "", "levels", nil},
		{"height wins over levels", tagsOf("height", "20", "building:levels", "4"), 0, 0, 20, 0, "", "height", nil},
		{"default", tagsOf("building", "yes"), 0, 0, ingest.DefaultBuildingHeightM, 0, "", "default", nil},
		{"unparsable height falls back", tagsOf("height", "tall", "building:levels", "2"), 0, 0, 6, 0, "", "levels", []string{"height"}},
		{"min_height", tagsOf("height", "30", "min_height", "10"), 0, 10, 30, 0, "", "height", nil},
		{"building:min_level", tagsOf("building:levels", "5", "building:min_level", "2"), 0, 6, 15, 0, "", "levels", nil},
		{"flat roof keeps no eaves", tagsOf("height", "10", "roof:shape", "flat", "roof:height", "2"), 0, 0, 10, 0, twin.RoofFlat, "height", nil},
		{"gabled roof below height", tagsOf("height", "10", "roof:shape", "gabled", "roof:height", "3"), 0, 0, 10, 7, twin.RoofGabled, "height", nil},
		{"hipped roof on levels", tagsOf("building:levels", "2", "roof:shape", "hipped", "roof:levels", "1"), 0, 0, 9, 6, twin.RoofHipped, "levels", nil},
		{"roof taller than building", tagsOf("height", "4", "min_height", "1", "roof:shape", "pyramidal", "roof:height", "9"), 0, 1, 4, 1, twin.RoofPyramidal, "height", nil},
		{"unknown roof shape", tagsOf("height", "10", "roof:shape", "gambrel", "roof:height", "2"), 0, 0, 10, 8, twin.RoofUnknown, "height", nil},
		{"skillion, bad roof height", tagsOf("height", "10", "roof:shape", "skillion", "roof:height", "x"), 0, 0, 10, 0, twin.RoofSkillion, "height", []string{"roof:height"}},
		{"dome", tagsOf("height", "20", "roof:shape", "Dome", "roof:height", "5"), 0, 0, 20, 15, twin.RoofDome, "height", nil},
	}
	fp := orb.Polygon{box(7, 43, 7.001, 43.001)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, bad := building("d", "way/1", tt.tags, fp, tt.levelM)
			if b.BaseM != tt.base || math.Abs(b.RoofM-tt.roof) > 1e-9 || b.EaveM != tt.eave {
				t.Errorf("base, roof, eave = %v, %v, %v; want %v, %v, %v", b.BaseM, b.RoofM, b.EaveM, tt.base, tt.roof, tt.eave)
			}
			if b.RoofShape != tt.shape || b.Attributes["height_source"] != tt.source {
				t.Errorf("shape %q source %v; want %q %q", b.RoofShape, b.Attributes["height_source"], tt.shape, tt.source)
			}
			if !slices.Equal(bad, tt.bad) {
				t.Errorf("ignored tags %v, want %v", bad, tt.bad)
			}
			for _, tag := range tt.tags {
				if b.Attributes[tag.Key] != tag.Value {
					t.Errorf("attribute %s = %v, want %q", tag.Key, b.Attributes[tag.Key], tag.Value)
				}
			}
			if err := twin.Validate(b); err != nil {
				t.Error(err)
			}
		})
	}
}
