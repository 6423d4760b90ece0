package viewer

import (
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// delftFile is the Delft CityJSON sample (160 buildings, LoD2) below
// ../shared/data.
const delftFile = "cityjson/cjio_delft.city.json"

// TestExportedDelftInLoadersGL ingests the Delft CityJSON sample with
// `twin ingest`, builds and exports its tiles, and loads them with
// loaders.gl: every tileset and every content parses, every exported
// file is reachable, and the contents carry Delft's features with their
// metadata.
func TestExportedDelftInLoadersGL(t *testing.T) {
	h := needHarness(t, "@loaders.gl/3d-tiles", "@loaders.gl/core")
	file := ingesttest.SharedData(t, delftFile)
	dir := exportTwin(t, h, []string{"ingest", file, "--dataset", "delft"})
	rep, code := checkLoadersGL(t, h, dir)
	assertLoadersClean(t, rep, code, dir)
	if rep.Tilesets < 2 || rep.Contents == 0 || rep.Features == 0 {
		t.Errorf("%d tilesets, %d contents, %d features: want a root and a buildings tileset with featured content",
			rep.Tilesets, rep.Contents, rep.Features)
	}
	for _, f := range rep.Files {
		if f.Kind != "content" {
			continue
		}
		for _, ext := range []string{"EXT_mesh_features", "EXT_structural_metadata"} {
			if !slices.Contains(f.Extensions, ext) {
				t.Errorf("%s: extensionsUsed %v lacks %s", f.File, f.Extensions, ext)
			}
		}
		if id, _ := f.SampleFeature["id"].(string); f.Features == 0 || !strings.HasPrefix(id, "delft:") {
			t.Errorf("%s: %d features, first %v: want Delft features with an id delft:…", f.File, f.Features, f.SampleFeature)
		}
	}
}
