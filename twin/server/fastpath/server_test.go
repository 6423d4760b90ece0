package fastpath

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citytwin/citytwin/twin/testkit"
)

// testFast answers GET and HEAD of /fast/... with "fast <path>", /big
// with bigSize bytes, and panics on /fast/panic; it declines the rest.
type testFast struct{ big []byte }

const bigSize = 32 << 20

func (h testFast) ServeFast(w *Response, req *Request) bool {
	p := string(req.Path)
	switch {
	case p == "/fast/panic":
		panic("boom")
	case p == "/big":
		w.WriteHeader(http.StatusOK)
		w.Body(h.big)
	case strings.HasPrefix(p, "/fast/"):
		w.WriteHeader(http.StatusOK)
		w.Header("Content-Type", "text/plain")
		w.Body([]byte("fast " + p))
	default:
		return false
	}
	return true
}

// slowHandler is the net/http side: "slow <method> <path> <body>"; /block
// signals entered, then waits for release.
func slowHandler(release <-chan struct{}, entered chan<- struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/block" {
			entered <- struct{}{}
			<-release
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "slow "+r.Method+" "+r.URL.Path+" "+string(body))
	})
}

// bothWays runs a test against event loops (Linux) and against a
// goroutine per connection.
func bothWays(t *testing.T, test func(t *testing.T, goroutines bool)) {
	for _, goroutines := range []bool{false, true} {
		name := "loops"
		if goroutines {
			name = "goroutines"
		}
		t.Run(name, func(t *testing.T) { test(t, goroutines) })
	}
}

// testServer is a Server on 127.0.0.1 with its log and Serve's result.
type testServer struct {
	*Server
	addr string
	log  *testkit.LockedBuffer
	done chan error
}

// startTest serves testFast in front of slowHandler; configure may set
// the HTTP server's timeouts. It shuts down when the test ends.
func startTest(t *testing.T, goroutines bool, release <-chan struct{}, configure func(*http.Server)) *testServer {
	return startBlocking(t, goroutines, release, nil, configure)
}

// startBlocking is startTest with a channel that /block signals on.
func startBlocking(t *testing.T, goroutines bool, release <-chan struct{}, entered chan<- struct{}, configure func(*http.Server)) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logBuf := &testkit.LockedBuffer{}
	hs := &http.Server{Handler: slowHandler(release, entered), ErrorLog: log.New(logBuf, "", 0)}
	if configure != nil {
		configure(hs)
	}
	s := &testServer{Server: &Server{HTTP: hs, Fast: testFast{big: bytes.Repeat([]byte("0123456789abcdef"), bigSize/16)}, goroutines: goroutines},
		addr: ln.Addr().String(), log: logBuf, done: make(chan error, 1)}
	go func() { s.done <- s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	return s
}

// client is a raw connection that writes requests and reads responses.
type client struct {
	t  *testing.T
	nc net.Conn
	br *bufio.Reader
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(20 * time.Second))
	return &client{t: t, nc: nc, br: bufio.NewReader(nc)}
}

func (c *client) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.nc, s); err != nil {
		c.t.Fatal(err)
	}
}

// response reads one response to a request with method and returns it
// with its body.
func (c *client) response(method string) (*http.Response, string) {
	c.t.Helper()
	resp, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp, string(body)
}

// expect reads a response and wants its body.
func (c *client) expect(method, body string) *http.Response {
	c.t.Helper()
	resp, got := c.response(method)
	if got != body || resp.StatusCode != http.StatusOK {
		c.t.Fatalf("%d %q, want 200 %q", resp.StatusCode, got, body)
	}
	return resp
}

// closed wants the server to close the connection.
func (c *client) closed() {
	c.t.Helper()
	if n, err := c.br.Read(make([]byte, 1)); err != io.EOF {
		c.t.Fatalf("read %d bytes, %v: want the server to close the connection", n, err)
	}
}

func get(path string) string { return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n" }

// TestKeepAliveThenHandoff: fast answers on one connection until a request
// is net/http's; from then on net/http answers everything on it, and no
// byte is lost or answered twice.
func TestKeepAliveThenHandoff(t *testing.T) { bothWays(t, testKeepAliveThenHandoff) }

func testKeepAliveThenHandoff(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	c := dial(t, s.addr)
	c.send(get("/fast/a"))
	resp := c.expect("GET", "fast /fast/a")
	if resp.ContentLength != int64(len("fast /fast/a")) || resp.Header.Get("Date") == "" || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("headers %v", resp.Header)
	}
	c.send("HEAD /fast/b HTTP/1.1\r\nHost: test\r\n\r\n")
	if resp := c.expect("HEAD", ""); resp.ContentLength != int64(len("fast /fast/b")) {
		t.Errorf("HEAD: Content-Length %d, want the GET's %d", resp.ContentLength, len("fast /fast/b"))
	}
	c.send("POST /p HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\nhi")
	c.expect("POST", "slow POST /p hi")
	c.send(get("/fast/c"))
	c.expect("GET", "slow GET /fast/c ")
}

// TestPipelined: requests sent in one write are answered in order, the
// fast ones by the fast path and, after the first one it declines, all by
// net/http.
func TestPipelined(t *testing.T) { bothWays(t, testPipelined) }

func testPipelined(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	c := dial(t, s.addr)
	c.send(get("/fast/1") + get("/fast/2") + "POST /p HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc" + get("/fast/3"))
	c.expect("GET", "fast /fast/1")
	c.expect("GET", "fast /fast/2")
	c.expect("POST", "slow POST /p abc")
	c.expect("GET", "slow GET /fast/3 ")
}

// TestByteByByte: a head that arrives a byte at a time is answered; one
// declined half-way through arrives whole at net/http.
func TestByteByByte(t *testing.T) { bothWays(t, testByteByByte) }

func testByteByByte(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	c := dial(t, s.addr)
	for _, req := range []string{get("/fast/slowly"), "GET /q?x=1 HTTP/1.1\r\nHost: test\r\n\r\n"} {
		for i := range len(req) {
			c.send(req[i : i+1])
			time.Sleep(time.Millisecond)
		}
	}
	c.expect("GET", "fast /fast/slowly")
	c.expect("GET", "slow GET /q ")
}

// TestConnectionClose: the fast path honours Connection: close.
func TestConnectionClose(t *testing.T) { bothWays(t, testConnectionClose) }

func testConnectionClose(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	c := dial(t, s.addr)
	c.send("GET /fast/x HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
	if resp := c.expect("GET", "fast /fast/x"); !resp.Close {
		t.Error("no Connection: close in the response")
	}
	c.closed()
}

// TestLongHeadGoesToNetHTTP: a head larger than the fast path's buffer is
// read whole by net/http.
func TestLongHeadGoesToNetHTTP(t *testing.T) { bothWays(t, testLongHeadGoesToNetHTTP) }

func testLongHeadGoesToNetHTTP(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	c := dial(t, s.addr)
	c.send("GET /fast/long HTTP/1.1\r\nHost: test\r\nX-Long: " + strings.Repeat("x", 3*bufSize) + "\r\n\r\n")
	c.expect("GET", "slow GET /fast/long ")
}

// TestTimeouts: an idle keep-alive connection is closed after
// IdleTimeout, a head that stops half-way after ReadHeaderTimeout.
func TestTimeouts(t *testing.T) { bothWays(t, testTimeouts) }

func testTimeouts(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, func(hs *http.Server) {
		hs.IdleTimeout, hs.ReadHeaderTimeout = 100*time.Millisecond, 100*time.Millisecond
	})
	idle := dial(t, s.addr)
	idle.send(get("/fast/a"))
	idle.expect("GET", "fast /fast/a")
	partial := dial(t, s.addr)
	partial.send("GET /fast/b HTTP/1.1\r\nHo")
	start := time.Now()
	idle.closed()
	partial.closed()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("closed after %v, want about 100 ms", d)
	}
}

// TestPanicClosesConnection: a panicking handler costs its connection,
// not the server, and is logged.
func TestPanicClosesConnection(t *testing.T) { bothWays(t, testPanicClosesConnection) }

func testPanicClosesConnection(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	c := dial(t, s.addr)
	c.send(get("/fast/panic"))
	c.closed()
	other := dial(t, s.addr)
	other.send(get("/fast/ok"))
	other.expect("GET", "fast /fast/ok")
	if !strings.Contains(s.log.String(), "boom") {
		t.Errorf("log %q has no panic", s.log.String())
	}
}

// TestShutdownGraceful: responses in flight on the fast path and in
// net/http finish whole, idle connections are closed, new ones refused,
// and Serve returns ErrServerClosed.
func TestShutdownGraceful(t *testing.T) { bothWays(t, testShutdownGraceful) }

func testShutdownGraceful(t *testing.T, goroutines bool) {
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	s := startBlocking(t, goroutines, release, entered, nil)
	var readers []*client
	var bodies []*http.Response
	for range 4 {
		c := dial(t, s.addr)
		c.send(get("/big"))
		resp, err := http.ReadResponse(c.br, &http.Request{Method: "GET"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.CopyN(io.Discard, resp.Body, 64<<10); err != nil {
			t.Fatal(err)
		}
		readers, bodies = append(readers, c), append(bodies, resp)
	}
	blocked := dial(t, s.addr)
	blocked.send(get("/block"))
	<-entered
	idle := dial(t, s.addr)
	idle.send(get("/fast/i"))
	idle.expect("GET", "fast /fast/i")

	shutdown := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		shutdown <- s.Shutdown(ctx)
	}()
	idle.closed()
	waitRefused(t, s.addr)
	close(release)
	for i, resp := range bodies {
		rest, err := io.ReadAll(resp.Body)
		if err != nil || len(rest) != bigSize-64<<10 || !bytes.Equal(rest[:16], []byte("0123456789abcdef")) {
			t.Errorf("download %d: %d more bytes, %v; want the other %d", i, len(rest), err, bigSize-64<<10)
		}
		readers[i].closed()
	}
	blocked.expect("GET", "slow GET /block ")
	if err := <-shutdown; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-s.done; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve: %v, want ErrServerClosed", err)
	}
}

// TestShutdownDeadline: a client that stops reading holds its response
// until Shutdown's context ends; then its connection is closed and
// Shutdown says so.
func TestShutdownDeadline(t *testing.T) { bothWays(t, testShutdownDeadline) }

func testShutdownDeadline(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	stuck := dial(t, s.addr)
	stuck.send(get("/big"))
	if _, err := http.ReadResponse(stuck.br, &http.Request{Method: "GET"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown: %v, want the context's deadline", err)
	}
	if _, err := io.Copy(io.Discard, stuck.br); err != nil && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "reset") {
		t.Errorf("reading the cut response: %v", err)
	}
}

// waitRefused waits until addr refuses connections.
func waitRefused(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
	}
	t.Fatal("still accepting connections 10 s after Shutdown")
}

// TestMixedLoad: 16 clients send random mixes of fast and net/http
// requests, one at a time and pipelined, on keep-alive connections that
// they sometimes close; every response must be the right one, in order:
// from the fast path until the connection's first net/http request, from
// net/http after it.
func TestMixedLoad(t *testing.T) { bothWays(t, testMixedLoad) }

func testMixedLoad(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, nil)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			c, handedOver := dial(t, s.addr), false
			for j := range 150 {
				if rng.IntN(20) == 0 {
					c.nc.Close()
					c, handedOver = dial(t, s.addr), false
				}
				var reqs, methods, want []string
				for k := range 1 + rng.IntN(3) {
					m := mixedRequest(rng, fmt.Sprintf("/fast/%d-%d-%d", i, j, k))
					handedOver = handedOver || m.slow
					reqs, methods = append(reqs, m.head), append(methods, m.method)
					want = append(want, m.answer(handedOver))
				}
				c.send(strings.Join(reqs, ""))
				for k, body := range want {
					if resp, got := c.response(methods[k]); got != body {
						t.Errorf("client %d, request %q: %d %q, want %q", i, reqs[k], resp.StatusCode, got, body)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// mixed is a request of TestMixedLoad.
type mixed struct {
	head, method, path string
	body               string // of the request
	slow               bool   // net/http's: the connection is handed over
}

// answer is the body the request gets, before or after the handover.
func (m mixed) answer(handedOver bool) string {
	switch {
	case m.method == "HEAD":
		return ""
	case m.slow:
		return "slow " + m.method + " " + m.path + " " + m.body
	case handedOver:
		return "slow GET " + m.path + " "
	}
	return "fast " + m.path
}

// mixedRequest is a random request for path: a fast GET or HEAD, or a
// POST or a GET with a query for net/http.
func mixedRequest(rng *rand.Rand, path string) mixed {
	switch rng.IntN(6) {
	case 0:
		return mixed{head: "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody", method: "POST", path: "/p", body: "body", slow: true}
	case 1:
		return mixed{head: "HEAD " + path + " HTTP/1.1\r\nHost: t\r\n\r\n", method: "HEAD", path: path}
	case 2:
		return mixed{head: "GET " + path + "?x HTTP/1.1\r\nHost: t\r\n\r\n", method: "GET", path: path, slow: true}
	}
	return mixed{head: get(path), method: "GET", path: path}
}

// TestWriteTimeout: a client that stops taking a response loses the
// connection after WriteTimeout instead of holding it for ever.
func TestWriteTimeout(t *testing.T) { bothWays(t, testWriteTimeout) }

func testWriteTimeout(t *testing.T, goroutines bool) {
	s := startTest(t, goroutines, nil, func(hs *http.Server) { hs.WriteTimeout = 200 * time.Millisecond })
	c := dial(t, s.addr)
	c.send(get("/big"))
	time.Sleep(time.Second)
	n, _ := io.Copy(io.Discard, c.br) // ends when the server has closed
	if n >= bigSize {
		t.Errorf("read %d bytes: the whole %d-byte response came through a stalled client", n, bigSize)
	}
}
