package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// benchSegments is the size of the store the search benchmarks share.
const benchSegments = 1_000_000

// million is the shared store: built once per test process, removed by
// TestMain.
var million struct {
	once   sync.Once
	dir    string
	store  *Store
	bounds []geo.Bounds3 // every feature's bounds, for the in-memory brute force
	build  time.Duration // how long LoadDataset took for the million
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if million.store != nil {
		_ = million.store.Close()
	}
	if million.dir != "" {
		_ = os.RemoveAll(million.dir)
	}
	os.Exit(code)
}

// millionStore returns the shared store of benchSegments synthetic
// segments (seed 42), building it on first use. The store is closed and
// opened again after the load, as a server would find it on disk.
func millionStore(b *testing.B) (*Store, []geo.Bounds3) {
	million.once.Do(func() {
		if million.dir, million.err = os.MkdirTemp("", "citytwin-bench-"); million.err != nil {
			return
		}
		path := filepath.Join(million.dir, "million.db")
		million.build, million.err = buildMillion(path)
		if million.err == nil {
			million.store, million.err = Open(context.Background(), path)
		}
	})
	if million.err != nil {
		b.Fatal(million.err)
	}
	return million.store, million.bounds
}

func buildMillion(path string) (time.Duration, error) {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return 0, err
	}
	million.bounds = make([]geo.Bounds3, 0, benchSegments)
	start := time.Now()
	_, err = s.LoadDataset(ctx, meta("bench"), func(w twin.FeatureWriter) error {
		return synthSegments(42, "bench", benchSegments, func(f twin.Feature) error {
			million.bounds = append(million.bounds, f.Bounds())
			return w.Put(f)
		})
	})
	d := time.Since(start)
	return d, errors.Join(err, s.Close())
}

// benchBoxes are query boxes of about 200 m × 200 m (all heights) inside
// the synthetic city: a tile-sized request.
func benchBoxes() []geo.Bounds3 {
	rng := rand.New(rand.NewPCG(4242, 1))
	boxes := make([]geo.Bounds3, 1024)
	for i := range boxes {
		lon := cityLon + rng.Float64()*citySpanLon
		lat := cityLat + rng.Float64()*citySpanLat
		boxes[i] = geo.Bounds3{
			Min: geo.Point3{lon, lat, -100},
			Max: geo.Point3{lon + 200*metreLon, lat + 200*metreLat, 100},
		}
	}
	return boxes
}

// BenchmarkSearch compares the R*Tree search with two brute-force scans of
// the same million segments, for the same ~200 m boxes:
//
//   - index: Store.Search (R*Tree, then exact bounds, decoding each hit);
//   - index-nodecode: the same SQL without decoding the hits' JSON;
//   - bruteforce-table: the exact-bounds SQL predicate without the R*Tree,
//     i.e. a full scan of the features table, decoding each hit;
//   - bruteforce-memory: Intersects over every feature's bounds held in a Go
//     slice (no SQL, no decoding): the floor for any scan.
func BenchmarkSearch(b *testing.B) {
	s, all := millionStore(b)
	boxes := benchBoxes()
	ctx := context.Background()
	b.Run("index", func(b *testing.B) {
		b.Logf("setup: LoadDataset of %d segments took %v (%.0f segments/s)",
			benchSegments, million.build.Round(time.Millisecond), benchSegments/million.build.Seconds())
		b.ReportAllocs()
		hits := 0
		for i := 0; b.Loop(); i++ {
			err := s.Search(ctx, boxes[i%len(boxes)], twin.Filter{}, func(twin.Feature) bool { hits++; return true })
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	})
	b.Run("index-nodecode", func(b *testing.B) {
		b.ReportAllocs()
		hits := 0
		for i := 0; b.Loop(); i++ {
			q, args := searchQuery(boxes[i%len(boxes)], twin.Filter{})
			hits += countRows(b, s, false, q, args...)
		}
		b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	})
	b.Run("bruteforce-table", func(b *testing.B) {
		b.ReportAllocs()
		hits := 0
		for i := 0; b.Loop(); i++ {
			q := boxes[i%len(boxes)]
			hits += countRows(b, s, true, `SELECT kind, data FROM features WHERE
				min_lon <= ?1 AND max_lon >= ?2 AND min_lat <= ?3 AND max_lat >= ?4 AND min_z <= ?5 AND max_z >= ?6`,
				q.Max[0], q.Min[0], q.Max[1], q.Min[1], q.Max[2], q.Min[2])
		}
		b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	})
	b.Run("bruteforce-memory", func(b *testing.B) {
		b.ReportAllocs()
		hits := 0
		for i := 0; b.Loop(); i++ {
			q := boxes[i%len(boxes)]
			for _, bb := range all {
				if bb.Intersects(q) {
					hits++
				}
			}
		}
		b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	})
}

// countRows runs a query of (kind, data) rows and counts them, decoding
// each feature if decode is set.
func countRows(b *testing.B, s *Store, decode bool, query string, args ...any) int {
	rows, err := s.read.Query(query, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var kind string
		var data sql.RawBytes
		if err := rows.Scan(&kind, &data); err != nil {
			b.Fatal(err)
		}
		if decode {
			if _, err := twin.UnmarshalFeature(twin.Kind(kind), data); err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkLoad measures LoadDataset on loadSegments synthetic segments:
// a first load into an empty store, and a reload of the same content (the
// unchanged path: hash compare, no writes, no change log).
func BenchmarkLoad(b *testing.B) {
	const loadSegments = 100_000
	fill := func(w twin.FeatureWriter) error { return synthSegments(7, "city", loadSegments, w.Put) }
	ctx := context.Background()
	b.Run("first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			s, err := Open(ctx, filepath.Join(b.TempDir(), "load.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := s.LoadDataset(ctx, meta("city"), fill); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			_ = s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(loadSegments*b.N)/b.Elapsed().Seconds(), "segments/s")
	})
	b.Run("reload-unchanged", func(b *testing.B) {
		s := openTemp(b)
		if _, err := s.LoadDataset(ctx, meta("city"), fill); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.LoadDataset(ctx, meta("city"), fill); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(loadSegments*b.N)/b.Elapsed().Seconds(), "segments/s")
	})
}
