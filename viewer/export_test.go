package viewer

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"
)

// The demo district as `twin export` writes it: the acceptance tileset of
// the tiles issue, loaded by loaders.gl and by CesiumJS.

// twinCommand matches a command in the usage of `twin help`.
func twinCommand(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(name) + `\s`)
}

// exportDemo builds ./cmd/twin, writes the demo district into a fresh
// store, builds its tiles and exports them; it returns the export
// directory. It skips while twin has no build or export command.
func exportDemo(t *testing.T, h harness) string {
	t.Helper()
	return exportTwin(t, h, []string{"demo"})
}

// exportTwin builds ./cmd/twin, runs each load command (twin arguments
// after --store) on a fresh store, builds its tiles and exports them; it
// returns the export directory. It skips while twin has no build or
// export command.
func exportTwin(t *testing.T, h harness, loads ...[]string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		skipOrFail(t, "go tool missing from PATH: cannot build cmd/twin")
	}
	tmp := t.TempDir()
	twin := filepath.Join(tmp, "twin")
	runCmd(t, 5*time.Minute, h.root, goTool, "build", "-o", twin, "./cmd/twin")
	usage := runCmd(t, time.Minute, tmp, twin, "help")
	for _, c := range []string{"build", "export"} {
		if !twinCommand(c).Match(usage) {
			t.Skipf("twin has no %q command yet", c)
		}
	}
	store, out := filepath.Join(tmp, "twin.db"), filepath.Join(tmp, "export")
	for _, load := range loads {
		runCmd(t, 5*time.Minute, tmp, twin, append([]string{"--store", store}, load...)...)
	}
	t.Logf("twin build:\n%s", tail(string(runCmd(t, 10*time.Minute, tmp, twin, "--store", store, "build")), 2000))
	runCmd(t, 10*time.Minute, tmp, twin, "--store", store, "export", out)
	return out
}

// runCmd runs a command in dir and returns its standard output, failing
// the test on a non-zero exit.
func runCmd(t *testing.T, timeout time.Duration, dir, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s%s", filepath.Base(name), args, err, tail(stdout.String(), 2000), tail(stderr.String(), 4000))
	}
	t.Logf("%s %v: %s", filepath.Base(name), args, time.Since(start).Round(time.Millisecond))
	return stdout.Bytes()
}

// TestExportedDemoInClients loads the exported demo district in loaders.gl
// (every tileset and every content parses, every exported file is
// reachable, every content carries feature ids and metadata) and in
// CesiumJS (zero failed tiles, zero console errors, zero foreign requests,
// something drawn).
func TestExportedDemoInClients(t *testing.T) {
	h := needHarness(t, "@loaders.gl/3d-tiles", "@loaders.gl/core")
	dir := exportDemo(t, h)
	t.Run("loaders.gl", func(t *testing.T) {
		rep, code := checkLoadersGL(t, h, dir)
		assertLoadersClean(t, rep, code, dir)
		if rep.Tilesets < 2 || rep.Contents == 0 || rep.Features == 0 {
			t.Errorf("%d tilesets, %d contents, %d features: want a root and layer tilesets with featured content",
				rep.Tilesets, rep.Contents, rep.Features)
		}
		for _, f := range rep.Files {
			if f.Kind == "content" && (!slices.Contains(f.Extensions, "EXT_mesh_features") || f.Features == 0) {
				t.Errorf("%s: extensions %v, %d features: want EXT_mesh_features with features", f.File, f.Extensions, f.Features)
			}
		}
	})
	t.Run("cesium", func(t *testing.T) {
		h := needHarness(t, cesiumPackages...)
		chromium := needChromium(t)
		rep, code := runCesium(t, h, chromium, dir, filepath.Join(shotDir(t, h), "cesium-demo.png"), 180)
		assertCesiumClean(t, rep, code)
		if len(rep.SampleProperties) == 0 {
			t.Error("CesiumJS found no feature properties in the demo tiles")
		}
	})
}
