package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkBuild measures "twin build --full" end to end (process start,
// store read, meshing, GLB encoding, tile tree, store transaction) on the
// demo district and on Delft, with the peak resident memory of the
// process. Its anchor, measured in the same run on the same content:
// gltfpack (npm, WASM under node, pinned in viewer/package.json)
// re-encoding every GLB that `twin export` wrote, one process per GLB. It
// is a peer mesh-processing step, not a peer tiler: it starts from
// finished meshes (no store, no tessellation, no tree), so it is a
// reference for the cost of one pass over the same geometry.
func BenchmarkBuild(b *testing.B) {
	cases := []struct {
		name string
		load func(b *testing.B, store string)
	}{
		{"demo", func(b *testing.B, store string) { mustRun(b, "--store", store, "demo") }},
		{"delft", func(b *testing.B, store string) {
			mustRun(b, "--store", store, "ingest", sharedData(b, "cityjson/cjio_delft.city.json"), "--dataset", "delft")
		}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			store := filepath.Join(b.TempDir(), "twin.db")
			tc.load(b, store)
			features := builtFeatures(b, store)
			b.Run("twin", func(b *testing.B) {
				runProcessBench(b, features, func(int) *exec.Cmd {
					return exec.Command(twinBin, "--store", store, "build", "--full")
				}, func() {})
			})
			b.Run("anchor-gltfpack", func(b *testing.B) {
				node, cli := gltfpackCLI(b)
				glbs := exportedGLBs(b, store)
				out := filepath.Join(b.TempDir(), "packed.glb")
				runProcessesBench(b, features, func(int) []*exec.Cmd {
					cmds := make([]*exec.Cmd, len(glbs))
					for i, g := range glbs {
						cmds[i] = exec.Command(node, cli, "-i", g, "-o", out)
					}
					return cmds
				}, func() { os.Remove(out) })
			})
		})
	}
}

// builtFeatures builds the tiles of store and returns the number of
// features in its layers.
func builtFeatures(b *testing.B, store string) int {
	b.Helper()
	var rep struct {
		Layers []struct {
			Features int `json:"features"`
		} `json:"layers"`
	}
	if err := json.Unmarshal([]byte(mustRun(b, "--store", store, "build", "--json")), &rep); err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, l := range rep.Layers {
		n += l.Features
	}
	if n == 0 {
		b.Fatal("twin build: no features")
	}
	return n
}

// exportedGLBs exports store and returns the paths of its GLBs.
func exportedGLBs(b *testing.B, store string) []string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "export")
	mustRun(b, "--store", store, "export", dir)
	var glbs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".glb") {
			glbs = append(glbs, p)
		}
		return err
	})
	if err != nil || len(glbs) == 0 {
		b.Fatalf("exported GLBs: %d, %v", len(glbs), err)
	}
	return glbs
}

// gltfpackCLI finds node and gltfpack's CLI script; the anchor skips when
// one is missing.
func gltfpackCLI(b *testing.B) (node, cli string) {
	b.Helper()
	cli = repoFile(b, "viewer/node_modules/gltfpack/cli.js")
	if _, err := os.Stat(cli); err != nil {
		b.Skip("viewer/node_modules/gltfpack missing: run `make deps`")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		b.Skip("node missing")
	}
	return node, cli
}
