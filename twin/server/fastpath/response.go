package fastpath

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Response is the answer a Handler builds: a status, header fields and a
// body. The server adds Date, Content-Length and, when the connection is
// to close, Connection: close. It is reused from request to request.
type Response struct {
	head    []byte
	body    []byte
	status  int
	hasBody bool
}

// reset empties the response for the next request.
func (w *Response) reset() {
	w.head, w.body, w.status, w.hasBody = w.head[:0], nil, 0, false
}

// WriteHeader starts the response with its status line; call it first.
func (w *Response) WriteHeader(status int) {
	w.status = status
	w.head = append(w.head, "HTTP/1.1 "...)
	w.head = strconv.AppendInt(w.head, int64(status), 10)
	w.head = append(w.head, ' ')
	w.head = append(w.head, http.StatusText(status)...)
	w.head = append(w.head, "\r\n"...)
}

// Header adds a header field. Name and value must be valid (the handler's
// own constants and values it made), they are written as they are.
func (w *Response) Header(name, value string) {
	w.head = append(w.head, name...)
	w.head = append(w.head, ": "...)
	w.head = append(w.head, value...)
	w.head = append(w.head, "\r\n"...)
}

// Body sets the body, which is not copied and must not change until the
// next request. Its length is sent as Content-Length; a HEAD request gets
// the length without the body. A 304 or 204 has no body: do not call it.
func (w *Response) Body(b []byte) {
	w.body, w.hasBody = b, true
}

// Status is the status written with WriteHeader.
func (w *Response) Status() int { return w.status }

// finish appends the fields the server owns and the blank line, and
// returns the body to send.
func (w *Response) finish(method string, closing bool, date []byte) []byte {
	if w.hasBody {
		w.head = append(w.head, "Content-Length: "...)
		w.head = strconv.AppendInt(w.head, int64(len(w.body)), 10)
		w.head = append(w.head, "\r\n"...)
	}
	w.head = append(w.head, date...)
	if closing {
		w.head = append(w.head, "Connection: close\r\n"...)
	}
	w.head = append(w.head, "\r\n"...)
	if method == http.MethodHead {
		return nil
	}
	return w.body
}

// dateClock caches the Date field, formatted once a second.
type dateClock struct {
	line atomic.Pointer[dateLine]
}

type dateLine struct {
	sec  int64
	text []byte // "Date: ...\r\n"
}

// field returns "Date: <now in IMF-fixdate>\r\n".
func (d *dateClock) field() []byte {
	now := time.Now()
	if l := d.line.Load(); l != nil && l.sec == now.Unix() {
		return l.text
	}
	text := append([]byte("Date: "), now.UTC().AppendFormat(nil, http.TimeFormat)...)
	l := &dateLine{sec: now.Unix(), text: append(text, "\r\n"...)}
	d.line.Store(l)
	return l.text
}
