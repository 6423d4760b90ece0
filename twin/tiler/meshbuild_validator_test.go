package tiler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/viewer/nodetool"
)

// TestKhronosValidator runs the Khronos glTF validator (through node, as
// tiles' TestGLBKhronosValidator does) on the content of a few demo layers
// and of Delft; any error fails. Install it with `make deps`.
func TestKhronosValidator(t *testing.T) {
	script, node := nodetool.Validator(t)
	dir := t.TempDir()
	coll := demoCollector(t)
	m := NewMesher(MesherOptions{})
	cases := []struct {
		name     string
		layer    string
		detail   Detail
		quantize bool
	}{
		{"buildings-full", LayerBuildings, DetailFull, true},
		{"buildings-coarse", LayerBuildings, DetailCoarse, false},
		{"water-full", "water", DetailFull, false},
		{"water-coarse-lines", "water", DetailCoarse, true},
		{"storm-full", "storm", DetailFull, true},
		{"power-coarse", "power", DetailCoarse, false},
	}
	var files []string
	for _, tc := range cases {
		features := layerFeatures(coll, tc.layer)
		c, err := m.Build(features, frameFor(features), tc.detail)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, tc.name+".glb")
		if err := os.WriteFile(path, encode(t, c, m.Schema(tc.layer), tc.quantize), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	runValidator(t, node, script, files)
}

// TestKhronosValidatorDelft validates the content of the Delft CityJSON
// file (LoD1 solids) at both details.
func TestKhronosValidatorDelft(t *testing.T) {
	script, node := nodetool.Validator(t)
	features := readCityJSON(t, "cityjson/cjio_delft.city.json", "")
	m := NewMesher(MesherOptions{})
	var files []string
	for _, detail := range []Detail{DetailFull, DetailCoarse} {
		c, err := m.Build(features, frameFor(features), detail)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), []string{"delft-full.glb", "delft-coarse.glb"}[detail])
		if err := os.WriteFile(path, encode(t, c, m.Schema(LayerBuildings), detail == DetailCoarse), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	runValidator(t, node, script, files)
}

// runValidator runs the script on files and fails on any validator error.
func runValidator(t *testing.T, node, script string, files []string) {
	t.Helper()
	rep, _ := nodetool.Validate(t, node, script, files...)
	if len(rep.Files) != len(files) {
		t.Fatalf("validator reported %d files, want %d", len(rep.Files), len(files))
	}
	for _, f := range rep.Files {
		t.Run(filepath.Base(f.File), func(t *testing.T) {
			if f.Failure != "" {
				t.Fatalf("validator failed: %s", f.Failure)
			}
			for _, msg := range f.Messages {
				if msg.Severity == "error" || msg.Severity == "warning" {
					t.Logf("%s %s %s: %s", msg.Severity, msg.Code, msg.Pointer, msg.Message)
				}
			}
			if f.Errors != 0 {
				t.Errorf("%d validator errors (see the log)", f.Errors)
			}
		})
	}
	t.Logf("gltf-validator %s: %d errors, %d warnings in %d files", rep.Validator, rep.Errors, rep.Warnings, len(files))
}
