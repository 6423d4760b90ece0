package tiler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// TestExportKhronosValidator builds the demo district with the real
// mesher, exports it and runs the Khronos glTF validator on every GLB of
// the export: zero errors.
func TestExportKhronosValidator(t *testing.T) {
	script, node := exportValidatorTools(t)
	cases := []struct {
		name string
		opts Options
	}{
		{"default options", Options{}},
		{"small trees", smallTrees()},
		{"meshopt", Options{Meshopt: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := demoStore(t)
			mustBuild(t, s, NewMesher(MesherOptions{}), tc.opts)
			dir := t.TempDir()
			if _, err := Export(context.Background(), s, dir, ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			var files []string
			for p := range exportedFiles(t, dir) {
				if strings.HasSuffix(p, ".glb") {
					files = append(files, filepath.Join(dir, filepath.FromSlash(p)))
				}
			}
			slices.Sort(files)
			validateGLBs(t, script, node, files)
		})
	}
}

// validateGLBs runs the validator on files and fails on any error.
func validateGLBs(t *testing.T, script, node string, files []string) {
	cmd := exec.Command(node, append([]string{script, "--max-issues", "20"}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run validator: %v\n%s", err, stderr.String())
	}
	var rep struct {
		Validator string `json:"validator"`
		Errors    int    `json:"errors"`
		Warnings  int    `json:"warnings"`
		Files     []struct {
			File     string `json:"file"`
			Failure  string `json:"failure"`
			Errors   int    `json:"errors"`
			Messages []struct {
				Code, Severity, Pointer, Message string
			} `json:"messages"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("validator output: %v\n%s\n%s", err, out, stderr.String())
	}
	if len(rep.Files) != len(files) || len(files) < 8 {
		t.Fatalf("validator reported %d files of %d", len(rep.Files), len(files))
	}
	for _, f := range rep.Files {
		if f.Failure != "" || f.Errors != 0 {
			t.Errorf("%s: %d errors %s %+v", f.File, f.Errors, f.Failure, f.Messages)
		}
	}
	t.Logf("gltf-validator %s: %d GLBs, %d errors, %d warnings", rep.Validator, len(files), rep.Errors, rep.Warnings)
}

// exportValidatorTools finds the validator script, its npm package and
// node; a missing one fails the test under CI and skips it elsewhere.
func exportValidatorTools(t *testing.T) (script, node string) {
	t.Helper()
	missing := func(what string) {
		msg := what + " missing: run `npm ci --prefix viewer`"
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
