package viewer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The harnesses are Node.js scripts in viewer/tools; their npm packages
// are pinned by viewer/package-lock.json. When node, a package or Debian
// chromium is missing, the tests fail under CI=true and skip elsewhere.

// harness locates the module root, node and the viewer's node_modules.
type harness struct {
	root   string // module root
	viewer string // root/viewer
	node   string // node executable
}

// skipOrFail stops the test for a missing tool or file: t.Fatal under CI,
// t.Skip elsewhere.
func skipOrFail(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// needHarness returns the harness when node and the npm packages pkgs are
// installed (`make deps`, or `npm ci --prefix viewer`).
func needHarness(t *testing.T, pkgs ...string) harness {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		skipOrFail(t, "module root: "+err.Error())
	}
	h := harness{root: root, viewer: filepath.Join(root, "viewer")}
	if h.node, err = exec.LookPath("node"); err != nil {
		skipOrFail(t, "node missing: install Node.js 20")
	}
	for _, p := range pkgs {
		if _, err := os.Stat(filepath.Join(h.viewer, "node_modules", filepath.FromSlash(p), "package.json")); err != nil {
			skipOrFail(t, "viewer/node_modules/"+p+" missing: run `make deps` (npm ci --prefix viewer)")
		}
	}
	return h
}

// needChromium returns Debian's chromium ($CHROMIUM overrides the path).
func needChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		skipOrFail(t, "chromium missing: run `make deps` (apt-get install chromium)")
	}
	return p
}

// sharedData returns ../shared/data/<rel> beside the module root.
func (h harness) sharedData(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(h.root, "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		skipOrFail(t, "shared data missing: "+p)
	}
	return p
}

// runJSON runs viewer/tools/<script> with args, decodes its JSON stdout
// into out and returns its exit status. A status of 2 (bad usage, browser
// did not start) or unparsable output fails the test.
func (h harness) runJSON(t *testing.T, timeout time.Duration, out any, script string, args ...string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.node, append([]string{filepath.Join(h.viewer, "tools", script)}, args...)...)
	cmd.Dir = h.viewer
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	code := cmd.ProcessState.ExitCode()
	if ctx.Err() != nil {
		t.Fatalf("%s: killed after %s\nstderr:\n%s", script, timeout, tail(stderr.String(), 4000))
	}
	if code == 2 {
		t.Fatalf("%s: exit status 2\nstdout:\n%s\nstderr:\n%s", script, tail(stdout.String(), 4000), tail(stderr.String(), 4000))
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("%s: output: %v\nstdout:\n%s\nstderr:\n%s", script, err, tail(stdout.String(), 4000), tail(stderr.String(), 4000))
	}
	return code
}

// moduleRoot walks up from the working directory to go.mod.
func moduleRoot() (string, error) {
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
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// tileFiles lists the files below dir that a client must fetch: tileset
// JSON, tile content and subtrees (not READMEs or licences), as
// slash-separated paths relative to dir.
func tileFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".json", ".glb", ".gltf", ".b3dm", ".i3dm", ".pnts", ".cmpt", ".subtree", ".bin":
			rel, err := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
