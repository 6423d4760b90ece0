package tiler

import (
	"context"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/all"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// sharedDataset is a real dataset of ../shared/data loaded as it is in
// production, through ingest.Files.
type sharedDataset struct {
	name, file, mapping, crs string
}

func sharedDatasets() []sharedDataset {
	return []sharedDataset{
		{name: "delft", file: "cityjson/cjio_delft.city.json"},
		{name: "nanaimo", file: "utilities/nanaimo_water/pipes_v2/pipes.shp", mapping: "assets/mappings/nanaimo-pipes.json"},
	}
}

// loadShared ingests a shared dataset into a new store (skips when the
// data is missing, fails under CI).
func loadShared(tb testing.TB, d sharedDataset) twin.Store {
	tb.Helper()
	s := emptyStore(tb)
	opts := ingest.Options{Dataset: d.name, CRS: d.crs}
	if d.mapping != "" {
		m, err := ingest.LoadMapping(ingesttest.RepoFile(tb, d.mapping))
		if err != nil {
			tb.Fatal(err)
		}
		opts.Mapping = m
	}
	path := ingesttest.SharedData(tb, d.file)
	if _, err := ingest.Files(context.Background(), s, all.Formats(), ingest.Paths(path), opts, nil); err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestTreeSharedData builds real datasets with the Mesher: Delft's
// buildings (one small tile) and Nanaimo's 17,755 water pipes (a tree of
// several levels), then checks the tree as for the demo district.
func TestTreeSharedData(t *testing.T) {
	if testing.Short() {
		t.Skip("large datasets")
	}
	for _, d := range sharedDatasets() {
		t.Run(d.name, func(t *testing.T) {
			s := loadShared(t, d)
			m := NewMesher(MesherOptions{})
			rep := mustBuild(t, s, m, Options{})
			t.Logf("%s", rep)
			c := checkStoredTree(t, s, DefaultMaxTileBytes, 5)
			c.checkEveryFeatureOnce(s)
			if d.name == "nanaimo" && rep.Layers[0].Tiles < 5 {
				t.Errorf("Nanaimo in %d tiles, want a tree", rep.Layers[0].Tiles)
			}
		})
	}
}
