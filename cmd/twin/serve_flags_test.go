package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeFlagErrors runs the binary with flags and environment variables
// that make no sense: each must exit 1 naming the flag, before opening the
// store.
func TestServeFlagErrors(t *testing.T) {
	store := filepath.Join(t.TempDir(), "twin.db")
	missing := filepath.Join(t.TempDir(), "no-cesium")
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"bad addr", nil, []string{"--addr", "localhost"}, "--addr"},
		{"bad addr from env", []string{"TWIN_ADDR=nowhere"}, nil, "--addr"},
		{"bad log level", nil, []string{"--log-level", "loud"}, "--log-level"},
		{"bad log level from env", []string{"TWIN_LOG_LEVEL=chatty"}, nil, "--log-level"},
		{"bad origin", nil, []string{"--cors-origins", "https://a.example,ftp://b.example"}, "--cors-origins"},
		{"origin with a path from env", []string{"TWIN_CORS_ORIGINS=https://a.example/app"}, nil, "--cors-origins"},
		{"missing cesium dir", nil, []string{"--cesium-dir", missing}, "--cesium-dir"},
		{"missing cesium dir from env", []string{"TWIN_CESIUM_DIR=" + missing}, nil, "--cesium-dir"},
		{"zero max body", nil, []string{"--max-body", "0"}, "--max-body"},
		{"max body not a number", nil, []string{"--max-body", "1MB"}, "max-body"},
		{"negative tile cache", nil, []string{"--tile-cache-mb", "-1"}, "--tile-cache-mb"},
		{"negative read timeout", nil, []string{"--read-timeout", "-1s"}, "--read-timeout"},
		{"negative idle timeout", nil, []string{"--idle-timeout", "-5m"}, "--idle-timeout"},
		{"zero shutdown timeout", nil, []string{"--shutdown-timeout", "0s"}, "--shutdown-timeout"},
		{"fast tiles not a bool from env", []string{"TWIN_FAST_TILES=sometimes"}, nil, "TWIN_FAST_TILES"},
		{"fast tiles not a bool", nil, []string{"--fast-tiles=maybe"}, "fast-tiles"},
		{"unknown flag", nil, []string{"--port", "80"}, "port"},
		{"extra argument", nil, []string{"now"}, "unexpected arguments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(twinBin, append([]string{"--store", store, "serve"}, tc.args...)...)
			cmd.Env = append(os.Environ(), tc.env...)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("exit %v, want status 1:\n%s", err, out)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Errorf("output does not name %q:\n%s", tc.want, out)
			}
			if _, err := os.Stat(store); err == nil {
				t.Errorf("the store was created before the flags were checked")
			}
		})
	}
}

// TestServeEnvAndFlags starts the binary configured by the environment
// (net/http alone: TWIN_FAST_TILES=false), with flags overriding it, and
// checks what it serves.
func TestServeEnvAndFlags(t *testing.T) {
	store := demoStore(t)
	cesium := fakeCesium(t, t.TempDir(), "Cesium", map[string]string{"Cesium.js": "var CESIUM_FROM_ENV = 1;"})
	env := []string{"TWIN_ADDR=127.0.0.1:1", "TWIN_CESIUM_DIR=" + cesium,
		"TWIN_CORS_ORIGINS=https://a.example, https://b.example", "TWIN_LOG_LEVEL=debug", "TWIN_FAST_TILES=false"}
	s := startServe(t, twinBin, t.TempDir(), store, env, "--addr", "127.0.0.1:0", "--tile-cache-mb", "0")
	cases := []struct {
		name, path string
		headers    []string
		status     int
		contains   string
		header     string // "Name: value" the response must have
	}{
		{"viewer", "/", nil, 200, "<html", "Content-Type: text/html; charset=utf-8"},
		{"cesium from env", "/cesium/Cesium.js", nil, 200, "CESIUM_FROM_ENV", "Cache-Control: public, max-age=86400"},
		{"cors from env", "/api/v1/datasets", []string{"Origin: https://b.example"}, 200, `"demo"`, "Access-Control-Allow-Origin: https://b.example"},
		{"tiles without a cache", "/tiles/tileset.json", nil, 200, `"asset"`, "Cache-Control: public, max-age=10, must-revalidate"},
		{"ready", "/readyz", nil, 200, `"ready"`, "Content-Type: application/json; charset=utf-8"},
		{"metrics", "/metrics", nil, 200, "citytwin_build_info", "Content-Type: text/plain; version=0.0.4; charset=utf-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := s.get(t, tc.path, tc.headers...)
			k, v, _ := strings.Cut(tc.header, ": ")
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.contains) || resp.Header.Get(k) != v {
				t.Errorf("%d %s=%q, want %d %s: %.200s", resp.StatusCode, k, resp.Header.Get(k), tc.status, tc.header, body)
			}
		})
	}
	if err := s.stop(t); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, s.stderr)
	}
	if log := s.stderr.String(); !strings.Contains(log, "route=\"GET /cesium/{path...}\"") || !strings.Contains(log, "remote=") {
		t.Errorf("no access log lines with route and remote address:\n%s", log)
	}
}

// TestServeCesiumDefault checks where twin serve looks for CesiumJS
// without --cesium-dir: below the working directory, then beside the
// binary's directory, else it warns and /cesium/ answers 503.
func TestServeCesiumDefault(t *testing.T) {
	store := demoStore(t)
	const rel = "viewer/node_modules/cesium/Build/Cesium"
	cwd := t.TempDir()
	fakeCesium(t, cwd, rel, map[string]string{"Cesium.js": "var FROM_CWD = 1;"})
	install := t.TempDir()
	fakeCesium(t, install, rel, map[string]string{"Cesium.js": "var FROM_INSTALL = 1;"})
	bin := filepath.Join(install, "bin", "twin")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(twinBin, bin); err != nil {
		t.Skipf("cannot link the binary into a temporary install: %v", err)
	}
	cases := []struct {
		name, bin, dir string
		status         int
		contains       string
	}{
		{"working directory first", bin, cwd, 200, "FROM_CWD"},
		{"beside the binary", bin, t.TempDir(), 200, "FROM_INSTALL"},
		{"none", twinBin, t.TempDir(), 503, "make deps"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startServe(t, tc.bin, tc.dir, store, nil, "--addr", "127.0.0.1:0")
			resp, body := s.get(t, "/cesium/Cesium.js")
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.contains) {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
			if tc.status == 503 && !strings.Contains(s.stderr.String(), "CesiumJS not found") {
				t.Errorf("no warning:\n%s", s.stderr)
			}
		})
	}
}
