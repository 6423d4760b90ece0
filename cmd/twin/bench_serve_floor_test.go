package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startNetHTTPFloor serves the exported files from memory with the least a
// Go server can do: net/http, one map lookup, the same headers twin sends
// (type, length, ETag, Cache-Control) and 304 on an exact If-None-Match.
// It runs in the benchmark's own process (so its CPU is the test
// process's) and is BenchmarkServe's second anchor: the ceiling of Go's
// HTTP server, which tells twin's own overhead apart from net/http's.
func startNetHTTPFloor(b *testing.B, dir string, paths []string) (string, int) {
	b.Helper()
	type file struct {
		data               []byte
		etag, ctype, cache string
	}
	files := map[string]file{}
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			b.Fatal(err)
		}
		sum := sha256.Sum256(data)
		f := file{data: data, etag: `"` + hex.EncodeToString(sum[:]) + `"`,
			ctype: "model/gltf-binary", cache: "public, max-age=31536000, immutable"}
		if strings.HasSuffix(p, ".json") {
			f.ctype, f.cache = "application/json", "public, max-age=10, must-revalidate"
		}
		files["/tiles/"+p] = f
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{f.ctype}
		h["Cache-Control"] = []string{f.cache}
		h["Etag"] = []string{f.etag}
		if r.Header.Get("If-None-Match") == f.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h["Content-Length"] = []string{strconv.Itoa(len(f.data))}
		_, _ = w.Write(f.data)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String(), os.Getpid()
}
