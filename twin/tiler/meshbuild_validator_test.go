package tiler

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// validatorReport is the JSON printed by viewer/tools/validate-gltf.mjs.
type validatorReport struct {
	Validator string `json:"validator"`
	Errors    int    `json:"errors"`
	Warnings  int    `json:"warnings"`
	Files     []struct {
		File     string `json:"file"`
		Failure  string `json:"failure"`
		Errors   int    `json:"errors"`
		Warnings int    `json:"warnings"`
		Messages []struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Pointer  string `json:"pointer"`
			Message  string `json:"message"`
		} `json:"messages"`
	} `json:"files"`
}

// TestKhronosValidator runs the Khronos glTF validator (through node, as
// tiles' TestGLBKhronosValidator does) on the content of a few demo layers
// and of Delft; any error fails. Install it with `make deps`.
func TestKhronosValidator(t *testing.T) {
	script, node := validatorTools(t)
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
	script, node := validatorTools(t)
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
	cmd := exec.Command(node, append([]string{script}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run validator: %v\n%s", err, stderr.String())
	}
	var rep validatorReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("validator output: %v\n%s\n%s", err, out, stderr.String())
	}
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

// validatorTools finds the script, its npm package and node; a missing one
// fails the test under CI and skips it elsewhere.
func validatorTools(t *testing.T) (script, node string) {
	t.Helper()
	missing := func(what string) {
		msg := what + " missing: run `make deps`"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	script = ingesttest.RepoFile(t, "viewer/tools/validate-gltf.mjs")
	if _, err := os.Stat(script); err != nil {
		missing(script)
	}
	if _, err := os.Stat(ingesttest.RepoFile(t, "viewer/node_modules/gltf-validator/package.json")); err != nil {
		missing("viewer/node_modules/gltf-validator")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node")
	}
	return script, node
}
