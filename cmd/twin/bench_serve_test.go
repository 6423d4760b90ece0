package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkServe measures tiles per second and the p99 latency of the
// demo district's tiles (every tileset JSON and GLB, cycled) served by
// `twin serve` from the store, against nginx (Debian) serving the files
// `twin export` wrote from disk, in the same run under the same load: wrk
// (-t1 -c16, serveLoadTime per run, HTTP/1.1 keep-alive), each server run
// alternately twice, the better run of each kept. Access logs are off on
// both (twin --log-level warn, nginx access_log off). "full" asks for
// every file; "conditional" sends each file's ETag in If-None-Match and
// gets 304s. The goal is twin/nginx >= 0.8. Two more anchors: a bare
// net/http server of the same bytes from memory (startNetHTTPFloor), the
// ceiling of Go's HTTP server, and twin serve --fast-tiles=false
// ("twin-plain": net/http without the fast path), which measures what the
// fast path (twin/server/fastpath) gains. "twin-1p" is twin serve with
// GOMAXPROCS=1, for information: it tells whether the Go scheduler's
// hand-offs between threads still cost (they did before the fast path's
// event loop; INTERNALS.md). nginx and wrk are Debian
// packages ("make bench" installs them); without wrk outside CI a Go load
// generator stands in.
func BenchmarkServe(b *testing.B) {
	b.ReportAllocs()
	nginxBin := needBenchTool(b, "nginx", "/usr/sbin/nginx")
	store := filepath.Join(b.TempDir(), "twin.db")
	mustRun(b, "--store", store, "demo")
	mustRun(b, "--store", store, "build")
	dir := filepath.Join(b.TempDir(), "export")
	mustRun(b, "--store", store, "export", dir)
	paths := exportedTilePaths(b, dir)
	twinBase, twinPID := startTwinServer(b, store, nil)
	plainBase, plainPID := startTwinServer(b, store, nil, "--fast-tiles=false")
	oneBase, onePID := startTwinServer(b, store, []string{"GOMAXPROCS=1"})
	nginxBase, nginxPID := startNginx(b, nginxBin, dir)
	floorBase, floorPID := startNetHTTPFloor(b, dir, paths)
	servers := []*benchServer{{name: "twin", base: twinBase, pid: twinPID}, {name: "nginx", base: nginxBase, pid: nginxPID},
		{name: "net/http", base: floorBase, pid: floorPID}, {name: "twin-plain", base: plainBase, pid: plainPID}}
	if onePID != 0 {
		servers = append(servers, &benchServer{name: "twin-1p", base: oneBase, pid: onePID})
	}
	for _, s := range servers {
		s.etags = checkServes(b, s, dir, paths)
	}
	load := newLoader(b)
	for _, mode := range []string{"full", "conditional"} {
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			if mode == "conditional" {
				for _, s := range servers {
					if len(s.etags) < len(paths) {
						b.Skipf("%s sends no ETag for some tiles: no conditional requests", s.name)
					}
				}
			}
			for range b.N {
				reportServe(b, compareServers(b, load, servers, paths, mode == "conditional"))
			}
		})
	}
}

// serveLoadTime is the length of one load run; two runs per server and
// mode bound the benchmark to about 6 × 2 × serveLoadTime.
const serveLoadTime = 5 * time.Second

// serveConns is the number of concurrent keep-alive connections.
const serveConns = 16

// benchServer is one server under test: tiles at base + "/tiles/" + path.
type benchServer struct {
	name  string
	base  string            // http://127.0.0.1:PORT
	etags map[string]string // path -> ETag, where the server sends one
	pid   int               // process whose CPU time (with its children's) is measured; 0: none
}

// loadResult is the outcome of one load run.
type loadResult struct {
	rps      float64 // requests (tiles) per second
	p99ms    float64 // 99th percentile latency, milliseconds
	requests int64   // requests answered
	cpuUS    float64 // server CPU time per request, microseconds; 0 when unknown
}

// compareServers runs the load on each server alternately twice (in
// order, then in reverse order) and keeps the better run of each.
func compareServers(b *testing.B, load loader, servers []*benchServer, paths []string, conditional bool) map[string]loadResult {
	b.Helper()
	best := map[string]loadResult{}
	order := append([]*benchServer{}, servers...)
	for i := len(servers) - 1; i >= 0; i-- {
		order = append(order, servers[i])
	}
	for _, s := range order {
		var etags map[string]string
		if conditional {
			etags = s.etags
		}
		cpu0, known := procCPU(s.pid)
		r := load(b, s.base, paths, etags)
		if cpu1, _ := procCPU(s.pid); known && r.requests > 0 {
			r.cpuUS = float64((cpu1 - cpu0).Microseconds()) / float64(r.requests)
		}
		b.Logf("%s: %.0f tiles/s, p99 %.2f ms, %.1f µs CPU/tile", s.name, r.rps, r.p99ms, r.cpuUS)
		best[s.name] = better(best[s.name], r)
	}
	return best
}

// better keeps the higher rate, the lower p99 and the lower CPU time of
// two runs (a zero loadResult is no run).
func better(a, r loadResult) loadResult {
	if a.requests == 0 {
		return r
	}
	a.rps, a.p99ms = max(a.rps, r.rps), min(a.p99ms, r.p99ms)
	if r.cpuUS > 0 && (a.cpuUS == 0 || r.cpuUS < a.cpuUS) {
		a.cpuUS = r.cpuUS
	}
	return a
}

// procCPU returns the user and system CPU time of a process and of its
// children (nginx's workers) from /proc; false when unknown.
func procCPU(pid int) (time.Duration, bool) {
	if pid <= 0 {
		return 0, false
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	i := bytes.LastIndexByte(data, ')')
	if err != nil || i < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[i+1:])) // f[0] is field 3, state
	if len(f) < 13 {
		return 0, false
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	d := time.Duration(utime+stime) * time.Second / 100 // USER_HZ
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, t := range tasks {
		kids, _ := os.ReadFile(t)
		for _, k := range strings.Fields(string(kids)) {
			var child int
			fmt.Sscan(k, &child)
			c, _ := procCPU(child)
			d += c
		}
	}
	return d, true
}

// reportServe reports both servers' figures and their ratios.
func reportServe(b *testing.B, best map[string]loadResult) {
	t, n := best["twin"], best["nginx"]
	b.ReportMetric(t.rps, "twin-tiles/s")
	b.ReportMetric(n.rps, "nginx-tiles/s")
	b.ReportMetric(t.rps/n.rps, "twin/nginx")
	b.ReportMetric(t.p99ms, "twin-p99-ms")
	b.ReportMetric(n.p99ms, "nginx-p99-ms")
	b.ReportMetric(t.p99ms/n.p99ms, "p99-twin/nginx")
	if t.cpuUS > 0 && n.cpuUS > 0 {
		b.ReportMetric(t.cpuUS, "twin-cpu-us/tile")
		b.ReportMetric(n.cpuUS, "nginx-cpu-us/tile")
		b.ReportMetric(t.cpuUS/n.cpuUS, "cpu-twin/nginx")
	}
	for _, a := range []struct{ server, label string }{{"net/http", "nethttp"}, {"twin-plain", "twinplain"}} {
		if r := best[a.server]; r.rps > 0 {
			b.ReportMetric(r.rps, a.label+"-tiles/s")
			b.ReportMetric(t.rps/r.rps, "twin/"+a.label)
			b.ReportMetric(r.p99ms, a.label+"-p99-ms")
		}
	}
	if o := best["twin-1p"]; o.rps > 0 {
		b.ReportMetric(o.rps, "twin1p-tiles/s")
		b.ReportMetric(o.rps/n.rps, "twin1p/nginx")
	}
	if t.rps < 0.8*n.rps {
		b.Logf("twin serves %.2f of nginx's tiles/s: below the goal of 0.8", t.rps/n.rps)
	}
}

// needBenchTool finds a Debian tool: b.Fatal under CI=true, b.Skip
// elsewhere when it is missing.
func needBenchTool(b *testing.B, name, fallback string) string {
	b.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if _, err := os.Stat(fallback); err == nil {
		return fallback
	}
	msg := name + " missing: make bench installs it (apt-get install " + name + ")"
	if os.Getenv("CI") == "true" {
		b.Fatal(msg)
	}
	b.Skip(msg)
	return ""
}

// exportedTilePaths lists the tileset JSONs and GLBs below dir as
// slash-separated relative paths.
func exportedTilePaths(b *testing.B, dir string) []string {
	b.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".glb")) {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		paths = append(paths, filepath.ToSlash(rel))
		return err
	})
	if err != nil || len(paths) < 2 {
		b.Fatalf("exported tiles: %v, %v", paths, err)
	}
	return paths
}

// checkServes GETs every path from the server, wants 200 and the exported
// bytes, and returns the ETags it sent (conditional GETs must answer 304).
func checkServes(b *testing.B, s *benchServer, dir string, paths []string) map[string]string {
	b.Helper()
	etags := map[string]string{}
	for _, p := range paths {
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			b.Fatal(err)
		}
		status, body, etag := benchGet(b, s.base+"/tiles/"+p, "")
		if status != http.StatusOK || !bytes.Equal(body, want) {
			b.Fatalf("%s: GET /tiles/%s: %d, %d bytes; want 200 and the %d exported bytes", s.name, p, status, len(body), len(want))
		}
		if etag == "" {
			continue
		}
		if status, _, _ := benchGet(b, s.base+"/tiles/"+p, etag); status != http.StatusNotModified {
			b.Fatalf("%s: GET /tiles/%s If-None-Match %s: %d, want 304", s.name, p, etag, status)
		}
		etags[p] = etag
	}
	return etags
}

// benchGet fetches u, with If-None-Match when etag is set.
func benchGet(b *testing.B, u, etag string) (int, []byte, string) {
	b.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		b.Fatal(err)
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	return resp.StatusCode, body, resp.Header.Get("ETag")
}

// startTwinServer starts `twin serve` on the store on a free port, with
// access logging off, the extra environment variables and flags, and
// returns its base URL and process id; it is stopped when the benchmark
// ends. With TWIN_BENCH_INPROCESS=1 it runs in
// the test process (id 0: no CPU figures), so that go test -cpuprofile
// profiles the server.
func startTwinServer(b *testing.B, store string, env []string, flags ...string) (string, int) {
	b.Helper()
	args := append([]string{"--addr", "127.0.0.1:0", "--log-level", "warn"}, flags...)
	if os.Getenv("TWIN_BENCH_INPROCESS") != "1" {
		s := startServe(b, twinBin, "", store, env, args...)
		return s.url, s.cmd.Process.Pid
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = run(ctx, append([]string{"--store", store, "serve"}, args...), func(string) string { return "" }, pw, os.Stderr)
		pw.Close()
	}()
	b.Cleanup(func() { cancel(); <-done })
	select {
	case u := <-scanServing(pr, store):
		return u, 0
	case <-time.After(time.Minute):
		b.Fatal("twin serve did not print its address within a minute")
		return "", 0
	}
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(b *testing.B) int {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitHTTP polls u until it answers or the deadline passes.
func waitHTTP(b *testing.B, u string, exited <-chan struct{}, log *bytes.Buffer) {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			return
		}
		select {
		case <-exited:
			b.Fatalf("%s: the server exited\n%s", u, log)
		case <-time.After(50 * time.Millisecond):
		}
	}
	b.Fatalf("%s: no answer within 30 s", u)
}

// nginxConf runs nginx unprivileged (or as root when the benchmark is
// root, so that its workers can read the private temp dir) in the
// foreground with everything below tmp, serving dir at /tiles/.
const nginxConf = `%sworker_processes auto;
daemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path %[2]s/body;
	proxy_temp_path %[2]s/proxy;
	fastcgi_temp_path %[2]s/fastcgi;
	uwsgi_temp_path %[2]s/uwsgi;
	scgi_temp_path %[2]s/scgi;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	types { application/json json; model/gltf-binary glb; }
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:%[3]d;
		location /tiles/ { alias %[4]s/; }
	}
}
`

// startNginx starts nginx serving dir at /tiles/ on a free port and
// returns its base URL and the master's process id; it is stopped when the benchmark ends.
func startNginx(b *testing.B, bin, dir string) (string, int) {
	b.Helper()
	tmp := b.TempDir()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n"
	}
	port := freePort(b)
	conf := filepath.Join(tmp, "nginx.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(nginxConf, user, tmp, port, dir)), 0o644); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", tmp, "-c", conf)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	b.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(b, base+"/", exited, &stderr)
	return base, cmd.Process.Pid
}
