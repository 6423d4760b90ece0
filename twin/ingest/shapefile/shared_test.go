package shapefile

import (
	"context"
	"math"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

const (
	nanaimoV2 = "utilities/nanaimo_water/pipes_v2/pipes.shp"
	nanaimoV1 = "utilities/nanaimo_water/pipes_v1_subset/PIPES_AND_SERVICES_sm.shp"
)

func readShared(t testing.TB, rel string, opts ingest.Options) (*collector, string) {
	t.Helper()
	c := &collector{}
	crs, err := Read(context.Background(), fileSource(t, sharedFile(t, rel)), opts, c)
	if err != nil {
		t.Fatal(err)
	}
	return c, crs
}

func TestReadNanaimo(t *testing.T) {
	tests := []struct {
		name, file string
		mapping    bool
		segments   int
		// duplicates is the number of records whose PIPEID was used before.
		duplicates int
	}{
		{"v2 with the mapping", nanaimoV2, true, 17755, 5},
		{"v2 with the default mapping", nanaimoV2, false, 17755, 0},
		{"v1 subset with the mapping", nanaimoV1, true, 3331, 1210},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := ingest.Options{Dataset: "nanaimo"}
			if tc.mapping {
				opts.Mapping = mapping(t, "nanaimo-pipes.json")
			}
			c, crs := readShared(t, tc.file, opts)
			if crs != "EPSG:26910" {
				t.Errorf("crs %q, want EPSG:26910 (from the ESRI .prj)", crs)
			}
			if len(c.Segments) != tc.segments || len(c.Buildings)+len(c.Nodes) != 0 {
				t.Errorf("%d segments, %d other; want %d segments", len(c.Segments), len(c.Buildings)+len(c.Nodes), tc.segments)
			}
			if len(c.warnings) != tc.duplicates {
				t.Errorf("%d warnings, want %d duplicate-id warnings", len(c.warnings), tc.duplicates)
			}
		})
	}
}

func TestNanaimoSpotChecks(t *testing.T) {
	c, _ := readShared(t, nanaimoV2, ingest.Options{Dataset: "n", Mapping: mapping(t, "nanaimo-pipes.json")})
	byID := map[string]*twin.UtilitySegment{}
	for _, s := range c.Segments {
		byID[s.SourceID] = s
		p := s.Centreline[0]
		if math.Abs(p[0]+123.95) > 0.2 || math.Abs(p[1]-49.15) > 0.2 {
			t.Fatalf("segment %s starts at %v, not in Nanaimo", s.ID, p)
		}
	}
	tests := []struct {
		name string
		id   string
		test func(s *twin.UtilitySegment) bool
	}{
		{"first record", "61179", func(s *twin.UtilitySegment) bool {
			return s.DiameterMM == 200 && s.Material == "CI" && s.InstallYear == 1932 &&
				s.StartNode == "n:62998" && s.EndNode == "n:45596" && s.Network == twin.NetworkWater
		}},
		{"water depth default", "2", func(s *twin.UtilitySegment) bool {
			return s.DepthM == 1.8 && s.Vertical == twin.VerticalDepth && s.Centreline[0][2] == -1.8
		}},
		{"split pipe keeps both pieces", "1740#1", func(s *twin.UtilitySegment) bool {
			return byID["1740"] != nil && s.DiameterMM == 200
		}},
		{"two-part record joined into one line", "10364", func(s *twin.UtilitySegment) bool {
			return len(s.Centreline) == 3 && byID["10364#1"] == nil
		}},
		{"attributes kept", "61179", func(s *twin.UtilitySegment) bool {
			return s.Attributes["TYPE"] == "Primary Distribution" && s.Attributes["LENGTH"] == 0.46
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := byID[tc.id]
			if s == nil {
				t.Fatalf("no segment %q", tc.id)
			}
			if !tc.test(s) {
				t.Errorf("segment %q: %+v", tc.id, *s)
			}
		})
	}
	t.Run("unknown year and overflowed node ids", func(t *testing.T) {
		var year0, noStart int
		for _, s := range c.Segments {
			if s.InstallYear == 0 {
				year0++
			}
			if s.StartNode == "" {
				noStart++
			}
		}
		if year0 != 108 || noStart == 0 {
			t.Errorf("%d segments without a year (want the 108 with YEAR 0), %d without a start node", year0, noStart)
		}
	})
}
