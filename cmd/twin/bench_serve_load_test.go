package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The load generators of BenchmarkServe: wrk (preferred) and a bounded Go
// fallback.

// loader drives one server with the benchmark's load: GETs cycling over
// paths below base/tiles/, with If-None-Match from etags when not nil.
type loader func(b *testing.B, base string, paths []string, etags map[string]string) loadResult

// newLoader returns wrk, or outside CI a Go load generator when wrk is
// missing.
func newLoader(b *testing.B) loader {
	b.Helper()
	if p, err := exec.LookPath("wrk"); err == nil {
		return func(b *testing.B, base string, paths []string, etags map[string]string) loadResult {
			return runWrk(b, p, base, paths, etags)
		}
	}
	if os.Getenv("CI") == "true" {
		b.Fatal("wrk missing: make bench installs it (apt-get install wrk)")
	}
	b.Log("wrk missing (apt-get install wrk): using a Go load generator")
	return goLoad
}

// wrkScript cycles over the paths; every wrk connection starts at the
// same place, which matters little since all files are requested.
const wrkScript = `local paths = {%s}
local etags = {%s}
local i = 0
request = function()
	i = i %% #paths + 1
	if #etags > 0 then
		return wrk.format("GET", paths[i], {["If-None-Match"] = etags[i]})
	end
	return wrk.format("GET", paths[i])
end
`

// runWrk runs wrk -t1 -c16 for serveLoadTime and parses its report; any
// socket error or non-2xx/3xx response fails the benchmark.
func runWrk(b *testing.B, wrk, base string, paths []string, etags map[string]string) loadResult {
	b.Helper()
	var ps, es []string
	for _, p := range paths {
		ps = append(ps, fmt.Sprintf("%q", "/tiles/"+p))
		if etags != nil {
			es = append(es, fmt.Sprintf("%q", etags[p]))
		}
	}
	lua := filepath.Join(b.TempDir(), "tiles.lua")
	if err := os.WriteFile(lua, []byte(fmt.Sprintf(wrkScript, strings.Join(ps, ", "), strings.Join(es, ", "))), 0o644); err != nil {
		b.Fatal(err)
	}
	out, err := exec.Command(wrk, "-t1", fmt.Sprintf("-c%d", serveConns), fmt.Sprintf("-d%ds", int(serveLoadTime.Seconds())),
		"--timeout", "5s", "--latency", "-s", lua, base+"/").CombinedOutput()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	r, err := parseWrk(string(out))
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	return r
}

var (
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkCount    = regexp.MustCompile(`(\d+) requests in `)
	wrkP99      = regexp.MustCompile(`\s99%\s+([0-9.]+)(us|ms|s)\b`)
	wrkFailures = regexp.MustCompile(`(Non-2xx or 3xx responses: \d+|Socket errors: .*)`)
)

// parseWrk reads Requests/sec and the 99% latency of wrk --latency.
func parseWrk(out string) (loadResult, error) {
	if m := wrkFailures.FindString(out); m != "" {
		return loadResult{}, fmt.Errorf("failures: %s", m)
	}
	rps, p99, count := wrkRPS.FindStringSubmatch(out), wrkP99.FindStringSubmatch(out), wrkCount.FindStringSubmatch(out)
	if rps == nil || p99 == nil || count == nil {
		return loadResult{}, fmt.Errorf("no request count, Requests/sec or 99%% latency in the report")
	}
	var r loadResult
	var lat float64
	fmt.Sscan(rps[1], &r.rps)
	fmt.Sscan(count[1], &r.requests)
	fmt.Sscan(p99[1], &lat)
	r.p99ms = lat * map[string]float64{"us": 1e-3, "ms": 1, "s": 1e3}[p99[2]]
	if r.rps <= 0 {
		return r, fmt.Errorf("%s requests/s", rps[1])
	}
	return r, nil
}

// goLoadMax bounds the requests of one Go load run.
const goLoadMax = 500_000

// goLoad is the stand-in for wrk: serveConns keep-alive connections, each
// cycling over the paths until serveLoadTime passes or goLoadMax requests
// are done in all.
func goLoad(b *testing.B, base string, paths []string, etags map[string]string) loadResult {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: serveConns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var count atomic.Int64
	lat := make([][]time.Duration, serveConns)
	errs := make(chan error, serveConns)
	start := time.Now()
	deadline := start.Add(serveLoadTime)
	var wg sync.WaitGroup
	for c := range serveConns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; time.Now().Before(deadline) && count.Add(1) <= goLoadMax; i++ {
				t0 := time.Now()
				if err := goGet(client, base, paths[i%len(paths)], etags); err != nil {
					errs <- err
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	return loadResult{
		rps:      float64(len(all)) / elapsed.Seconds(),
		p99ms:    float64(all[len(all)*99/100]) / float64(time.Millisecond),
		requests: int64(len(all)),
	}
}

// goGet requests one tile and drains the body; it wants 200, or 304 for
// a conditional request.
func goGet(client *http.Client, base, p string, etags map[string]string) error {
	req, err := http.NewRequest(http.MethodGet, base+"/tiles/"+p, nil)
	if err != nil {
		return err
	}
	want := http.StatusOK
	if etags != nil {
		req.Header.Set("If-None-Match", etags[p])
		want = http.StatusNotModified
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != want {
		err = fmt.Errorf("GET %s: %d, want %d", req.URL, resp.StatusCode, want)
	}
	return err
}
