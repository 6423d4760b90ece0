package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citytwin/citytwin/twin/testkit"
)

// servingLine is what twin serve prints once it listens.
var servingLine = regexp.MustCompile(`^CityTwin serving (.+) on (http://[^/\s]+)/$`)

// served is a running twin serve.
type served struct {
	url    string
	cmd    *exec.Cmd
	stderr *testkit.LockedBuffer
	done   chan error // Wait's result
}

// demoStore makes a store with the demo district and its tiles, with the
// binary (in-process under the race detector, the build takes long).
func demoStore(t *testing.T) string {
	t.Helper()
	store := filepath.Join(t.TempDir(), "twin.db")
	for _, args := range [][]string{{"demo"}, {"build"}} {
		cmd := exec.Command(twinBin, append([]string{"--store", store}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("twin %s: %v\n%s", args[0], err, out)
		}
	}
	return store
}

// startServe runs the twin binary in dir with env added to the
// environment and args after --store and serve, and waits for its
// address. The server gets SIGTERM when the test ends, if still running.
func startServe(t testing.TB, bin, dir, store string, env []string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--store", store, "serve"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, stderr: &testkit.LockedBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() { s.stop(t) })
	select {
	case s.url = <-scanServing(stdout, store):
	case err := <-s.done:
		s.done <- err
		t.Fatalf("twin serve exited (%v) before serving:\n%s", err, s.stderr)
	case <-time.After(time.Minute):
		t.Fatalf("twin serve did not print its address within a minute:\n%s", s.stderr)
	}
	return s
}

// scanServing reads a twin serve's stdout to its end in the background
// and sends the address it prints for store.
func scanServing(stdout io.Reader, store string) <-chan string {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil && m[1] == store {
				found <- m[2]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	return found
}

// stop sends SIGTERM and waits for the exit.
func (s *served) stop(t testing.TB) error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		t.Errorf("twin serve did not stop within 30 s of SIGTERM")
		return <-s.done
	}
}

// get fetches a path and returns the response and its body.
func (s *served) get(t *testing.T, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// fakeCesium writes a CesiumJS build of files (name → content) below
// root/rel and returns its path.
func fakeCesium(t *testing.T, root, rel string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(root, filepath.FromSlash(rel))
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
