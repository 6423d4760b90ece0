package main

import (
	"bytes"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeShutdownInFlight sends SIGTERM while many clients are in the
// middle of a download too large for the socket buffers (so that every
// handler is still writing), and checks that each download completes with
// 200 and the whole file, that new connections are refused meanwhile, and
// that the process exits 0.
func TestServeShutdownInFlight(t *testing.T) {
	const clients = 16
	const size = 40 << 20 // above the server's in-memory limit: streamed from disk
	store := demoStore(t)
	cesium := t.TempDir()
	big := make([]byte, size)
	_, _ = rand.NewChaCha8([32]byte{1}).Read(big) // incompressible, fixed seed
	if err := os.WriteFile(filepath.Join(cesium, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(big)
	big = nil
	s := startServe(t, twinBin, t.TempDir(), store, nil, "--addr", "127.0.0.1:0",
		"--cesium-dir", cesium, "--shutdown-timeout", "2m", "--write-timeout", "2m")
	started := make(chan struct{}, clients)
	release := make(chan struct{})
	results := make(chan string, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() { results <- slowDownload(s.url+"/cesium/big.bin", i, want, started, release) })
	}
	for range clients {
		select {
		case <-started:
		case <-time.After(time.Minute):
			t.Fatal("downloads did not start within a minute")
		}
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitRefused(t, s.url)
	close(release)
	wg.Wait()
	close(results)
	for r := range results {
		if r != "" {
			t.Error(r)
		}
	}
	select {
	case err := <-s.done:
		s.done <- err
		if err != nil {
			t.Errorf("twin serve exited with %v after SIGTERM:\n%s", err, s.stderr)
		}
	case <-time.After(time.Minute):
		t.Fatal("twin serve did not exit after its requests finished")
	}
	if !strings.Contains(s.stderr.String(), "shutting down") {
		t.Errorf("no shutdown log:\n%s", s.stderr)
	}
}

// slowDownload reads the first part of url, signals started, waits for
// release, then reads the rest in small steps; it returns "" when it got
// 200 and the whole file, else what went wrong.
func slowDownload(url string, i int, want [32]byte, started chan<- struct{}, release <-chan struct{}) string {
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Get(url)
	if err != nil {
		started <- struct{}{}
		return err.Error()
	}
	defer resp.Body.Close()
	h := sha256.New()
	_, err = io.CopyN(h, resp.Body, 64<<10)
	started <- struct{}{}
	if err != nil {
		return err.Error()
	}
	<-release
	buf := make([]byte, 256<<10)
	for {
		n, err := resp.Body.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "client " + string(rune('a'+i)) + ": " + err.Error()
		}
		time.Sleep(time.Millisecond)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(h.Sum(nil), want[:]) {
		return "client " + string(rune('a'+i)) + ": status " + resp.Status + ", body differs from the file"
	}
	return ""
}

// waitRefused waits until the server stops accepting connections.
func waitRefused(t *testing.T, base string) {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the server still accepts connections 30 s after SIGTERM")
}
