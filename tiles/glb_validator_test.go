package tiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/qmuntal/gltf"
)

// glbValidatorReport is the JSON printed by viewer/tools/validate-gltf.mjs.
type glbValidatorReport struct {
	Validator string `json:"validator"`
	Errors    int    `json:"errors"`
	Warnings  int    `json:"warnings"`
	Files     []struct {
		File     string `json:"file"`
		Failure  string `json:"failure"`
		Errors   int    `json:"errors"`
		Warnings int    `json:"warnings"`
		Infos    int    `json:"infos"`
		Messages []struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Pointer  string `json:"pointer"`
			Message  string `json:"message"`
		} `json:"messages"`
	} `json:"files"`
}

// TestGLBKhronosValidator writes one GLB per test case and runs the
// Khronos glTF validator on them through node; any error fails.
// The validator does not know EXT_mesh_features or EXT_structural_metadata
// (it reports them as unsupported), so TestGLBLayout checks those.
func TestGLBKhronosValidator(t *testing.T) {
	script, node := glbValidatorTools(t)
	files, broken := glbWriteValidatorInputs(t, t.TempDir())
	rep, exitCode := glbRunValidator(t, node, script, files)
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

// glbRunValidator runs the script and parses its JSON report.
func glbRunValidator(t *testing.T, node, script string, files []string) (glbValidatorReport, int) {
	t.Helper()
	cmd := exec.Command(node, append([]string{script}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run validator: %v\n%s", err, stderr.String())
	}
	var rep glbValidatorReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("validator output: %v\n%s\n%s", err, out, stderr.String())
	}
	return rep, cmd.ProcessState.ExitCode()
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

// glbValidatorTools finds the validation script, its installed npm package
// and node; when one is missing the test fails under CI and skips
// elsewhere (install with `npm ci --prefix viewer`).
func glbValidatorTools(t *testing.T) (script, node string) {
	t.Helper()
	missing := func(what string) {
		msg := what + " missing: run `npm ci --prefix viewer`"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	root, err := glbModuleRoot()
	if err != nil {
		missing("module root: " + err.Error())
	}
	script = filepath.Join(root, "viewer", "tools", "validate-gltf.mjs")
	if _, err := os.Stat(script); err != nil {
		missing(script)
	}
	if _, err := os.Stat(filepath.Join(root, "viewer", "node_modules", "gltf-validator", "package.json")); err != nil {
		missing("viewer/node_modules/gltf-validator")
	}
	node, err = exec.LookPath("node")
	if err != nil {
		missing("node")
	}
	return script, node
}

// glbModuleRoot walks up from the working directory to the go.mod.
func glbModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
