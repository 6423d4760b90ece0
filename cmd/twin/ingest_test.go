package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// TestIngestSharedData loads every shared file of the supported formats
// through the CLI and checks the counts that ../shared/data/README.md gives.
func TestIngestSharedData(t *testing.T) {
	cases := []struct {
		name, dataset string
		files         []string
		flags         []string
		buildings     int
		segments      int
		nodes         int
	}{
		{name: "delft cityjson 2.0", dataset: "delft", files: []string{"cityjson/cjio_delft.city.json"}, buildings: 160},
		{name: "rotterdam textured", dataset: "rotterdam", files: []string{"cityjson/rotterdam/rotterdam_subset.city.json"}, flags: []string{"--crs", "EPSG:7415"}, buildings: 16},
		{name: "3dbag multi lod", dataset: "bag", files: []string{"cityjson/cjio_3dbag_multi_lod.city.json"}, flags: []string{"--crs", "EPSG:7415", "--lod", "1.2"}, buildings: 10},
		{name: "den haag cityjson 1.1 parts", dataset: "denhaag", files: []string{"cityjson/cjio_denhaag_DH_01_subs.city.json"}, flags: []string{"--crs", "EPSG:7415"}, buildings: 4},
		{name: "nanaimo shapefile", dataset: "nanaimo", files: []string{"utilities/nanaimo_water/pipes_v2/pipes.shp"}, flags: []string{"--mapping", "assets/mappings/nanaimo-pipes.json"}, segments: 17755},
		{name: "nanaimo subset", dataset: "nanaimo-sm", files: []string{"utilities/nanaimo_water/pipes_v1_subset/PIPES_AND_SERVICES_sm.shp"}, flags: []string{"--mapping", "assets/mappings/nanaimo-pipes.json"}, segments: 3331},
		{name: "ky4 pipes geojson", dataset: "ky4", files: []string{"utilities/wntr_ky4/ky4_pipes.geojson"}, flags: []string{"--mapping", "assets/mappings/ky4-pipes.json"}, segments: 1156},
		{name: "ky4 junctions geojson", dataset: "ky4-junctions", files: []string{"utilities/wntr_ky4/ky4_junctions.geojson"}, flags: []string{"--mapping", "assets/mappings/ky4-junctions.json"}, nodes: 959},
		{name: "ky4 tanks", dataset: "ky4-tanks", files: []string{"utilities/wntr_ky4/ky4_tanks.geojson"}, flags: []string{"--mapping", "assets/mappings/ky4-tanks.json"}, nodes: 4},
		{name: "ky4 pumps", dataset: "ky4-pumps", files: []string{"utilities/wntr_ky4/ky4_pumps.geojson"}, flags: []string{"--mapping", "assets/mappings/ky4-pumps.json"}, nodes: 2},
		{name: "ky4 reservoir", dataset: "ky4-reservoir", files: []string{"utilities/wntr_ky4/ky4_reservoirs.geojson"}, flags: []string{"--mapping", "assets/mappings/ky4-reservoirs.json"}, nodes: 1},
		{name: "andorra geojson footprints", dataset: "andorra-geojson", files: []string{"osm/derived/andorra-2018-03-01-buildings.geojson"}, buildings: 2999},
		{name: "monaco osm pbf", dataset: "monaco", files: []string{"osm/monaco-2021-04-19.osm.pbf"}, buildings: 1220 /* osmium's 1,232 polygons include 12 untagged relation members; see twin/ingest/osm */},
		{name: "andorra osm xml bz2", dataset: "andorra", files: []string{"osm/andorra-2018-03-01.osm.bz2"}, buildings: 2999},
		{name: "monaco geojson footprints", dataset: "monaco-geojson", files: []string{"osm/derived/monaco-2021-04-19-buildings.geojson"}, buildings: 1232},
	}
	store := filepath.Join(t.TempDir(), "twin.db")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--store", store, "ingest", "--dataset", tc.dataset}
			for _, f := range tc.files {
				args = append(args, sharedData(t, f))
			}
			for i := 0; i < len(tc.flags); i++ {
				f := tc.flags[i]
				if f == "--mapping" {
					i++
					args = append(args, f, repoFile(t, tc.flags[i]))
					continue
				}
				args = append(args, f)
			}
			mustRun(t, args...)
			d := findDataset(t, readInfo(t, store), tc.dataset)
			if d.Buildings != tc.buildings || d.Segments != tc.segments || d.Nodes != tc.nodes {
				t.Errorf("counts: got %d buildings, %d segments, %d nodes; want %d, %d, %d",
					d.Buildings, d.Segments, d.Nodes, tc.buildings, tc.segments, tc.nodes)
			}
		})
	}
}

func findDataset(t testing.TB, info infoJSON, name string) infoDataset {
	t.Helper()
	for _, d := range info.Datasets {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("dataset %q not in info: %+v", name, info.Datasets)
	return infoDataset{}
}

// TestIngestReplaces checks that loading a dataset again replaces it, and
// that loading identical content logs no change.
func TestIngestReplaces(t *testing.T) {
	store := filepath.Join(t.TempDir(), "twin.db")
	full := sharedData(t, "utilities/nanaimo_water/pipes_v1_subset/PIPES_AND_SERVICES_sm.shp")
	mapping := repoFile(t, "assets/mappings/nanaimo-pipes.json")
	mustRun(t, "--store", store, "ingest", full, "--dataset", "w", "--mapping", mapping)
	seq := readInfo(t, store).LastSeq
	out := mustRun(t, "--store", store, "ingest", full, "--dataset", "w", "--mapping", mapping)
	if !strings.Contains(out, "0 added, 0 changed, 3331 unchanged, 0 deleted") {
		t.Errorf("re-ingest of the same file: %s", out)
	}
	if got := readInfo(t, store).LastSeq; got != seq {
		t.Errorf("unchanged re-ingest moved the change log from %d to %d", seq, got)
	}
	delft := sharedData(t, "cityjson/cjio_delft.city.json")
	mustRun(t, "--store", store, "ingest", delft, "--dataset", "w")
	d := findDataset(t, readInfo(t, store), "w")
	if d.Segments != 0 || d.Buildings != 160 {
		t.Errorf("after replacing pipes with Delft: %d segments, %d buildings", d.Segments, d.Buildings)
	}
}

// TestIngestNetworkWithMappings loads the KY4 network (pipes, junctions,
// tanks, pumps, reservoir) as one dataset, each file with its own mapping,
// and checks that every pipe's end nodes are nodes of the dataset.
func TestIngestNetworkWithMappings(t *testing.T) {
	store := filepath.Join(t.TempDir(), "twin.db")
	args := []string{"--store", store, "ingest", "--dataset", "ky4"}
	for _, part := range []string{"pipes", "junctions", "tanks", "pumps", "reservoirs"} {
		args = append(args, "--mapping", repoFile(t, "assets/mappings/ky4-"+part+".json"),
			sharedData(t, "utilities/wntr_ky4/ky4_"+part+".geojson"))
	}
	mustRun(t, args...)
	d := findDataset(t, readInfo(t, store), "ky4")
	if d.Segments != 1156 || d.Nodes != 959+4+2+1 {
		t.Fatalf("ky4: %d segments, %d nodes; want 1156, 966", d.Segments, d.Nodes)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var missing []string
	err = s.Search(ctx, geo.Bounds3{Min: geo.Point3{-180, -90, -1e4}, Max: geo.Point3{180, 90, 1e4}},
		twin.Filter{Kinds: []twin.Kind{twin.KindSegment}}, func(f twin.Feature) bool {
			seg := f.(*twin.UtilitySegment)
			for _, id := range []string{seg.StartNode, seg.EndNode} {
				if _, err := s.Feature(ctx, id); err != nil {
					missing = append(missing, seg.ID+" -> "+id)
				}
			}
			return true
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("%d pipe ends do not resolve to a node, e.g. %v", len(missing), missing[:min(5, len(missing))])
	}
}
