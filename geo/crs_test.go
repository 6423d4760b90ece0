package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

func TestNewTransformerErrors(t *testing.T) {
	for _, tc := range []struct {
		name, crs string
		unknown   bool // must wrap ErrUnknownCRS
	}{
		{"unknown EPSG code", "EPSG:999999", true},
		{"unknown URN", "urn:ogc:def:crs:EPSG::999999", true},
		{"garbage", "garbage", true},
		{"bad WKT", `PROJCS["x",GEOGCS[`, true},
		{"empty", "", false},
		{"blank", "   ", false},
		{"vertical only", "EPSG:5709", false},
		{"object name (no database search)", "WGS 84", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := NewTransformer(tc.crs)
			if err == nil {
				tr.Close()
				t.Fatalf("NewTransformer(%q) succeeded", tc.crs)
			}
			if !strings.HasPrefix(err.Error(), "geo: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if tc.unknown && !errors.Is(err, ErrUnknownCRS) {
				t.Errorf("error %v does not wrap ErrUnknownCRS", err)
			}
		})
	}
}

func TestToWGS84OutsideDomain(t *testing.T) {
	rd, utm, lv95, wgs := Point3{155000, 463000, 0}, Point3{500000, 4000000, 0}, Point3{2600000, 1200000, 0}, Point3{5, 52, 0}
	for _, tc := range []struct {
		name      string
		crs       string
		good, bad Point3
		want      error
	}{
		{"RD far east (finite garbage from PROJ)", "EPSG:28992", rd, Point3{1e7, 1e7, 0}, ErrOutsideDomain},
		{"RD huge x", "EPSG:28992", rd, Point3{1e9, 463000, 0}, ErrOutsideDomain},
		{"RD given UTM 31N coordinates", "EPSG:28992", rd, Point3{630000, 5800000, 0}, ErrOutsideDomain},
		{"UTM huge easting (PROJ error)", "EPSG:32637", utm, Point3{1e9, 0, 0}, ErrOutsideDomain},
		{"LV95 10,000 km east", "EPSG:2056", lv95, Point3{1e7, 1200000, 0}, ErrOutsideDomain},
		{"latitude beyond the pole", "EPSG:4326", wgs, Point3{10, 95, 0}, ErrOutsideDomain},
		{"longitude beyond 180", "EPSG:4326", wgs, Point3{200, 45, 0}, ErrOutsideDomain},
		{"NaN easting", "EPSG:28992", rd, Point3{math.NaN(), 463000, 0}, ErrNotFinite},
		{"Inf northing", "EPSG:7415", rd, Point3{155000, math.Inf(1), 0}, ErrNotFinite},
		{"NaN height", "EPSG:7415", rd, Point3{155000, 463000, math.NaN()}, ErrNotFinite},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := mustTransformer(t, tc.crs)
			pts := []Point3{tc.good, tc.bad}
			err := tr.ToWGS84(pts)
			if !errors.Is(err, tc.want) {
				t.Fatalf("ToWGS84(%v) = %v, want %v (result %v)", tc.bad, err, tc.want, pts)
			}
			if !strings.Contains(err.Error(), "point 1 ") {
				t.Errorf("error %q does not name point 1", err)
			}
		})
	}
}

func mustTransformer(tb testing.TB, crs string) *Transformer {
	tb.Helper()
	tr, err := NewTransformer(crs)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(tr.Close)
	return tr
}

// randomRD returns n points spread over the Netherlands in RD New + NAP.
func randomRD(n int, seed uint64) []Point3 {
	r := rand.New(rand.NewPCG(seed, 1))
	pts := make([]Point3, n)
	for i := range pts {
		pts[i] = Point3{20000 + r.Float64()*250000, 310000 + r.Float64()*300000, r.Float64() * 100}
	}
	return pts
}

func TestToWGS84BatchMatchesSingle(t *testing.T) {
	tr := mustTransformer(t, "EPSG:7415")
	for _, n := range []int{0, 1, chunkLen - 1, chunkLen, 3*chunkLen + 7} {
		pts := randomRD(n, 7)
		batch := append([]Point3(nil), pts...)
		if err := tr.ToWGS84(batch); err != nil {
			t.Fatal(err)
		}
		for i, p := range pts {
			one := []Point3{p}
			if err := tr.ToWGS84(one); err != nil {
				t.Fatal(err)
			}
			if one[0] != batch[i] {
				t.Fatalf("n=%d point %d: batch %v, single %v", n, i, batch[i], one[0])
			}
		}
	}
}

func TestTransformerConcurrent(t *testing.T) {
	tr := mustTransformer(t, "EPSG:28992")
	want := randomRD(500, 3)
	if err := tr.ToWGS84(want); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			pts := randomRD(500, 3)
			if err := tr.ToWGS84(pts); err != nil {
				errs <- err
				return
			}
			for i := range pts {
				if pts[i] != want[i] {
					errs <- errors.New("concurrent result differs")
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestTransformerClosed(t *testing.T) {
	tr, err := NewTransformer("EPSG:28992")
	if err != nil {
		t.Fatal(err)
	}
	tr.Close()
	tr.Close() // idempotent
	if err := tr.ToWGS84([]Point3{{155000, 463000, 0}}); !errors.Is(err, ErrClosed) {
		t.Errorf("ToWGS84 after Close = %v, want ErrClosed", err)
	}
}

func BenchmarkToWGS84(b *testing.B) {
	tr := mustTransformer(b, "EPSG:28992")
	src := randomRD(10000, 42)
	pts := make([]Point3, len(src))
	b.ReportAllocs()
	for b.Loop() {
		copy(pts, src)
		if err := tr.ToWGS84(pts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(src))/b.Elapsed().Seconds(), "points/s")
}

func FuzzNewTransformer(f *testing.F) {
	for _, s := range []string{"EPSG:7415", "urn:ogc:def:crs:EPSG::28992", "EPSG:3547+6360", "garbage",
		"+proj=utm +zone=10", `PROJCS["x"]`, "EPSG:", "OGC:CRS84", "+proj=pipeline +step +proj=axisswap"} {
		f.Add(s, 155000.0, 463000.0)
	}
	f.Fuzz(func(t *testing.T, crs string, x, y float64) {
		tr, err := NewTransformer(crs)
		if err != nil {
			return
		}
		defer tr.Close()
		pts := []Point3{{x, y, 1}}
		if err := tr.ToWGS84(pts); err == nil && (!pts[0].Finite() || math.Abs(pts[0][1]) > 90) {
			t.Errorf("ToWGS84 returned %v without error", pts[0])
		}
	})
}
