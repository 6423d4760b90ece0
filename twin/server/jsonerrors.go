package server

import (
	"fmt"
	"net/http"
	"strings"
)

// maxErrorText is how much of a plain-text error body jsonErrors keeps.
const maxErrorText = 512

// jsonErrors turns the plain-text errors that net/http writes itself (the
// ServeMux's 404 and 405, http.ServeContent's 412 and 416) into the JSON
// errors every other handler writes, keeping their headers (Allow, CORS).
func jsonErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ew := &errorWriter{ResponseWriter: w}
		next.ServeHTTP(ew, r)
		ew.finish(r)
	})
}

// errorWriter passes a response through unless it is an error (status ≥
// 400) that is not JSON: then it holds the header back, keeps the text and
// finish writes the JSON error instead.
type errorWriter struct {
	http.ResponseWriter
	wroteHeader bool
	status      int // of an error being converted, else 0
	text        strings.Builder
}

func (e *errorWriter) WriteHeader(code int) {
	if e.wroteHeader {
		return
	}
	e.wroteHeader = true
	ct := e.Header().Get("Content-Type")
	if code >= 400 && !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/geo+json") {
		e.status = code
		return
	}
	e.ResponseWriter.WriteHeader(code)
}

func (e *errorWriter) Write(b []byte) (int, error) {
	if !e.wroteHeader {
		e.WriteHeader(http.StatusOK)
	}
	if e.status != 0 {
		if room := maxErrorText - e.text.Len(); room > 0 {
			e.text.Write(b[:min(room, len(b))])
		}
		return len(b), nil
	}
	return e.ResponseWriter.Write(b)
}

func (e *errorWriter) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// finish writes the JSON error held back, if any.
func (e *errorWriter) finish(r *http.Request) {
	if e.status == 0 {
		return
	}
	h := e.Header()
	for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Range", "Etag",
		"Last-Modified", "Cache-Control", "X-Content-Type-Options"} {
		h.Del(k)
	}
	msg := strings.ToLower(http.StatusText(e.status))
	if msg == "" {
		msg = fmt.Sprintf("status %d", e.status)
	}
	var detail any = strings.TrimSpace(e.text.String())
	switch e.status {
	case http.StatusNotFound:
		detail = r.URL.Path
	case http.StatusMethodNotAllowed:
		detail = fmt.Sprintf("%s %s: allowed %s", r.Method, r.URL.Path, h.Get("Allow"))
	}
	writeError(e.ResponseWriter, e.status, msg, detail)
}
