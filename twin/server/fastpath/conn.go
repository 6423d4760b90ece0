package fastpath

import (
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// bufPool holds connections' read buffers between connections.
var bufPool = sync.Pool{New: func() any { b := make([]byte, bufSize); return &b }}

// conn is one client connection while the fast path holds it.
type conn struct {
	srv *Server
	nc  net.Conn
	buf *[]byte
	// start and end delimit the bytes read but not yet answered.
	start, end int
	// reqStart is when the head of the request being read began.
	reqStart time.Time
	// idle is set while the connection waits for a new request with no
	// bytes of it read: Shutdown may close it then.
	idle atomic.Bool
	req  Request
	resp Response
	out  net.Buffers
}

func newConn(s *Server, nc net.Conn) *conn {
	c := &conn{srv: s, nc: nc, buf: bufPool.Get().(*[]byte)}
	c.req.remote = nc.RemoteAddr().String()
	return c
}

// serve answers requests until one is not the fast path's, the client
// closes, or the server shuts down.
func (c *conn) serve() {
	defer c.srv.forget(c)
	defer func() {
		if v := recover(); v != nil {
			c.srv.logf("fastpath: panic serving %v: %v\n%s", c.nc.RemoteAddr(), v, debug.Stack())
			c.close()
		}
	}()
	for {
		buf := *c.buf
		n, res := parseHead(buf[c.start:c.end], &c.req)
		if res == needMore {
			if !c.read() {
				c.close()
				return
			}
			continue
		}
		if res == declined || !c.srv.Fast.ServeFast(&c.resp, &c.req) {
			c.passOn()
			return
		}
		c.start += n
		closing := c.req.Close || c.srv.closing.Load()
		if err := c.write(closing); err != nil || closing {
			c.close()
			return
		}
		c.resp.reset()
		c.reqStart = time.Now()
	}
}

// read reads more of the request, with the idle timeout while no byte of
// it has come and the header timeout after. It returns false when the
// connection is done (closed, timed out, shutting down).
func (c *conn) read() bool {
	buf := *c.buf
	c.end, c.start = compact(buf, c.start, c.end), 0
	waiting := c.end == 0
	timeout := c.srv.headerTimeout()
	if waiting {
		timeout = c.srv.idleTimeout()
		c.idle.Store(true)
		if c.srv.closing.Load() {
			return false
		}
	}
	if err := c.setReadDeadline(timeout); err != nil {
		return false
	}
	n, err := c.nc.Read(buf[c.end:])
	c.idle.Store(false)
	if waiting && n > 0 {
		c.reqStart = time.Now()
	}
	c.end += n
	return err == nil || n > 0
}

// setReadDeadline sets the read deadline timeout after the request began
// (after now while waiting); 0 means none.
func (c *conn) setReadDeadline(timeout time.Duration) error {
	if timeout <= 0 {
		return c.nc.SetReadDeadline(time.Time{})
	}
	from := c.reqStart
	if c.end == 0 || from.IsZero() {
		from = time.Now()
	}
	return c.nc.SetReadDeadline(from.Add(timeout))
}

// write sends the response's head and body in one writev.
func (c *conn) write(closing bool) error {
	body := c.resp.finish(c.req.Method, closing, c.srv.date.field())
	if d := c.srv.HTTP.WriteTimeout; d > 0 {
		if err := c.nc.SetWriteDeadline(time.Now().Add(d)); err != nil {
			return err
		}
	}
	c.out = append(c.out[:0], c.resp.head, body)
	_, err := c.out.WriteTo(c.nc)
	return err
}

// passOn hands the connection and its unanswered bytes to net/http.
func (c *conn) passOn() {
	_ = c.nc.SetDeadline(time.Time{})
	var nc net.Conn = c.nc
	if c.end > c.start {
		nc = &replayConn{Conn: c.nc, pending: append([]byte(nil), (*c.buf)[c.start:c.end]...)}
	}
	c.release()
	c.srv.handoff.pass(nc)
}

func (c *conn) close() {
	_ = c.nc.Close()
	c.release()
}

// release returns the read buffer to the pool.
func (c *conn) release() {
	if c.buf != nil {
		bufPool.Put(c.buf)
		c.buf = nil
	}
}
