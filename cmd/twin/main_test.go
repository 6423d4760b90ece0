package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// twinBin is the twin binary built once for the tests that run it as a
// separate process (to kill it, or to check exit statuses).
var twinBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "twin-bin-")
	if err != nil {
		panic(err)
	}
	twinBin = filepath.Join(dir, "twin")
	build := exec.Command("go", "build", "-o", twinBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building twin: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func sharedData(t testing.TB, rel string) string { return ingesttest.SharedData(t, rel) }

func repoFile(t testing.TB, rel string) string { return ingesttest.RepoFile(t, rel) }

// twinRun runs the twin command in-process and returns stdout, stderr and
// the exit status.
func twinRun(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, &out, &errb)
	return out.String(), errb.String(), code
}

// mustRun runs twin in-process and fails the test on a non-zero status.
func mustRun(t testing.TB, args ...string) string {
	t.Helper()
	out, errs, code := twinRun(t, args...)
	if code != 0 {
		t.Fatalf("twin %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// infoJSON is the part of "twin info --json" that scripts rely on.
type infoJSON struct {
	Datasets  []infoDataset `json:"datasets"`
	LastSeq   int64         `json:"last_seq"`
	SizeBytes int64         `json:"size_bytes"`
}

type infoDataset struct {
	Name      string         `json:"name"`
	Buildings int            `json:"buildings"`
	Segments  int            `json:"segments"`
	Nodes     int            `json:"nodes"`
	Meshes    int            `json:"meshes"`
	CRS       string         `json:"crs"`
	Synthetic bool           `json:"synthetic"`
	Networks  map[string]int `json:"networks"`
}

func readInfo(t testing.TB, store string) infoJSON {
	t.Helper()
	var info infoJSON
	out := mustRun(t, "--store", store, "info", "--json")
	if err := json.Unmarshal([]byte(out), &info); err != nil {
		t.Fatalf("info --json is not JSON: %v\n%s", err, out)
	}
	return info
}
