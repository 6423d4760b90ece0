package tiler

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/viewer/nodetool"
)

// TestExportKhronosValidator builds the demo district with the real
// mesher, exports it and runs the Khronos glTF validator on every GLB of
// the export: zero errors.
func TestExportKhronosValidator(t *testing.T) {
	script, node := nodetool.Validator(t)
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
	t.Helper()
	rep, _ := nodetool.Validate(t, node, script, append([]string{"--max-issues", "20"}, files...)...)
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
