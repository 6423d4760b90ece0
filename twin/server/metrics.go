package server

import (
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// metrics are the server's counters, written by handleMetrics in the
// Prometheus text exposition format (version 0.0.4). Labels are bounded:
// route is the ServeMux pattern (never the raw path), method one of the
// standard methods or OTHER, layer a tile layer name.
type metrics struct {
	version  string
	buckets  []float64 // latency histogram upper bounds, seconds
	inFlight atomic.Int64

	mu        sync.Mutex
	requests  map[requestKey]uint64
	latency   map[string]*histogram // by route
	respBytes map[string]uint64     // by route
	tiles     map[string]*tileCounts
}

type requestKey struct {
	route, method string
	code          int
}

type tileCounts struct {
	served, bytes, notModified uint64
}

// histogram counts observations per bucket (not cumulative; the writer
// sums them).
type histogram struct {
	counts []uint64 // one per bucket, then one for +Inf
	sum    float64
	count  uint64
}

func newMetrics(version string) *metrics {
	return &metrics{
		version: version,
		// Prometheus's default buckets with three below 5 ms: a cached tile
		// is served in well under a millisecond.
		buckets:   []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		requests:  map[requestKey]uint64{},
		latency:   map[string]*histogram{},
		respBytes: map[string]uint64{},
		tiles:     map[string]*tileCounts{},
	}
}

// request records one answered request.
func (m *metrics) request(route, method string, code int, d time.Duration, bytes int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, methodLabel(method), code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(m.buckets)+1)}
		m.latency[route] = h
	}
	sec := d.Seconds()
	i := 0
	for i < len(m.buckets) && sec > m.buckets[i] {
		i++
	}
	h.counts[i]++
	h.sum += sec
	h.count++
	m.respBytes[route] += uint64(max(bytes, 0))
}

// tileServed records a tile answer: a body sent (200, 206 to a GET) or a
// 304.
func (m *metrics) tileServed(layer string, code int, method string, bytes int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tiles[layer]
	if t == nil {
		t = &tileCounts{}
		m.tiles[layer] = t
	}
	switch {
	case code == http.StatusNotModified:
		t.notModified++
	case (code == http.StatusOK || code == http.StatusPartialContent) && method != http.MethodHead:
		t.served++
		t.bytes += uint64(max(bytes, 0))
	}
}

// methodLabel bounds the method label's values.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// routeLabel is the route label of a request's ServeMux pattern.
func routeLabel(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	return pattern
}

// goVersion is the Go release the binary was built with.
func goVersion() string { return runtime.Version() }
