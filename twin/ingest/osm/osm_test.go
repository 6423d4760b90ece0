package osm

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// The osmium area export in osm/derived counts, besides buildings, the
// tagged member ways of building relations (swimming pools, gardens, ways
// tagged only source=...), which it also turns into polygons: Monaco's 1,232
// are 1,220 buildings and parts plus 12 such rings. The test checks that
// we produce exactly the export's building-tagged polygons.
func TestRealData(t *testing.T) {
	tests := []struct {
		file, derived string
		osmium        int            // features in the osmium export
		buildings     int            // of which buildings and parts
		sources       map[string]int // height_source counts
	}{
		{"osm/monaco-2021-04-19.osm.pbf", "osm/derived/monaco-2021-04-19-buildings.geojson",
			1232, 1220, map[string]int{"height": 38, "levels": 80, "default": 1102}},
		{"osm/andorra-2018-03-01.osm.bz2", "osm/derived/andorra-2018-03-01-buildings.geojson",
			2999, 2999, map[string]int{"levels": 124, "default": 2875}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c, st, err := readPath(t, dataFile(t, tt.file), ingest.Options{Dataset: "city"})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Buildings) != tt.buildings || st.buildings != tt.buildings {
				t.Errorf("%d buildings (stats %d), want %d", len(c.Buildings), st.buildings, tt.buildings)
			}
			if len(st.skipped) != 0 {
				t.Errorf("skipped %v, want none", st.skipped)
			}
			sources := map[string]int{}
			for _, b := range c.Buildings {
				sources[b.Attributes["height_source"].(string)]++
			}
			if !maps.Equal(sources, tt.sources) {
				t.Errorf("height sources %v, want %v", sources, tt.sources)
			}
			want, others := derivedRings(t, dataFile(t, tt.derived))
			if len(want)+others != tt.osmium {
				t.Errorf("export: %d building rings + %d others, want %d features", len(want), others, tt.osmium)
			}
			compareRings(t, c.Buildings, want)
		})
	}
}

// ringKey identifies a ring by its sorted vertices (osmium and we may
// start and orient rings differently).
func ringKey(r [][2]float64) string {
	keys := make([]string, 0, len(r))
	for _, p := range r[:len(r)-1] {
		keys = append(keys, fmt.Sprintf("%.7f,%.7f", p[0], p[1]))
	}
	sort.Strings(keys)
	return strings.Join(keys, ";")
}

// derivedRings reads an osmium GeoJSON export: the outer-ring keys of its
// building polygons (with their hole counts) and the number of other
// features.
func derivedRings(t *testing.T, path string) (map[string]int, int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Coordinates [][][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	rings, others := map[string]int{}, 0
	for _, f := range fc.Features {
		b, _ := f.Properties["building"].(string)
		p, _ := f.Properties["building:part"].(string)
		if (b == "" || b == "no") && (p == "" || p == "no") {
			others++
			continue
		}
		for _, poly := range f.Geometry.Coordinates {
			rings[ringKey(poly[0])] = len(poly) - 1
		}
	}
	return rings, others
}

func compareRings(t *testing.T, got []*twin.Building, want map[string]int) {
	t.Helper()
	seen := map[string]bool{}
	var extra []string
	for _, b := range got {
		k := ringKey(pointsOf(b.Footprint[0]))
		seen[k] = true
		holes, ok := want[k]
		switch {
		case !ok:
			extra = append(extra, b.SourceID)
		case holes != len(b.Footprint)-1:
			t.Errorf("%s: %d holes, osmium has %d", b.SourceID, len(b.Footprint)-1, holes)
		}
	}
	missing := 0
	for k := range want {
		if !seen[k] {
			missing++
		}
	}
	if len(extra) > 0 || missing > 0 {
		slices.Sort(extra)
		t.Errorf("%d buildings not in the osmium export (%v), %d export polygons missing", len(extra), extra, missing)
	}
}

func pointsOf(r orb.Ring) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, p := range r {
		out[i] = p
	}
	return out
}

// TestPBFAndXMLAgree converts the Monaco PBF to gzipped XML with the osm
// library and checks that both give the same buildings.
func TestPBFAndXMLAgree(t *testing.T) {
	path := dataFile(t, "osm/monaco-2021-04-19.osm.pbf")
	fromPBF, _, err := readPath(t, path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := &osm.OSM{Version: "0.6"}
	sc := osmpbf.New(context.Background(), newPBFGuard(bytes.NewReader(data)), 1)
	for sc.Scan() {
		doc.Append(sc.Object())
	}
	sc.Close()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	x, err := xml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	fromXML, _, err := readBytes(t, "monaco.osm.gz", gzipBytes(x), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromXML.Buildings) != len(fromPBF.Buildings) {
		t.Fatalf("XML gave %d buildings, PBF %d", len(fromXML.Buildings), len(fromPBF.Buildings))
	}
	for i, a := range fromPBF.Buildings {
		b := fromXML.Buildings[i]
		if a.SourceID != b.SourceID || a.RoofM != b.RoofM || !orb.Equal(a.Footprint, b.Footprint) {
			t.Errorf("building %d: PBF %s (roof %v) and XML %s (roof %v) differ", i, a.SourceID, a.RoofM, b.SourceID, b.RoofM)
		}
	}
}
