package ingest_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

func TestLoadMapping(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "pipes.json", `{
		"kind": "segment",
		"id": "GUID",
		"network": "Water",
		"network_property": "NET",
		"network_values": {"W": "water", "S": "foul"},
		"diameter": {"property": "DIAM|DN", "unit": "in"},
		"width": {"property": "W", "unit": "cm"},
		"depth": {"property": "DEPTH", "unit": "ft"},
		"elevation": {"property": "Z", "unit": "us-ft"},
		"material": "MAT",
		"install_year": "YEAR",
		"status": "STATE",
		"start_node": "FROM",
		"end_node": "TO",
		"node_kind": "valve",
		"node_kind_property": "TYPE",
		"height": {"property": "H", "unit": "m"},
		"min_height": {"property": "MINH", "unit": "m"},
		"levels": "LEVELS",
		"level_height_m": 3.2,
		"default_depth_m": {"water": 1.5, "electric": 0.6}
	}`)
	want := &ingest.Mapping{
		Kind: "segment", ID: "GUID", Network: "Water", NetworkProperty: "NET",
		NetworkValues: map[string]string{"W": "water", "S": "foul"},
		Diameter:      ingest.Quantity{Property: "DIAM|DN", Unit: "in"},
		Width:         ingest.Quantity{Property: "W", Unit: "cm"},
		Depth:         ingest.Quantity{Property: "DEPTH", Unit: "ft"},
		Elevation:     ingest.Quantity{Property: "Z", Unit: "us-ft"},
		Material:      "MAT", InstallYear: "YEAR", Status: "STATE", StartNode: "FROM", EndNode: "TO",
		NodeKind: "valve", NodeKindProperty: "TYPE",
		Height: ingest.Quantity{Property: "H", Unit: "m"}, MinHeight: ingest.Quantity{Property: "MINH", Unit: "m"},
		Levels: "LEVELS", LevelHeightM: 3.2,
		// Network synonyms are rewritten to the network's name.
		DefaultDepthM: map[string]float64{"water": 1.5, "power": 0.6},
	}
	got, err := ingest.LoadMapping(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadMapping =\n%+v\nwant\n%+v", got, want)
	}
}

func TestLoadMappingErrors(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"unknown key", `{"diamter": {"property": "DN", "unit": "mm"}}`, []string{"unknown field", "diamter"}},
		{"unknown quantity key", `{"diameter": {"property": "DN", "units": "mm"}}`, []string{"unknown field", "units"}},
		{"bad network", `{"network": "lava"}`, []string{`unknown network "lava"`}},
		{"bad network value", `{"network_property": "N", "network_values": {"X": "lava"}}`, []string{`network_values["X"]`, `"lava"`}},
		{"bad unit", `{"diameter": {"property": "DN", "unit": "furlong"}}`, []string{`property "DN"`, `unknown unit "furlong"`}},
		{"bad depth unit", `{"depth": {"property": "D", "unit": "fathom"}}`, []string{`property "D"`, "fathom"}},
		{"bad kind", `{"kind": "tree"}`, []string{`kind "tree"`, "building, segment or node"}},
		{"bad node kind", `{"node_kind": "valv"}`, []string{"node_kind", `"valv"`}},
		{"bad default depth network", `{"default_depth_m": {"watr": 1}}`, []string{`default_depth_m["watr"]`, "unknown network"}},
		{"negative default depth", `{"default_depth_m": {"gas": -1}}`, []string{`default_depth_m["gas"]`, "-1 m outside"}},
		{"network given twice", `{"default_depth_m": {"power": 1, "electric": 2}}`, []string{"network power given twice"}},
		{"wrong type", `{"level_height_m": "3"}`, []string{"level_height_m"}},
		{"not json", `kind: segment`, []string{"invalid character"}},
		{"empty", ``, []string{"EOF"}},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, dir, filepath.Base(t.Name())+".json", tc.text)
			m, err := ingest.LoadMapping(path)
			if m != nil {
				t.Error("LoadMapping returned a mapping with its error")
			}
			wantErr(t, err, append([]string{"ingest: mapping", path}, tc.want...)...)
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, err := ingest.LoadMapping(filepath.Join(dir, "nope.json"))
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v does not wrap fs.ErrNotExist", err)
		}
		wantErr(t, err, "ingest: mapping", "nope.json")
	})
}

// TestShippedMappings loads every mapping in assets/mappings, which the
// checks of LoadMapping must accept.
func TestShippedMappings(t *testing.T) {
	paths, err := filepath.Glob(ingesttest.RepoFile(t, "assets/mappings/*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no mappings in assets/mappings")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if _, err := ingest.LoadMapping(path); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestOrDefault(t *testing.T) {
	var none *ingest.Mapping
	if got := none.OrDefault(); !reflect.DeepEqual(got, ingest.DefaultMapping()) {
		t.Errorf("nil.OrDefault() = %+v, want DefaultMapping()", got)
	}
	m := &ingest.Mapping{Kind: "node"}
	if got := m.OrDefault(); got != m {
		t.Errorf("OrDefault() = %p, want the mapping itself %p", got, m)
	}
	if a, b := ingest.DefaultMapping(), ingest.DefaultMapping(); a == b {
		t.Error("DefaultMapping returns a shared value")
	}
}
