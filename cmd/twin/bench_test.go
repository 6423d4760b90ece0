package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
	runProcessesBench(b, features, func(i int) []*exec.Cmd { return []*exec.Cmd{cmd(i)} }, reset)
}

// runProcessesBench runs the processes of each iteration one after the
// other from a fresh state and reports features/s and the peak resident
// memory of any one process.
//
// The peak comes from GNU time (%M), not from this process's wait4
// rusage: Go starts children with vfork, and Linux carries the parent's
// (the test binary's) high-water RSS into the child's ru_maxrss at exec,
// so that figure is never below the test binary's own peak. Without
// /usr/bin/time the peak is not reported.
func runProcessesBench(b *testing.B, features int, cmds func(int) []*exec.Cmd, reset func()) {
	b.Helper()
	timeBin, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		b.Log("no /usr/bin/time (apt-get install time): peak RSS not measured")
	}
	rssFile := filepath.Join(b.TempDir(), "maxrss")
	var peakKB int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		reset()
		cs := cmds(i)
		b.StartTimer()
		for _, c := range cs {
			if timeBin != "" {
				c = timed(c, timeBin, rssFile)
			}
			if out, err := c.CombinedOutput(); err != nil {
				b.Fatalf("%v: %v\n%s", c.Args, err, out)
			}
			if timeBin != "" {
				peakKB = max(peakKB, readMaxRSS(b, rssFile))
			}
		}
	}
	b.ReportMetric(float64(features)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
	if timeBin != "" {
		b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MB")
	}
}

// timed wraps c in GNU time, which writes the peak RSS (KiB) to file.
func timed(c *exec.Cmd, timeBin, file string) *exec.Cmd {
	w := exec.Command(timeBin, append([]string{"-f", "%M", "-o", file, c.Path}, c.Args[1:]...)...)
	w.Dir, w.Env = c.Dir, c.Env
	return w
}

// readMaxRSS reads the figure GNU time wrote.
func readMaxRSS(b *testing.B, file string) int64 {
	b.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		b.Fatalf("GNU time wrote %q", data)
	}
	kb, err := strconv.ParseInt(fields[len(fields)-1], 10, 64)
	if err != nil {
		b.Fatalf("GNU time wrote %q: %v", data, err)
	}
	return kb
}
