package viewer

import (
	"bufio"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citytwin/citytwin/twin/testkit"
)

// twinServer is a running `twin serve` of a fresh store, started by a test.
type twinServer struct {
	URL   string                // http://127.0.0.1:PORT, no trailing slash
	Store string                // the store file
	Bin   string                // the twin binary
	Log   *testkit.LockedBuffer // what the server wrote to stderr
}

var servingLine = regexp.MustCompile(`on (http://[^/\s]+)/`)

// startTwinServe builds ./cmd/twin, runs each load command (twin arguments
// after --store, e.g. {"demo"}) on a fresh store, builds its tiles and
// starts `twin serve --addr 127.0.0.1:0` with extra serve arguments. The
// server is stopped with SIGTERM when the test ends.
func startTwinServe(t *testing.T, h harness, loads [][]string, serveArgs ...string) *twinServer {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		skipOrFail(t, "go tool missing from PATH: cannot build cmd/twin")
	}
	tmp := t.TempDir()
	s := &twinServer{Bin: filepath.Join(tmp, "twin"), Store: filepath.Join(tmp, "twin.db"), Log: &testkit.LockedBuffer{}}
	runCmd(t, 5*time.Minute, h.root, goTool, "build", "-o", s.Bin, "./cmd/twin")
	for _, load := range loads {
		runCmd(t, 5*time.Minute, tmp, s.Bin, append([]string{"--store", s.Store}, load...)...)
	}
	runCmd(t, 10*time.Minute, tmp, s.Bin, "--store", s.Store, "build")
	args := append([]string{"--store", s.Store, "serve", "--addr", "127.0.0.1:0"}, serveArgs...)
	cmd := exec.Command(s.Bin, args...)
	cmd.Dir = h.root
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = s.Log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	s.URL = waitServing(t, stdout)
	return s
}

// waitServing reads the server's stdout until it prints its address.
func waitServing(t *testing.T, stdout io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(time.Minute):
		t.Fatal("twin serve did not print its address within a minute")
		return ""
	}
}

// TestTwinServeStarts checks the helper itself: the demo is served.
func TestTwinServeStarts(t *testing.T) {
	h := needHarness(t)
	s := startTwinServe(t, h, [][]string{{"demo"}})
	resp, err := http.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"ok"`) {
		t.Fatalf("/healthz: %d %s", resp.StatusCode, body)
	}
}
