package cityjson

import (
	"encoding/json"
	"maps"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// TestSharedFiles reads each shared CityJSON file and checks the building
// count, the CRS and where the buildings are.
func TestSharedFiles(t *testing.T) {
	tests := []struct {
		name, file, crs string
		lod             string
		count           int
		lon, lat        [2]float64 // plausible range of every footprint vertex
		wantLoD         string
	}{
		{"delft declares its CRS", "cityjson/cjio_delft.city.json", "", "", 160, [2]float64{4.36, 4.375}, [2]float64{52.00, 52.02}, "1"},
		{"den haag parts folded", "cityjson/cjio_denhaag_DH_01_subs.city.json", "EPSG:7415", "", 4, [2]float64{4.27, 4.28}, [2]float64{52.09, 52.11}, "2"},
		{"3d bag highest lod", "cityjson/cjio_3dbag_multi_lod.city.json", "EPSG:7415", "", 10, [2]float64{5.36, 5.38}, [2]float64{51.71, 51.73}, "2.2"},
		{"3d bag lod 1.2", "cityjson/cjio_3dbag_multi_lod.city.json", "EPSG:7415", "1.2", 10, [2]float64{5.36, 5.38}, [2]float64{51.71, 51.73}, "1.2"},
		{"rotterdam", "cityjson/rotterdam/rotterdam_subset.city.json", "EPSG:7415", "", 16, [2]float64{4.44, 4.48}, [2]float64{51.90, 51.92}, "2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, crs, err := read(fileSource(dataPath(t, tc.file)), ingest.Options{Dataset: "nl", CRS: tc.crs, LoD: tc.lod})
			if err != nil {
				t.Fatal(err)
			}
			if crs != "EPSG:7415" {
				t.Errorf("crs = %q, want EPSG:7415", crs)
			}
			if len(c.Buildings) != tc.count {
				t.Fatalf("%d buildings, want %d", len(c.Buildings), tc.count)
			}
			for _, b := range c.Buildings {
				checkBuilding(t, b, tc.wantLoD, tc.lon, tc.lat)
			}
		})
	}
}

func checkBuilding(t *testing.T, b *twin.Building, lod string, lon, lat [2]float64) {
	t.Helper()
	if b.LoD != lod || b.ID != "nl:"+b.SourceID || b.Attributes["cityjson_type"] != "Building" {
		t.Errorf("%s: lod %q, id %q, type %v", b.SourceID, b.LoD, b.ID, b.Attributes["cityjson_type"])
	}
	if len(b.Footprint) == 0 || !b.Footprint[0].Closed() || b.Footprint[0].Orientation() != orb.CCW {
		t.Fatalf("%s: footprint %v is not a closed counter-clockwise ring", b.SourceID, b.Footprint)
	}
	for _, p := range b.Footprint[0] {
		if p[0] < lon[0] || p[0] > lon[1] || p[1] < lat[0] || p[1] > lat[1] {
			t.Fatalf("%s: footprint point %v outside lon %v lat %v", b.SourceID, p, lon, lat)
		}
	}
	if h := b.HeightM(); h < 0.5 || h > 60 || b.BaseM < -5 || b.BaseM > 20 {
		t.Errorf("%s: base %.2f m, roof %.2f m: implausible", b.SourceID, b.BaseM, b.RoofM)
	}
}

func readShared(t *testing.T, file, lod string) map[string]*twin.Building {
	t.Helper()
	c, _, err := read(fileSource(dataPath(t, file)), ingest.Options{Dataset: "nl", CRS: "EPSG:7415", LoD: lod})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*twin.Building{}
	for _, b := range c.Buildings {
		byID[b.SourceID] = b
	}
	return byID
}

func surfaceTypes(b *twin.Building) []string {
	var types []string
	for _, s := range b.Surfaces {
		if !slices.Contains(types, s.Type) {
			types = append(types, s.Type)
		}
	}
	slices.Sort(types)
	return types
}

func TestDelftSpotCheck(t *testing.T) {
	b := readShared(t, "cityjson/cjio_delft.city.json", "")["b1105d28c-00ba-11e6-b420-2bdcc4ab5d7f"]
	if b == nil {
		t.Fatal("building b1105d28c-00ba-11e6-b420-2bdcc4ab5d7f missing")
	}
	// The file gives measuredHeight 6 and min-height-surface -0.1.
	if math.Abs(b.RoofM-6) > 0.01 || math.Abs(b.BaseM+0.1) > 0.01 {
		t.Errorf("base %.3f roof %.3f, want -0.1 and 6", b.BaseM, b.RoofM)
	}
	if b.Attributes["measuredHeight"] != 6.0 || b.Attributes["identificatiebagpnd"] != "503100000000035" {
		t.Errorf("attributes not kept: %v", b.Attributes)
	}
	c := b.Footprint[0][0]
	if math.Abs(c[0]-4.3673) > 0.001 || math.Abs(c[1]-52.0112) > 0.001 {
		t.Errorf("footprint starts at %v, want near 4.3673 E 52.0112 N", c)
	}
}

func TestSemanticSurfaces(t *testing.T) {
	for _, file := range []string{"cityjson/rotterdam/rotterdam_subset.city.json", "cityjson/cjio_3dbag_multi_lod.city.json"} {
		t.Run(file, func(t *testing.T) {
			for id, b := range readShared(t, file, "") {
				got := strings.Join(surfaceTypes(b), ",")
				if got != "GroundSurface,RoofSurface,WallSurface" {
					t.Errorf("%s: surface types %s", id, got)
				}
				if b.RoofShape == twin.RoofUnknown && b.EaveM == 0 {
					t.Errorf("%s: no roof shape and no eave height", id)
				}
			}
		})
	}
}

func TestLoDSelection(t *testing.T) {
	const file, id = "cityjson/cjio_3dbag_multi_lod.city.json", "2128302"
	tests := []struct{ want, got string }{
		{"", "2.2"}, {"2.2", "2.2"}, {"1.2", "1.2"}, {"1.3", "1.3"},
		{"2", "2.2"}, {"1", "1.3"}, {"3", "2.2"}, {"1.25", "1.2"},
	}
	roof := map[string]float64{}
	for _, tc := range tests {
		t.Run("lod "+tc.want, func(t *testing.T) {
			b := readShared(t, file, tc.want)[id]
			if b.LoD != tc.got {
				t.Fatalf("LoD %q, want %q", b.LoD, tc.got)
			}
			if got := surfaceTypes(b); (tc.got == "2.2") != slices.Contains(got, "RoofSurface") {
				t.Errorf("surface types %v at LoD %s", got, tc.got)
			}
			roof[tc.got] = b.RoofM
		})
	}
	if !(roof["1.2"] < roof["2.2"]) {
		t.Errorf("LoD 1.2 roof %.2f m should be below the LoD 2.2 ridge %.2f m", roof["1.2"], roof["2.2"])
	}
}

func TestDenHaagParts(t *testing.T) {
	byID := readShared(t, "cityjson/cjio_denhaag_DH_01_subs.city.json", "")
	b := byID["GUID_13974D93-CB4F-4B5A-AB1E-577DD9928CF2"]
	if b == nil {
		t.Fatalf("building missing; have %v", slices.Sorted(maps.Keys(byID)))
	}
	parts, _ := b.Attributes["parts"].([]any)
	if len(parts) != 3 {
		t.Fatalf("parts = %v, want 3", b.Attributes["parts"])
	}
	first := parts[0].(map[string]any)
	attrs := first["attributes"].(map[string]any)
	if first["id"] != "GUID_13974D93-CB4F-4B5A-AB1E-577DD9928CF2_1" || attrs["roofType"] != "1130" {
		t.Errorf("first part = %v", first)
	}
	// The parts' ground surfaces merge into one footprint of their total area.
	var ground float64
	for _, s := range b.Surfaces {
		if s.Type == "GroundSurface" {
			r := make(orb.Ring, len(s.Rings[0]))
			for i, p := range s.Rings[0] {
				r[i] = orb.Point{p[0], p[1]}
			}
			ground += math.Abs(signedArea(r))
		}
	}
	if fp := polygonArea(b.Footprint); math.Abs(fp/ground-1) > 0.01 {
		t.Errorf("footprint area %.3g, ground surfaces %.3g", fp, ground)
	}
	if _, ok := byID["GUID_3D7D60B9-8F3A-4D3B-A3E5-CD9B5565A5B2"].Attributes["parts"]; ok {
		t.Error("a building without parts has a parts attribute")
	}
}

func TestMissingCRS(t *testing.T) {
	path := dataPath(t, "cityjson/cjio_3dbag_multi_lod.city.json")
	_, _, err := read(fileSource(path), ingest.Options{Dataset: "nl"})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--crs") {
		t.Fatalf("error %v, want one naming the file and --crs", err)
	}
}

// TestSeqMatchesFile turns the 3D BAG file into a CityJSONSeq stream, one
// feature per building, and checks that it reads the same.
func TestSeqMatchesFile(t *testing.T) {
	path := dataPath(t, "cityjson/cjio_3dbag_multi_lod.city.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	var features [][]string
	for _, id := range slices.Sorted(maps.Keys(objects(d))) {
		features = append(features, []string{id})
	}
	opts := ingest.Options{Dataset: "nl", CRS: "EPSG:7415"}
	fromFile, _, err := read(memSource("bag.city.json", data), opts)
	if err != nil {
		t.Fatal(err)
	}
	fromSeq, _, err := read(memSource("bag.city.jsonl", seq(t, d, features...)), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromSeq.Buildings) != 10 || !reflect.DeepEqual(fromFile.Buildings, fromSeq.Buildings) {
		t.Errorf("%d buildings from the stream differ from the file's %d", len(fromSeq.Buildings), len(fromFile.Buildings))
	}
}

func TestDetectSharedFiles(t *testing.T) {
	for _, file := range []string{"cityjson/cjio_delft.city.json", "cityjson/cjio_denhaag_DH_01_subs.city.json",
		"cityjson/cjio_3dbag_multi_lod.city.json", "cityjson/rotterdam/rotterdam_subset.city.json"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(dataPath(t, file))
			if err != nil {
				t.Fatal(err)
			}
			if !Detect("renamed.json", data[:min(len(data), 4096)]) {
				t.Error("not detected from its first bytes")
			}
		})
	}
}
