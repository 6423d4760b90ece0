// Package nodetool lets Go tests run the node scripts of viewer/tools (the
// Khronos glTF validator, meshoptimizer's decoder, ...) against the npm
// packages that `make deps` installs into viewer/node_modules. A missing
// node, script or package fails the test under CI=true and skips it
// elsewhere.
package nodetool

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ValidatorReport is the JSON that viewer/tools/validate-gltf.mjs prints.
type ValidatorReport struct {
	Validator string       `json:"validator"`
	Errors    int          `json:"errors"`
	Warnings  int          `json:"warnings"`
	Files     []FileReport `json:"files"`
}

// FileReport is the validator's verdict on one file.
type FileReport struct {
	File     string    `json:"file"`
	Failure  string    `json:"failure"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Infos    int       `json:"infos"`
	Messages []Message `json:"messages"`
}

// Message is one validator message.
type Message struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Pointer  string `json:"pointer"`
	Message  string `json:"message"`
}

// Script returns the path of viewer/tools/<script> and of node, after
// checking that viewer/node_modules/<pkgFile> is installed.
func Script(t testing.TB, script, pkgFile string) (scriptPath, node string) {
	t.Helper()
	missing := func(what string) {
		t.Helper()
		msg := what + " missing: run `make deps`"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	root, err := moduleRoot()
	if err != nil {
		missing("module root (" + err.Error() + ")")
	}
	scriptPath = filepath.Join(root, "viewer", "tools", script)
	if _, err := os.Stat(scriptPath); err != nil {
		missing(scriptPath)
	}
	if _, err := os.Stat(filepath.Join(root, "viewer", "node_modules", filepath.FromSlash(pkgFile))); err != nil {
		missing("viewer/node_modules/" + pkgFile)
	}
	if node, err = exec.LookPath("node"); err != nil {
		missing("node")
	}
	return scriptPath, node
}

// Validator returns the glTF validator script and node.
func Validator(t testing.TB) (script, node string) {
	t.Helper()
	return Script(t, "validate-gltf.mjs", "gltf-validator/package.json")
}

// Validate runs the validator script with args (options, then files) and
// returns its report and exit code.
func Validate(t testing.TB, node, script string, args ...string) (ValidatorReport, int) {
	t.Helper()
	var rep ValidatorReport
	code := Run(t, node, append([]string{script}, args...), nil, &rep)
	return rep, code
}

// Run runs node with args and stdin, decodes its standard output as JSON
// into out and returns the exit code. A script that cannot start or prints
// no JSON fails the test.
func Run(t testing.TB, node string, args []string, stdin []byte, out any) int {
	t.Helper()
	cmd := exec.Command(node, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run %v: %v\n%s", args, err, stderr.String())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("output of %v: %v\n%.500s\n%s", args, err, stdout, stderr.String())
	}
	return cmd.ProcessState.ExitCode()
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
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
