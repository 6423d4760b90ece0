package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/server"
	"github.com/citytwin/citytwin/twin/server/fastpath"
	"github.com/citytwin/citytwin/twin/store/sqlite"
	"github.com/citytwin/citytwin/twin/tiler"
)

// fixture is the demo district in a fresh store and a server on it.
type fixture struct {
	store *sqlite.Store
	// url is the server's base URL; it serves behind fastpath, as twin
	// serve does, and fast counts the requests the fast path answered.
	url  string
	fast *atomic.Int64
	// first ids of each kind, in the order the demo writes them
	building, segment, node string
	client                  *http.Client
}

// templates are demo stores built once per test run (with and without
// tiles) that fixtures copy: loading and tiling the demo for every test
// would take most of the run under the race detector.
var templates struct {
	dir  string
	once [2]sync.Once
	path [2]string
	err  [2]error
	ids  [2]firstIDs
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "server-test-")
	if err != nil {
		panic(err)
	}
	templates.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// template returns the path of the template store and its first ids.
func template(t testing.TB, tiles bool) (string, firstIDs) {
	t.Helper()
	i := 0
	if tiles {
		i = 1
	}
	templates.once[i].Do(func() {
		templates.path[i] = filepath.Join(templates.dir, fmt.Sprintf("template-%d.db", i))
		templates.ids[i], templates.err[i] = makeTemplate(templates.path[i], tiles)
	})
	if templates.err[i] != nil {
		t.Fatal(templates.err[i])
	}
	return templates.path[i], templates.ids[i]
}

// makeTemplate writes the demo district (seed 1) and, when tiles is true,
// its tiles into a new store at path.
func makeTemplate(path string, tiles bool) (firstIDs, error) {
	ctx := context.Background()
	var ids firstIDs
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		return ids, err
	}
	defer store.Close()
	dopts := demo.Options{Seed: 1, Dataset: "demo"}
	meta := demo.Meta(dopts)
	_, err = store.LoadDataset(ctx, &meta, func(w twin.FeatureWriter) error {
		_, err := demo.Generate(ctx, dopts, idWriter{w, &ids})
		return err
	})
	if err != nil || !tiles {
		return ids, err
	}
	_, err = tiler.Build(ctx, store, tiler.NewMesher(tiler.MesherOptions{}), tiler.Options{})
	return ids, err
}

// newFixture copies the demo store (with its tiles when tiles is true) and
// starts a server with opts (Store set here; the tile state is read on
// every request unless opts says otherwise).
func newFixture(t testing.TB, tiles bool, opts server.Options) *fixture {
	t.Helper()
	src, ids := template(t, tiles)
	dst := filepath.Join(t.TempDir(), "twin.db")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), dst)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, building: ids.building, segment: ids.segment, node: ids.node,
		client: &http.Client{Transport: &http.Transport{DisableCompression: true}}}
	opts.Store = store
	if opts.Version == "" {
		opts.Version = "test"
	}
	if opts.TileStateTTL == 0 {
		opts.TileStateTTL = -1
	}
	f.url, f.fast = startServer(t, server.New(opts), true)
	t.Cleanup(f.client.CloseIdleConnections)
	return f
}

// startServer serves h on a free port of 127.0.0.1 until the test ends,
// behind the fast path when fast is true (as twin serve does), else with
// net/http alone. It returns the base URL and the count of requests the
// fast path answered.
func startServer(t testing.TB, h *server.Server, fast bool) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	answered := &atomic.Int64{}
	var srv interface {
		Serve(net.Listener) error
		Shutdown(context.Context) error
	} = hs
	if fast {
		srv = &fastpath.Server{HTTP: hs, Fast: countingFast{h, answered}}
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String(), answered
}

// countingFast counts the requests a fast handler answers.
type countingFast struct {
	h fastpath.Handler
	n *atomic.Int64
}

func (c countingFast) ServeFast(w *fastpath.Response, r *fastpath.Request) bool {
	ok := c.h.ServeFast(w, r)
	if ok {
		c.n.Add(1)
	}
	return ok
}

// build brings the store's tiles up to date.
func (f *fixture) build(t testing.TB) tiler.Report {
	t.Helper()
	rep, err := tiler.Build(context.Background(), f.store, tiler.NewMesher(tiler.MesherOptions{}), tiler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// firstIDs are the first feature ids of each kind, in the order the demo
// writes them.
type firstIDs struct{ building, segment, node string }

// idWriter notes the first ids.
type idWriter struct {
	twin.FeatureWriter
	ids *firstIDs
}

func (w idWriter) Put(feat twin.Feature) error {
	id := feat.Head().ID
	for _, k := range []struct {
		kind twin.Kind
		dst  *string
	}{{twin.KindBuilding, &w.ids.building}, {twin.KindSegment, &w.ids.segment}, {twin.KindNode, &w.ids.node}} {
		if feat.Kind() == k.kind && *k.dst == "" {
			*k.dst = id
		}
	}
	return w.FeatureWriter.Put(feat)
}

// do sends a request with headers given as "Name: value" and returns the
// response and its body (not decompressed).
func (f *fixture) do(t testing.TB, method, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func (f *fixture) get(t testing.TB, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	return f.do(t, http.MethodGet, path, headers...)
}

// tile returns a stored tile file.
func (f *fixture) tile(t testing.TB, path string) twin.TileBlob {
	t.Helper()
	b, err := f.store.Tile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstGLB returns a GLB of a layer.
func (f *fixture) firstGLB(t testing.TB, layer string) twin.TileBlob {
	t.Helper()
	list, err := f.store.ListTiles(context.Background(), layer)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range list {
		if strings.HasSuffix(b.Path, ".glb") {
			return f.tile(t, b.Path)
		}
	}
	t.Fatalf("layer %s has no GLB", layer)
	return twin.TileBlob{}
}

// allFeatures returns every stored feature.
func (f *fixture) allFeatures(t testing.TB) []twin.Feature {
	t.Helper()
	world := geo.Bounds3{Min: geo.Point3{-180, -90, math.Inf(-1)}, Max: geo.Point3{180, 90, math.Inf(1)}}
	var all []twin.Feature
	err := f.store.Search(context.Background(), world, twin.Filter{}, func(feat twin.Feature) bool {
		all = append(all, feat)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// addBuilding loads a dataset "extra" with one building in the demo
// district's south-west corner.
func (f *fixture) addBuilding(t testing.TB, roofM float64) {
	t.Helper()
	lon, lat := 37.6130, 55.7470
	ring := orb.Ring{{lon, lat}, {lon + 0.0002, lat}, {lon + 0.0002, lat + 0.0001}, {lon, lat + 0.0001}, {lon, lat}}
	b := &twin.Building{Header: twin.Header{ID: "extra:x1", Dataset: "extra", SourceID: "x1",
		Attributes: twin.Attributes{"year": 2030.0}},
		Footprint: orb.Polygon{ring}, BaseM: 150, RoofM: roofM, LoD: "1", RoofShape: twin.RoofFlat}
	meta := twin.DatasetMeta{Name: "extra", Sources: []string{"test"}, CRS: "EPSG:4326"}
	_, err := f.store.LoadDataset(context.Background(), &meta, func(w twin.FeatureWriter) error { return w.Put(b) })
	if err != nil {
		t.Fatal(err)
	}
}

// sameHeaders compares the headers of two responses but Date.
func sameHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if k == "Date" {
			continue
		}
		if strings.Join(v, "|") != strings.Join(b[k], "|") {
			return false
		}
	}
	return true
}
