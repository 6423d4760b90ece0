package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkIngest measures "twin ingest" end to end (process start, parse,
// CRS transform, validation, store transaction) on real files, with the
// peak resident memory of the process. Its anchors, measured in the same
// run: for the shapefile, GDAL's ogr2ogr writing the same file to a
// GeoPackage (a peer tool doing parse + transform + SQLite write; "make
// bench" installs gdal-bin); for CityJSON, which Debian's GDAL cannot read,
// node parsing the same JSON file (a floor: process start and JSON parsing
// only, no geometry, CRS or store).
func BenchmarkIngest(b *testing.B) {
	cases := []struct {
		name, file string
		features   int
		flags      []string
		anchor     []string
	}{
		{"delft-cityjson", "cityjson/cjio_delft.city.json", 160, nil,
			[]string{"node", "-e", `JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))`}},
		{"nanaimo-shapefile", "utilities/nanaimo_water/pipes_v2/pipes.shp", 17755,
			[]string{"--mapping", repoFile(b, "assets/mappings/nanaimo-pipes.json")},
			[]string{"ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4326", "-overwrite", "OUT"}},
	}
	for _, tc := range cases {
		file := sharedData(b, tc.file)
		b.Run(tc.name+"/twin", func(b *testing.B) {
			store := filepath.Join(b.TempDir(), "twin.db")
			runProcessBench(b, tc.features, func(i int) *exec.Cmd {
				args := append([]string{"--store", store, "ingest", file, "--dataset", "d"}, tc.flags...)
				return exec.Command(twinBin, args...)
			}, func() { os.Remove(store) })
		})
		b.Run(tc.name+"/anchor-"+tc.anchor[0], func(b *testing.B) {
			if _, err := exec.LookPath(tc.anchor[0]); err != nil {
				b.Skipf("%s not installed (make bench installs gdal-bin)", tc.anchor[0])
			}
			out := filepath.Join(b.TempDir(), "out.gpkg")
			args := make([]string, 0, len(tc.anchor)+1)
			for _, a := range tc.anchor[1:] {
				if a == "OUT" {
					a = out
				}
				args = append(args, a)
			}
			args = append(args, file)
			runProcessBench(b, tc.features, func(i int) *exec.Cmd {
				return exec.Command(tc.anchor[0], args...)
			}, func() { os.Remove(out) })
		})
	}
}

// runProcessBench runs one process per iteration from a fresh state and
// reports features/s and the peak resident memory over the iterations.
func runProcessBench(b *testing.B, features int, cmd func(int) *exec.Cmd, reset func()) {
	b.Helper()
	var peakKB int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		reset()
		c := cmd(i)
		b.StartTimer()
		if out, err := c.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", c.Args, err, out)
		}
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peakKB = max(peakKB, ru.Maxrss)
		}
	}
	b.ReportMetric(float64(features)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
	b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MB")
}
