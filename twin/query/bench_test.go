package query

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// benchSegments is the size of the store the query benchmarks share.
const benchSegments = 1_000_000

// The synthetic city: about 20 km × 20 km at 52.3°N.
const (
	cityLon, cityLat         = 4.75, 52.25
	citySpanLon, citySpanLat = 0.30, 0.18
	metreLat                 = 1.0 / 111_320
	metreLon                 = metreLat / 0.61
)

// million is the shared store of the benchmarks, built once per test
// process and removed by TestMain; all holds every feature in memory for
// the brute-force scans.
var million struct {
	once  sync.Once
	dir   string
	store *sqlite.Store
	all   []twin.Feature
	build time.Duration
	err   error
}

func closeMillion() {
	if million.store != nil {
		_ = million.store.Close()
	}
	if million.dir != "" {
		_ = os.RemoveAll(million.dir)
	}
}

func millionStore(b *testing.B) (*sqlite.Store, []twin.Feature) {
	million.once.Do(func() {
		if million.dir, million.err = os.MkdirTemp("", "citytwin-query-bench-"); million.err != nil {
			return
		}
		path := filepath.Join(million.dir, "million.db")
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			million.err = err
			return
		}
		start := time.Now()
		meta := twin.DatasetMeta{Name: "bench", CRS: geo.WGS84CRS, Synthetic: true}
		_, err = s.LoadDataset(context.Background(), &meta, func(w twin.FeatureWriter) error {
			return synthSegments(42, benchSegments, func(f twin.Feature) error {
				million.all = append(million.all, f)
				return w.Put(f)
			})
		})
		million.build = time.Since(start)
		million.err = errors.Join(err, s.Close())
		if million.err == nil { // reopen, as a server finds it on disk
			million.store, million.err = sqlite.Open(context.Background(), path)
		}
	})
	if million.err != nil {
		b.Fatal(million.err)
	}
	return million.store, million.all
}

// synthSegments calls put with n pipe segments of 10–100 m spread over the
// city, 0.5–4.5 m deep under flat ground at 0 m, deterministic for a seed.
func synthSegments(seed uint64, n int, put func(twin.Feature) error) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	materials := []string{"PVC", "DI", "CI", "PE", "AC", "STEEL"}
	for i := range n {
		lon := cityLon + rng.Float64()*citySpanLon
		lat := cityLat + rng.Float64()*citySpanLat
		depth := 0.5 + rng.Float64()*4
		pts := []geo.Point3{{lon, lat, -depth}}
		for range 1 + rng.IntN(3) {
			length, dir := 10+rng.Float64()*30, rng.Float64()*2*math.Pi
			lon += length * math.Cos(dir) * metreLon
			lat += length * math.Sin(dir) * metreLat
			pts = append(pts, geo.Point3{lon, lat, -depth})
		}
		src := fmt.Sprintf("s%07d", i)
		s := &twin.UtilitySegment{
			Header:  twin.Header{ID: twin.FeatureID("bench", src), Dataset: "bench", SourceID: src},
			Network: twin.Networks[rng.IntN(len(twin.Networks))], Centreline: pts,
			DiameterMM: float64(50 + 50*rng.IntN(8)), DepthM: depth, Vertical: twin.VerticalDepth,
			Material: materials[rng.IntN(len(materials))], InstallYear: 1900 + rng.IntN(125), Status: twin.StatusExisting,
		}
		if err := put(s); err != nil {
			return err
		}
	}
	return nil
}

// latencies are per-query durations.
type latencies []time.Duration

func (l latencies) quantileMS(q float64) float64 {
	s := slices.Clone(l)
	slices.Sort(s)
	i := min(len(s)-1, int(math.Ceil(q*float64(len(s))))-1)
	return float64(s[max(i, 0)].Microseconds()) / 1000
}

// report puts the index and brute-force percentiles and the speed-up.
func report(b *testing.B, index, brute latencies, hits int) {
	b.ReportMetric(index.quantileMS(0.5), "p50-ms")
	b.ReportMetric(index.quantileMS(0.99), "p99-ms")
	b.ReportMetric(brute.quantileMS(0.5), "brute-p50-ms")
	b.ReportMetric(brute.quantileMS(0.99), "brute-p99-ms")
	b.ReportMetric(brute.quantileMS(0.5)/index.quantileMS(0.5), "speedup-p50")
	b.ReportMetric(float64(hits)/float64(len(index)), "hits/query")
}
