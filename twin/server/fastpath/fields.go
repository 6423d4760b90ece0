package fastpath

import "bytes"

// parseField splits "Name: value" and trims the value's optional
// whitespace. It refuses an empty name, a name with other than token
// characters (so no space before the colon) and a value with control
// characters other than tab.
func parseField(line []byte) (field, bool) {
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return field{}, false
	}
	for _, c := range name {
		if !isTokenChar(c) {
			return field{}, false
		}
	}
	for _, c := range value {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return field{}, false
		}
	}
	return field{name: name, value: bytes.Trim(value, " \t")}, true
}

// isTokenChar reports whether c may appear in a token (RFC 9110 5.6.2).
func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return bytes.IndexByte([]byte("!#$%&'*+-.^_`|~"), c) >= 0
}

// validHost accepts a non-empty host[:port] of letters, digits, dots,
// hyphens, colons and IPv6 brackets: a subset of what net/http takes.
func validHost(h []byte) bool {
	if len(h) == 0 {
		return false
	}
	for _, c := range h {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '-', c == ':', c == '[', c == ']':
		default:
			return false
		}
	}
	return true
}

// parseConnection reads a Connection field made only of "close" and
// "keep-alive" tokens; any other option (such as "upgrade") declines the
// request.
func parseConnection(v []byte, req *Request) bool {
	for opt := range bytes.SplitSeq(v, []byte(",")) {
		opt = bytes.Trim(opt, " \t")
		switch {
		case equalFold(opt, "close"):
			req.Close = true
		case equalFold(opt, "keep-alive"), len(opt) == 0:
		default:
			return false
		}
	}
	return true
}

// equalFold compares an ASCII byte string with s without case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c, d := b[i], s[i]
		if c|0x20 != d|0x20 || (c|0x20 < 'a' || c|0x20 > 'z') && c != d {
			return false
		}
	}
	return true
}
