package server

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// handleMetrics writes the metrics in the Prometheus text format.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	s.metrics.write(&b)
	writeCacheStats(&b, "citytwin_tile_cache", "tile files", s.tiles.stats())
	writeCacheStats(&b, "citytwin_asset_cache", "viewer and CesiumJS files", s.assets.stats())
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
}

// write appends every metric family to b.
func (m *metrics) write(b *bytes.Buffer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	family(b, "citytwin_http_requests_total", "counter", "HTTP requests answered, by route pattern, method and status code.")
	keys := slices.SortedFunc(maps.Keys(m.requests), func(a, b requestKey) int {
		return cmp.Or(cmp.Compare(a.route, b.route), cmp.Compare(a.method, b.method), cmp.Compare(a.code, b.code))
	})
	for _, k := range keys {
		sample(b, "citytwin_http_requests_total", m.requests[k], "route", k.route, "method", k.method, "code", strconv.Itoa(k.code))
	}
	m.writeLatency(b)
	family(b, "citytwin_http_response_bytes_total", "counter", "Response body bytes written, by route pattern.")
	for _, route := range slices.Sorted(maps.Keys(m.respBytes)) {
		sample(b, "citytwin_http_response_bytes_total", m.respBytes[route], "route", route)
	}
	family(b, "citytwin_http_requests_in_flight", "gauge", "Requests being answered.")
	sample(b, "citytwin_http_requests_in_flight", m.inFlight.Load())
	m.writeTiles(b)
	family(b, "citytwin_build_info", "gauge", "Version of the running twin binary (always 1).")
	sample(b, "citytwin_build_info", int64(1), "version", m.version, "goversion", goVersion())
}

func (m *metrics) writeLatency(b *bytes.Buffer) {
	const name = "citytwin_http_request_duration_seconds"
	family(b, name, "histogram", "Time to answer a request, by route pattern.")
	for _, route := range slices.Sorted(maps.Keys(m.latency)) {
		h := m.latency[route]
		var cum uint64
		for i, le := range m.buckets {
			cum += h.counts[i]
			sample(b, name+"_bucket", cum, "route", route, "le", strconv.FormatFloat(le, 'g', -1, 64))
		}
		sample(b, name+"_bucket", h.count, "route", route, "le", "+Inf")
		sample(b, name+"_sum", h.sum, "route", route)
		sample(b, name+"_count", h.count, "route", route)
	}
}

func (m *metrics) writeTiles(b *bytes.Buffer) {
	layers := slices.Sorted(maps.Keys(m.tiles))
	for _, f := range []struct {
		name, help string
		val        func(*tileCounts) uint64
	}{
		{"citytwin_tiles_served_total", "Tile files sent with a body (200 or 206 to a GET), by layer.", func(t *tileCounts) uint64 { return t.served }},
		{"citytwin_tile_bytes_served_total", "Body bytes of the tile files sent, by layer.", func(t *tileCounts) uint64 { return t.bytes }},
		{"citytwin_tiles_not_modified_total", "Tile requests answered 304 Not Modified, by layer.", func(t *tileCounts) uint64 { return t.notModified }},
	} {
		family(b, f.name, "counter", f.help)
		for _, l := range layers {
			sample(b, f.name, f.val(m.tiles[l]), "layer", l)
		}
	}
}

// writeCacheStats writes the families of one cache.
func writeCacheStats(b *bytes.Buffer, prefix, what string, st cacheStats) {
	for _, f := range []struct {
		suffix, kind, help string
		v                  uint64
	}{
		{"_bytes", "gauge", "Bytes held by the cache of " + what + ".", st.bytes},
		{"_entries", "gauge", "Entries in the cache of " + what + ".", st.entries},
		{"_hits_total", "counter", "Lookups the cache of " + what + " answered.", st.hits},
		{"_misses_total", "counter", "Lookups the cache of " + what + " missed.", st.misses},
		{"_evictions_total", "counter", "Entries evicted from the cache of " + what + " to stay within its size.", st.evicted},
	} {
		family(b, prefix+f.suffix, f.kind, f.help)
		sample(b, prefix+f.suffix, f.v)
	}
}

func family(b *bytes.Buffer, name, kind, help string) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
}

// sample writes one line: name{k="v",...} value. labels alternate names
// and values.
func sample[N uint64 | int64 | float64](b *bytes.Buffer, name string, v N, labels ...string) {
	b.WriteString(name)
	if len(labels) > 0 {
		b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(labels[i])
			b.WriteString(`="`)
			b.WriteString(labelEscaper.Replace(labels[i+1]))
			b.WriteByte('"')
		}
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	switch x := any(v).(type) {
	case float64:
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case uint64:
		b.WriteString(strconv.FormatUint(x, 10))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	}
	b.WriteByte('\n')
}

// labelEscaper escapes a label value as the text format wants.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
