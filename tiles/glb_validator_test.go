package tiles

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/qmuntal/gltf"

	"github.com/citytwin/citytwin/viewer/nodetool"
)

// TestGLBKhronosValidator writes one GLB per test case and runs the
// Khronos glTF validator on them through node; any error fails.
// The validator does not know EXT_mesh_features or EXT_structural_metadata
// (it reports them as unsupported), so TestGLBLayout checks those.
func TestGLBKhronosValidator(t *testing.T) {
	script, node := nodetool.Validator(t)
	files, broken := glbWriteValidatorInputs(t, t.TempDir())
	rep, exitCode := nodetool.Validate(t, node, script, files...)
	if len(rep.Files) != len(files) {
		t.Fatalf("validator reported %d files, want %d", len(rep.Files), len(files))
	}
	for _, f := range rep.Files {
		t.Run(filepath.Base(f.File), func(t *testing.T) {
			if f.Failure != "" {
				t.Fatalf("validator failed: %s", f.Failure)
			}
			codes := map[string]bool{}
			for _, m := range f.Messages {
				codes[m.Code] = true
				if f.File != broken {
					t.Logf("%s %s %s: %s", m.Severity, m.Code, m.Pointer, m.Message)
				}
			}
			switch {
			case f.File == broken && (f.Errors == 0 || !codes["ACCESSOR_MAX_MISMATCH"]):
				t.Errorf("broken file: %d errors, messages %+v; want ACCESSOR_MAX_MISMATCH", f.Errors, f.Messages)
			case f.File != broken && f.Errors != 0:
				t.Errorf("%d validator errors (see the log)", f.Errors)
			}
		})
	}
	t.Logf("gltf-validator %s: %d errors (all in broken.glb), %d warnings", rep.Validator, rep.Errors, rep.Warnings)
	if exitCode != 1 {
		t.Errorf("validator exit status %d, want 1 for the broken file", exitCode)
	}
}

// glbWriteValidatorInputs writes one GLB per test case, plus broken.glb: a
// file the validator must reject, so that a harness that never counts
// errors cannot pass.
func glbWriteValidatorInputs(t *testing.T, dir string) (files []string, broken string) {
	t.Helper()
	for _, tc := range glbTestCases() {
		path := filepath.Join(dir, tc.name+".glb")
		if err := os.WriteFile(path, encodeTestGLB(t, tc.meshes, tc.table, tc.schema, tc.opts), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	broken = filepath.Join(dir, "broken.glb")
	if err := os.WriteFile(broken, glbBrokenFile(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(files, broken), broken
}

// glbBrokenFile is a valid GLB whose POSITION max is wrong.
func glbBrokenFile(t *testing.T) []byte {
	doc, err := BuildGLTF([]Mesh{glbBox([3]float64{}, [3]float64{2, 2, 2}, 0)}, nil, nil, GLBOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc.Accessors[0].Max[0] += 1
	var buf bytes.Buffer
	enc := gltf.NewEncoder(&buf)
	enc.AsBinary = true
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
