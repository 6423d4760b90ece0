package query

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
)

// An op of the query benchmarks is a batch of benchBatch queries, so that
// even -benchtime 1x gives percentiles; bruteQueries of them are then
// answered again by scanning every feature in memory with the same exact
// tests, which also checks the index answers.
const (
	benchBatch   = 200
	bruteQueries = 12
)

func benchMaker(seed uint64) *shapeMaker {
	ext := geo.Bounds3{Min: geo.Point3{cityLon + 0.01, cityLat + 0.01}, Max: geo.Point3{cityLon + citySpanLon - 0.01, cityLat + citySpanLat - 0.01}}
	return &shapeMaker{rng: rand.New(rand.NewPCG(seed, seed+1)), ext: ext, mLon: metreLon, mLat: metreLat, sizeLo: 80, sizeHi: 150}
}

// BenchmarkAreaQuery: Area over ~200 m polygons (boxes, triangles, stars,
// holed and multi polygons) in a city of one million segments, against a
// brute-force scan of the same features.
func BenchmarkAreaQuery(b *testing.B) {
	store, all := millionStore(b)
	b.Logf("setup: %d segments loaded in %v", len(all), million.build.Round(time.Millisecond))
	e := New(store, Limits{})
	ctx := context.Background()
	var reqs []AreaRequest
	for _, s := range benchMaker(77).shapes(250) {
		reqs = append(reqs, AreaRequest{AreaSpec: AreaSpec{Geometry: s.geoJSON()}, Limit: 10_000})
	}
	b.ReportAllocs()
	var index latencies
	hits, i := 0, 0
	for b.Loop() {
		for range benchBatch {
			start := time.Now()
			resp, err := e.Area(ctx, reqs[i%len(reqs)])
			index = append(index, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			hits += resp.Total
			i++
		}
	}
	var brute latencies
	for q := range bruteQueries {
		start := time.Now()
		reg, _, err := e.parseArea(reqs[q].AreaSpec)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, f := range all {
			if reg.featureInRegion(f) {
				n++
			}
		}
		brute = append(brute, time.Since(start))
		if resp, _ := e.Area(ctx, reqs[q]); resp.Total != n {
			b.Fatalf("query %d: index %d features, brute force %d", q, resp.Total, n)
		}
	}
	report(b, index, brute, hits)
}

// BenchmarkProximityQuery: Proximity within 25 m of points and 60 m
// trenches 1.5 m deep in the same city, against a brute-force scan.
func BenchmarkProximityQuery(b *testing.B) {
	store, all := millionStore(b)
	e := New(store, Limits{})
	ctx := context.Background()
	m := benchMaker(78)
	var reqs []ProximityRequest
	for i := range 250 {
		lon, lat := m.centre()
		coords := [][]float64{{lon, lat, -1.5}}
		typ := "Point"
		if i%4 == 3 {
			a := m.rng.Float64() * math.Pi
			dx, dy := 30*math.Cos(a)*metreLon, 30*math.Sin(a)*metreLat
			coords, typ = [][]float64{{lon - dx, lat - dy, -1.5}, {lon + dx, lat + dy, -1.5}}, "LineString"
		}
		var g any = coords
		if typ == "Point" {
			g = coords[0]
		}
		raw, _ := json.Marshal(map[string]any{"type": typ, "coordinates": g})
		reqs = append(reqs, ProximityRequest{Geometry: raw, DistanceM: 25, Limit: 10_000})
	}
	b.ReportAllocs()
	var index latencies
	hits, i := 0, 0
	for b.Loop() {
		for range benchBatch {
			start := time.Now()
			resp, err := e.Proximity(ctx, reqs[i%len(reqs)])
			index = append(index, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			hits += resp.Total
			i++
		}
	}
	var brute latencies
	for q := range bruteQueries {
		start := time.Now()
		s, err := ParseGeometry("geometry", reqs[q].Geometry, "", 100)
		if err != nil {
			b.Fatal(err)
		}
		pf := newProbeFrame(s)
		n := 0
		for _, f := range all {
			if _, ok := pf.near(f, reqs[q].DistanceM, false); ok {
				n++
			}
		}
		brute = append(brute, time.Since(start))
		if resp, _ := e.Proximity(ctx, reqs[q]); resp.Total != n {
			b.Fatalf("query %d: index %d features, brute force %d", q, resp.Total, n)
		}
	}
	report(b, index, brute, hits)
}
