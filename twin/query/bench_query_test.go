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
	query := func(i int) (int, error) {
		resp, err := e.Area(ctx, reqs[i%len(reqs)])
		if err != nil {
			return 0, err
		}
		return resp.Total, nil
	}
	scan := func(q int) (int, error) {
		reg, _, err := e.parseArea(reqs[q].AreaSpec)
		if err != nil {
			return 0, err
		}
		n := 0
		for _, f := range all {
			if reg.featureInRegion(f) {
				n++
			}
		}
		return n, nil
	}
	b.ReportAllocs()
	index, hits := timeBatches(b, query)
	report(b, index, bruteCheck(b, scan, query), hits)
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
	query := func(i int) (int, error) {
		resp, err := e.Proximity(ctx, reqs[i%len(reqs)])
		if err != nil {
			return 0, err
		}
		return resp.Total, nil
	}
	scan := func(q int) (int, error) {
		s, err := ParseGeometry("geometry", reqs[q].Geometry, "", 100)
		if err != nil {
			return 0, err
		}
		pf := newProbeFrame(s)
		n := 0
		for _, f := range all {
			if _, ok := pf.near(f, reqs[q].DistanceM, false); ok {
				n++
			}
		}
		return n, nil
	}
	b.ReportAllocs()
	index, hits := timeBatches(b, query)
	report(b, index, bruteCheck(b, scan, query), hits)
}

// timeBatches runs benchBatch queries per op of b, query(i) answering the
// i-th with the number of features it finds, and returns their latencies
// and the features found in all.
func timeBatches(b *testing.B, query func(i int) (int, error)) (latencies, int) {
	b.Helper()
	var index latencies
	hits, i := 0, 0
	for b.Loop() {
		for range benchBatch {
			start := time.Now()
			n, err := query(i)
			index = append(index, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			hits += n
			i++
		}
	}
	return index, hits
}

// bruteCheck answers the first bruteQueries queries again with scan, a
// brute-force scan of every feature, and returns its latencies; it fails
// b where query (the index) finds another number of features.
func bruteCheck(b *testing.B, scan, query func(q int) (int, error)) latencies {
	b.Helper()
	var brute latencies
	for q := range bruteQueries {
		start := time.Now()
		n, err := scan(q)
		brute = append(brute, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if got, err := query(q); err != nil || got != n {
			b.Fatalf("query %d: index %d features (err %v), brute force %d", q, got, err, n)
		}
	}
	return brute
}
