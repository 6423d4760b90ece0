package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// payload is one response body with its validators: what serve needs to
// answer GET and HEAD with ETag, 304, Range and gzip negotiation.
type payload struct {
	data []byte
	// gz is data gzipped, or nil: serve then compresses on the fly. A
	// payload shared between requests (cached) must have it set.
	gz []byte
	// etag is the strong, quoted ETag of the identity encoding; the gzip
	// encoding's is gzipETag(etag).
	etag         string
	contentType  string
	compressible bool
	modTime      time.Time
	// lastMod is modTime as a Last-Modified value, set by lastModified.
	lastMod atomic.Pointer[string]
}

// lastModified is the Last-Modified value of modTime ("" when unknown),
// formatted once per payload.
func (p *payload) lastModified() string {
	if p.modTime.IsZero() {
		return ""
	}
	if v := p.lastMod.Load(); v != nil {
		return *v
	}
	v := p.modTime.UTC().Format(http.TimeFormat)
	p.lastMod.Store(&v)
	return v
}

// newPayload returns the payload of data, its ETag the start of its
// SHA-256.
func newPayload(data []byte, contentType string, compressible bool) *payload {
	sum := sha256.Sum256(data)
	return &payload{data: data, etag: `"` + hex.EncodeToString(sum[:16]) + `"`,
		contentType: contentType, compressible: compressible}
}

// size is the memory the payload holds.
func (p *payload) size() int64 { return int64(len(p.data) + len(p.gz) + 256) }

// gzipETag is the ETag of the gzip encoding of the representation whose
// identity ETag is etag: another strong validator, as RFC 9110 wants for a
// different encoding.
func gzipETag(etag string) string { return strings.TrimSuffix(etag, `"`) + `-gzip"` }

// serve answers r with p: Content-Type, Cache-Control, Vary and ETag, the
// gzip encoding when p is compressible and the client takes it, then
// http.ServeContent for If-None-Match (304), Range and HEAD. It returns
// the body bytes written. The fast path (fasttiles.go) answers tile
// requests without Range the same way from the same helpers.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, p *payload, cacheControl string) int64 {
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	if cacheControl != "" {
		h.Set("Cache-Control", cacheControl)
	}
	gz := p.compressible && acceptsGzip(r.Header.Values("Accept-Encoding"))
	body, etag := s.variant(p, gz)
	if p.compressible {
		h.Add("Vary", "Accept-Encoding")
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
		if r.Header.Get("Range") == "" {
			// ServeContent leaves the length of an encoded body
			// out; HEAD needs it to match GET (a 304 drops it).
			h.Set("Content-Length", strconv.Itoa(len(body)))
		}
	}
	h.Set("ETag", etag)
	if r.Header.Get("Range") == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return serveWhole(w, r, body, etag, p)
	}
	cw := &countingWriter{ResponseWriter: w}
	http.ServeContent(cw, r, "", p.modTime, bytes.NewReader(body))
	return cw.n
}

// variant is the body and strong ETag of p's identity or gzip encoding.
func (s *Server) variant(p *payload, gz bool) ([]byte, string) {
	if !gz {
		return p.data, p.etag
	}
	body := p.gz // cached payloads come with it, as they are shared
	if body == nil {
		body = s.gzip(p.data)
	}
	return body, gzipETag(p.etag)
}

// serveWhole answers a GET or HEAD without Range: 304 when If-None-Match
// (or, without it, If-Modified-Since) says the client has the body, else
// the body in one write. One Write of the cached bytes instead of
// ServeContent's 32 KiB copy loop halves the CPU per tile (BenchmarkServe).
func serveWhole(w http.ResponseWriter, r *http.Request, body []byte, etag string, p *payload) int64 {
	h := w.Header()
	if lm := p.lastModified(); lm != "" {
		h.Set("Last-Modified", lm)
	}
	if notModified(r.Header.Values("If-None-Match"), r.Header.Get("If-Modified-Since"), etag, p.modTime) {
		h.Del("Content-Type")
		h.Del("Content-Length")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return 0
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return 0
	}
	n, _ := w.Write(body)
	return int64(n)
}

// notModified evaluates If-None-Match field values with the weak
// comparison RFC 9110 (13.1.2) prescribes, or If-Modified-Since when
// If-None-Match is absent.
func notModified(ifNoneMatch []string, ifModifiedSince, etag string, modTime time.Time) bool {
	if len(ifNoneMatch) > 0 {
		for _, v := range ifNoneMatch {
			for tag := range strings.SplitSeq(v, ",") {
				tag = strings.TrimSpace(tag)
				if tag == "*" || strings.TrimPrefix(tag, "W/") == strings.TrimPrefix(etag, "W/") {
					return true
				}
			}
		}
		return false
	}
	if ifModifiedSince == "" || modTime.IsZero() {
		return false
	}
	t, err := http.ParseTime(ifModifiedSince)
	return err == nil && !modTime.Truncate(time.Second).After(t)
}

// serveJSON answers a GET with v as JSON, with an ETag, gzip when the
// client takes it, and Cache-Control "no-cache" (clients revalidate).
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request, v any, contentType string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "next" links keep their &
	err := enc.Encode(v)
	if err != nil {
		s.log.Error("encode json", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "cannot encode the answer", err.Error())
		return
	}
	if contentType == "" {
		contentType = "application/json; charset=utf-8"
	}
	s.serve(w, r, newPayload(buf.Bytes(), contentType, true), "no-cache")
}

// gzip compresses data with a pooled writer.
func (s *Server) gzip(data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	zw := s.gzipPool.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(data) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	s.gzipPool.Put(zw)
	return buf.Bytes()
}

// acceptsGzip reports whether Accept-Encoding header values take gzip: gzip
// (or x-gzip) with a q-value above 0, or * above 0 when gzip is not named.
func acceptsGzip(values []string) bool {
	gzipQ, starQ := -1.0, -1.0
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			name, q := codingQ(part)
			switch name {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				starQ = max(starQ, q)
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

// codingQ splits "gzip;q=0.5" into the lower-case coding and its q-value
// (1 when absent, 0 when malformed).
func codingQ(part string) (string, float64) {
	name, params, _ := strings.Cut(part, ";")
	name = strings.ToLower(strings.TrimSpace(name))
	q := 1.0
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f > 1 {
			f = 0
		}
		q = f
	}
	return name, q
}

// countingWriter counts the body bytes written.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
