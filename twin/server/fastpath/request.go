package fastpath

import "bytes"

// Limits of what the fast path parses; a request beyond them goes to
// net/http, which applies its own limits.
const (
	// bufSize is the read buffer of a connection and so the largest
	// request head the fast path takes.
	bufSize = 8 << 10
	// maxFields is the most header fields a request may have.
	maxFields = 32
)

// compact moves the bytes read but not answered, buf[start:end], to the
// front of the buffer and returns where they end.
func compact(buf []byte, start, end int) int {
	if start == 0 {
		return end
	}
	return copy(buf, buf[start:end])
}

// field is one header field, pointing into the connection's buffer.
type field struct{ name, value []byte }

// Request is the head of a GET or HEAD request with no body. Its byte
// slices point into the connection's read buffer: they are valid only
// during Handler.ServeFast and must be copied to be kept.
type Request struct {
	// Method is "GET" or "HEAD".
	Method string
	// Path is the request target: an absolute path of unreserved
	// characters and slashes, no query, no dot segments, no "//".
	Path []byte
	// Close is set when the client asked to close the connection after
	// the response (Connection: close).
	Close bool

	fields  [maxFields]field
	nfields int
	remote  string
}

// Header returns the value of the first field named name (compared
// without case) and how many fields have that name.
func (r *Request) Header(name string) (value []byte, count int) {
	for i := range r.nfields {
		f := &r.fields[i]
		if equalFold(f.name, name) {
			if count == 0 {
				value = f.value
			}
			count++
		}
	}
	return value, count
}

// RemoteAddr is the client's network address.
func (r *Request) RemoteAddr() string { return r.remote }

// parseResult says what parseHead made of the buffered bytes.
type parseResult int

const (
	// needMore: the head is not complete yet.
	needMore parseResult = iota
	// parsed: a whole head the fast path may answer.
	parsed
	// declined: a request for net/http (another method or version, a
	// body, an upgrade, an unusual target or field, a malformed head).
	declined
)

// parseHead parses the request head at the start of b into req. It
// accepts only a strict subset of HTTP/1.1 that net/http reads the same
// way: "GET" or "HEAD", an origin-form path, "HTTP/1.1", CRLF line ends,
// exactly one valid Host, no body framing (Content-Length,
// Transfer-Encoding), no Expect or Upgrade, Connection only "close" or
// "keep-alive". Anything else is declined, never guessed at. On parsed it
// returns the head's length.
func parseHead(b []byte, req *Request) (int, parseResult) {
	line, next, res := nextLine(b, 0)
	if res != parsed {
		return 0, res
	}
	if res := parseRequestLine(line, req); res != parsed {
		return 0, res
	}
	req.nfields, req.Close = 0, false
	hosts := 0
	for {
		line, next, res = nextLine(b, next)
		if res != parsed {
			return 0, res
		}
		if len(line) == 0 {
			break
		}
		f, ok := parseField(line)
		if !ok || req.nfields == maxFields {
			return 0, declined
		}
		switch {
		case equalFold(f.name, "Host"):
			hosts++
			if !validHost(f.value) {
				return 0, declined
			}
		case equalFold(f.name, "Connection"):
			if !parseConnection(f.value, req) {
				return 0, declined
			}
		case equalFold(f.name, "Content-Length"), equalFold(f.name, "Transfer-Encoding"),
			equalFold(f.name, "Expect"), equalFold(f.name, "Upgrade"):
			return 0, declined
		}
		req.fields[req.nfields] = f
		req.nfields++
	}
	if hosts != 1 {
		return 0, declined
	}
	return next, parsed
}

// nextLine returns the line of b that starts at from, without its CRLF,
// and where the next one starts. A bare LF, or a line that runs past the
// buffer's size, is declined.
func nextLine(b []byte, from int) ([]byte, int, parseResult) {
	i := bytes.IndexByte(b[from:], '\n')
	if i < 0 {
		if len(b) >= bufSize {
			return nil, 0, declined
		}
		return nil, 0, needMore
	}
	end := from + i
	if end == from || b[end-1] != '\r' {
		return nil, 0, declined
	}
	return b[from : end-1], end + 1, parsed
}

// parseRequestLine reads "GET /path HTTP/1.1" or "HEAD /path HTTP/1.1".
func parseRequestLine(line []byte, req *Request) parseResult {
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		req.Method, line = "GET", line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		req.Method, line = "HEAD", line[5:]
	default:
		return declined
	}
	target, proto, ok := bytes.Cut(line, []byte(" "))
	if !ok || string(proto) != "HTTP/1.1" || !validPath(target) {
		return declined
	}
	req.Path = target
	return parsed
}

// validPath accepts "/" followed by unreserved characters (RFC 3986) and
// single slashes, with no segment starting with a dot: paths that
// net/http's ServeMux takes as they are, without cleaning or redirecting.
func validPath(p []byte) bool {
	if len(p) == 0 || p[0] != '/' {
		return false
	}
	for i, c := range p {
		switch {
		case c == '/':
			if i+1 < len(p) && (p[i+1] == '/' || p[i+1] == '.') {
				return false
			}
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.', c == '_', c == '~':
		default:
			return false
		}
	}
	return true
}
