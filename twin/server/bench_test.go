package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/twin/server"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// BenchmarkServeTile serves a GLB of the demo district (seed 1) through
// the whole handler, from the tile cache, as CesiumJS asks for it.
func BenchmarkServeTile(b *testing.B) {
	src, _ := template(b, true)
	dst := filepath.Join(b.TempDir(), "twin.db")
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		b.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), dst)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	f := &fixture{store: store}
	glb := f.firstGLB(b, "water")
	h := server.New(server.Options{Store: store})
	req := httptest.NewRequest(http.MethodGet, "/tiles/"+glb.Path, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	b.ReportAllocs()
	b.SetBytes(int64(len(glb.Data)))
	for b.Loop() {
		w := &discardWriter{header: http.Header{}}
		h.ServeHTTP(w, req)
		if w.code != http.StatusOK || w.n != len(glb.Data) {
			b.Fatalf("status %d, %d bytes", w.code, w.n)
		}
	}
}

// discardWriter is a ResponseWriter that keeps the status and counts the
// body, so that the benchmark measures the handler, not a recorder.
type discardWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}
