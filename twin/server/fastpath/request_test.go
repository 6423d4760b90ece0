package fastpath

import (
	"bufio"
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestParseHead: the heads the fast path takes, with what it reads from
// them, and the ones it leaves to net/http or waits on.
func TestParseHead(t *testing.T) {
	long := "GET /tiles/x HTTP/1.1\r\nHost: a\r\nX: " + strings.Repeat("y", bufSize) + "\r\n\r\n"
	for _, tc := range []struct {
		name, head string
		want       parseResult
		method     string
		path       string
		close      bool
	}{
		{"get", "GET /tiles/a.glb HTTP/1.1\r\nHost: localhost:8080\r\n\r\n", parsed, "GET", "/tiles/a.glb", false},
		{"head", "HEAD /tiles/a-1.json HTTP/1.1\r\nhost: 127.0.0.1\r\nAccept: */*\r\n\r\n", parsed, "HEAD", "/tiles/a-1.json", false},
		{"close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\n\r\n", parsed, "GET", "/", true},
		{"ipv6 host", "GET /x HTTP/1.1\r\nHost: [::1]:80\r\n\r\n", parsed, "GET", "/x", false},
		{"partial", "GET /tiles/a.glb HTTP/1.1\r\nHost: a\r\n", needMore, "", "", false},
		{"partial line", "GET /tiles/a.g", needMore, "", "", false},
		{"empty", "", needMore, "", "", false},
		{"post", "POST /tiles/a HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"lower-case method", "get /a HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"http/1.0", "GET /a HTTP/1.0\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"http/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", declined, "", "", false},
		{"query", "GET /a?b=1 HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"escape", "GET /a%2Fb HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"dot segment", "GET /tiles/../x HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"hidden name", "GET /tiles/.x HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"double slash", "GET /tiles//x HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"absolute form", "GET http://a/x HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
		{"no host", "GET /a HTTP/1.1\r\nAccept: */*\r\n\r\n", declined, "", "", false},
		{"two hosts", "GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", declined, "", "", false},
		{"bad host", "GET /a HTTP/1.1\r\nHost: a/b\r\n\r\n", declined, "", "", false},
		{"body", "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc", declined, "", "", false},
		{"chunked", "GET /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", declined, "", "", false},
		{"expect", "GET /a HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", declined, "", "", false},
		{"websocket", "GET /a HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", declined, "", "", false},
		{"bare lf", "GET /a HTTP/1.1\nHost: a\n\n", declined, "", "", false},
		{"lf in head", "GET /a HTTP/1.1\r\nHost: a\n\r\n", declined, "", "", false},
		{"folded field", "GET /a HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", declined, "", "", false},
		{"space before colon", "GET /a HTTP/1.1\r\nHost : a\r\n\r\n", declined, "", "", false},
		{"control in value", "GET /a HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", declined, "", "", false},
		{"too long", long[:bufSize], declined, "", "", false},
		{"too many fields", "GET /a HTTP/1.1\r\nHost: a\r\n" + strings.Repeat("X: 1\r\n", maxFields) + "\r\n", declined, "", "", false},
		{"leading blank line", "\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n", declined, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var req Request
			n, res := parseHead([]byte(tc.head), &req)
			if res != tc.want {
				t.Fatalf("result %d, want %d", res, tc.want)
			}
			if res != parsed {
				return
			}
			if n != len(tc.head) || req.Method != tc.method || string(req.Path) != tc.path || req.Close != tc.close {
				t.Errorf("read %d bytes, %s %s close=%v; want %d, %s %s close=%v", n, req.Method, req.Path, req.Close,
					len(tc.head), tc.method, tc.path, tc.close)
			}
		})
	}
}

// TestRequestHeader: fields are found without case, the first value and
// the count returned.
func TestRequestHeader(t *testing.T) {
	var req Request
	head := "GET /a HTTP/1.1\r\nHost: a\r\nIf-None-Match:  \"x\" \r\nif-none-match: \"y\"\r\nAccept-Encoding:gzip\r\n\r\n"
	if _, res := parseHead([]byte(head), &req); res != parsed {
		t.Fatal("not parsed")
	}
	for _, tc := range []struct {
		name, value string
		count       int
	}{{"If-None-Match", `"x"`, 2}, {"accept-encoding", "gzip", 1}, {"Range", "", 0}, {"HOST", "a", 1}} {
		v, n := req.Header(tc.name)
		if string(v) != tc.value || n != tc.count {
			t.Errorf("%s: %q ×%d, want %q ×%d", tc.name, v, n, tc.value, tc.count)
		}
	}
}

// FuzzParseHead checks the fast path against net/http on any bytes: a
// head it parses must be one that http.ReadRequest reads as the same
// request (method, target, host, Connection: close, no body) from exactly
// the same bytes.
func FuzzParseHead(f *testing.F) {
	for _, s := range []string{
		"GET /tiles/a.glb HTTP/1.1\r\nHost: a\r\n\r\n",
		"HEAD /x HTTP/1.1\r\nHost: a:1\r\nConnection: close\r\nIf-None-Match: \"q\"\r\n\r\nGET /y HTTP/1.1\r\n",
		"GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab",
		"GET /a HTTP/1.1\nHost: a\n\n",
		"GET /a HTTP/1.1\r\nHost: a\r\nX:\t v \t\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var req Request
		n, res := parseHead(b, &req)
		if res != parsed {
			return
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b[:n])))
		if err != nil {
			t.Fatalf("fast path parsed %q, net/http: %v", b[:n], err)
		}
		host, _ := req.Header("Host")
		if r.Method != req.Method || r.RequestURI != string(req.Path) || r.URL.Path != string(req.Path) ||
			r.Host != string(host) || r.Close != req.Close || r.ContentLength != 0 || len(r.Header["Host"]) > 0 {
			t.Fatalf("%q: net/http reads %s %s host %q close=%v length %d; fast path %s %s host %q close=%v",
				b[:n], r.Method, r.RequestURI, r.Host, r.Close, r.ContentLength, req.Method, req.Path, host, req.Close)
		}
		for i := range req.nfields {
			fl := req.fields[i]
			if equalFold(fl.name, "Host") {
				continue
			}
			vals := r.Header.Values(string(fl.name))
			if !containsString(vals, string(fl.value)) {
				t.Fatalf("%q: field %q = %q, net/http has %q", b[:n], fl.name, fl.value, vals)
			}
		}
	})
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
