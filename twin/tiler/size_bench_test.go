package tiler

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// BenchmarkSizeVsGltfpack builds and exports the demo district and Delft
// as the CLI does, runs gltfpack (npm, pinned in viewer/package.json) on
// every GLB, by default (KHR_mesh_quantization with 14-bit positions, no
// compression), with -cc (EXT_meshopt_compression) and with -cc -vp 16
// (16-bit positions, the precision of ours), and reports bytes per
// triangle of ours and gltfpack's output and the ratio ours/gltfpack,
// raw and gzipped, for the geometry
// (every buffer view a mesh primitive's accessors use: vertices and
// indices, compressed size when meshopt-compressed) and for whole files.
// Triangles are those of our GLBs for both, so the ratio is the byte
// ratio on the same content; gp_tris_% says how many gltfpack kept.
//
// What gltfpack keeps (1.3): the _FEATURE_ID_0 attribute, rewritten as
// float32 (it does not know the attribute), but not EXT_mesh_features nor
// EXT_structural_metadata: the property tables and the primitives' link
// to them are dropped, so its files are not valid 3D Tiles content, and
// whole-file ratios flatter gltfpack by the size of our property tables.
// The geometry ratio is the fair one. Gzipped sizes are what a CDN
// serving Content-Encoding: gzip sends.
func BenchmarkSizeVsGltfpack(b *testing.B) {
	node, cli := gltfpackTools(b)
	cases := []struct {
		name  string
		store func(testing.TB) twin.Store
	}{
		{"demo", func(tb testing.TB) twin.Store { return demoStore(tb) }},
		{"delft", func(tb testing.TB) twin.Store { return loadShared(tb, sharedDatasets()[0]) }},
	}
	modes := []struct {
		name string
		args []string
	}{{"default", nil}, {"cc", []string{"-cc"}}, {"cc_vp16", []string{"-cc", "-vp", "16"}}}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			files := buildAndExport(b, c.store(b))
			ours := measureOurs(b, files)
			for _, m := range modes {
				b.Run(m.name, func(b *testing.B) {
					b.ReportAllocs()
					var gp glbSize
					for range b.N {
						gp = packAll(b, node, cli, files, m.args)
					}
					reportSizes(b, ours, gp)
				})
			}
		})
	}
}

// gltfpackTools finds node and gltfpack's CLI script; benchmarks skip
// when one is missing.
func gltfpackTools(b *testing.B) (node, cli string) {
	b.Helper()
	cli = ingesttest.RepoFile(b, "viewer/node_modules/gltfpack/cli.js")
	if _, err := os.Stat(cli); err != nil {
		b.Skip("viewer/node_modules/gltfpack missing: run `make deps`")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		b.Skip("node missing")
	}
	return node, cli
}

// buildAndExport builds s with the Mesher and the options of `twin build`,
// exports it and returns the paths of the exported GLBs, sorted.
func buildAndExport(tb testing.TB, s twin.Store) []string {
	tb.Helper()
	mustBuild(tb, s, NewMesher(MesherOptions{}), Options{})
	dir := tb.TempDir()
	if _, err := Export(context.Background(), s, dir, ExportOptions{}); err != nil {
		tb.Fatal(err)
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".glb") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		tb.Fatalf("exported GLBs: %d, %v", len(files), err)
	}
	slices.Sort(files)
	return files
}

// glbSize sums the sizes of GLBs.
type glbSize struct {
	Files     int
	FileBytes int64
	FileGz    int64
	GeomBytes int64
	GeomGz    int64
	Triangles int64
}

func (s *glbSize) add(o glbSize) {
	s.Files += o.Files
	s.FileBytes += o.FileBytes
	s.FileGz += o.FileGz
	s.GeomBytes += o.GeomBytes
	s.GeomGz += o.GeomGz
	s.Triangles += o.Triangles
}

// measureOurs measures our GLBs, checking the triangle count against
// tiles.DecodeGLB.
func measureOurs(tb testing.TB, files []string) glbSize {
	tb.Helper()
	var sum glbSize
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		s, _, err := measureGLB(data)
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		dec, err := tiles.DecodeGLB(bytes.NewReader(data))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		var tris int64
		for _, m := range dec.Meshes {
			if m.Mode == tiles.Triangles {
				tris += int64(len(m.Indices) / 3)
			}
		}
		if tris != s.Triangles {
			tb.Fatalf("%s: %d triangles in the accessors, %d decoded", f, s.Triangles, tris)
		}
		sum.add(s)
	}
	return sum
}

// packAll runs gltfpack with args on every file and measures its output;
// it logs what the first output keeps of our attributes and extensions.
func packAll(tb testing.TB, node, cli string, files, args []string) glbSize {
	tb.Helper()
	dir := tb.TempDir()
	var sum glbSize
	for i, f := range files {
		out := filepath.Join(dir, fmt.Sprintf("%d.glb", i))
		cmd := exec.Command(node, append([]string{cli, "-i", f, "-o", out}, args...)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("gltfpack %s: %v\n%s", f, err, msg)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			tb.Fatal(err)
		}
		s, doc, err := measureGLB(data)
		if err != nil {
			tb.Fatalf("gltfpack output of %s: %v", f, err)
		}
		if i == 0 {
			tb.Logf("gltfpack %v keeps: %s", args, doc.kept())
		}
		sum.add(s)
	}
	return sum
}

// reportSizes reports bytes per triangle of ours and gltfpack's output,
// raw and gzipped, and their ratios.
func reportSizes(b *testing.B, ours, gp glbSize) {
	tris := float64(ours.Triangles)
	b.ReportMetric(tris, "tris")
	b.ReportMetric(100*float64(gp.Triangles)/tris, "gp_tris_%")
	report := func(name string, o, g int64) {
		b.ReportMetric(float64(o)/tris, "ours_"+name+"_B/tri")
		b.ReportMetric(float64(g)/tris, "gp_"+name+"_B/tri")
		b.ReportMetric(float64(o)/float64(g), name+"_ratio")
	}
	report("geom", ours.GeomBytes, gp.GeomBytes)
	report("geom_gz", ours.GeomGz, gp.GeomGz)
	report("file", ours.FileBytes, gp.FileBytes)
	report("file_gz", ours.FileGz, gp.FileGz)
}
