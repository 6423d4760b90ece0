package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// writeBigSequence writes a GeoJSON text sequence of n water pipes, big
// enough that ingesting it takes several seconds.
func writeBigSequence(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		lon, lat := 37.60+float64(i%1000)*1e-5, 55.74+float64(i/1000)*1e-5
		fmt.Fprintf(w, "\x1e{\"type\":\"Feature\",\"id\":\"p%d\",\"properties\":{\"network\":\"water\",\"diameter_mm\":%d,\"material\":\"PE\"},"+
			"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[%.7f,%.7f],[%.7f,%.7f]]}}\n", i, 100+i%200, lon, lat, lon+5e-6, lat)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

var progressLine = regexp.MustCompile(`ingest big: +(\d+)%`)

// TestIngestSIGKILL kills "twin ingest" mid-way and checks that the store is
// readable, that the dataset being replaced is still the old one, and that
// the store takes a new ingest afterwards.
func TestIngestSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: writes and ingests a 300,000-feature file")
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "twin.db")
	small := filepath.Join(dir, "small.geojsons")
	writeBigSequence(t, small, 100)
	mustRun(t, "--store", store, "ingest", small, "--dataset", "big")
	mustRun(t, "--store", store, "demo")
	before := readInfo(t, store)

	big := filepath.Join(dir, "big.geojsons")
	writeBigSequence(t, big, 300_000)
	cmd := exec.Command(twinBin, "--store", store, "ingest", big, "--dataset", "big")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := killWhenProgress(t, cmd, bufio.NewScanner(stderr), 20)
	_ = cmd.Wait()
	if !killed {
		t.Fatal("ingest ended before it reached 20%: cannot test a kill mid-way")
	}

	after := readInfo(t, store)
	for _, name := range []string{"big", "demo"} {
		b, a := findDataset(t, before, name), findDataset(t, after, name)
		if a.Buildings != b.Buildings || a.Segments != b.Segments || a.Nodes != b.Nodes {
			t.Errorf("dataset %q changed by a killed ingest: before %+v, after %+v", name, b, a)
		}
	}
	if after.LastSeq != before.LastSeq {
		t.Errorf("change log moved from %d to %d", before.LastSeq, after.LastSeq)
	}
	mustRun(t, "--store", store, "ingest", small, "--dataset", "again")
	if d := findDataset(t, readInfo(t, store), "again"); d.Segments != 100 {
		t.Errorf("ingest after the kill: %d segments, want 100", d.Segments)
	}
}

// killWhenProgress sends SIGKILL once the progress output reaches pct
// percent; it reports whether it killed the process.
func killWhenProgress(t *testing.T, cmd *exec.Cmd, sc *bufio.Scanner, pct int) bool {
	t.Helper()
	deadline := time.AfterFunc(5*time.Minute, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		m := progressLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		if p, _ := strconv.Atoi(m[1]); p >= pct && p < 100 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			t.Logf("killed at %d%%", p)
			return true
		}
	}
	return false
}
