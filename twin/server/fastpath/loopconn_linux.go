//go:build linux

package fastpath

import (
	"errors"
	"net"
	"os"
	"runtime/debug"
	"time"

	"golang.org/x/sys/unix"
)

// serve does what the connection's events allow: write the rest of the
// response, read and answer the requests it has sent, until the socket
// would block. A request the fast path does not answer hands the
// connection to net/http.
func (l *eventLoop) serve(c *loopConn, now time.Time) {
	defer func() {
		if v := recover(); v != nil {
			l.srv.logf("fastpath: panic serving %s: %v\n%s", c.req.remote, v, debug.Stack())
			l.closeConn(c)
		}
	}()
	s := l.srv
	for {
		if len(c.out) > 0 {
			done, err := c.flush()
			switch {
			case err != nil:
				l.closeConn(c)
				return
			case !done:
				return // EPOLLOUT brings the loop back; the write deadline stands
			case c.closing:
				l.closeConn(c)
				return
			}
			c.resp.reset()
			c.reqStart = now
		}
		buf := *c.buf
		n, res := parseHead(buf[c.start:c.end], &c.req)
		if res == needMore {
			if !l.read(c, now) {
				return
			}
			continue
		}
		if res == declined || !s.Fast.ServeFast(&c.resp, &c.req) {
			l.handOff(c)
			return
		}
		c.start += n
		c.closing = c.req.Close || s.closing.Load()
		body := c.resp.finish(c.req.Method, c.closing, s.date.field())
		c.out = append(c.outBuf[:0], c.resp.head, body)
		c.deadline = time.Time{}
		if d := s.HTTP.WriteTimeout; d > 0 {
			c.deadline = now.Add(d)
		}
	}
}

// read reads what the socket has; false when the loop is done with the
// connection for now (would block: the deadline is set) or for good
// (closed).
func (l *eventLoop) read(c *loopConn, now time.Time) bool {
	buf := *c.buf
	c.end, c.start = compact(buf, c.start, c.end), 0
	for {
		if c.end == 0 && l.srv.closing.Load() {
			l.closeConn(c)
			return false
		}
		n, err := unix.Read(c.fd, buf[c.end:])
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EAGAIN):
			c.deadline = l.srv.readDeadline(c.end == 0, c.reqStart, now)
			return false
		case err != nil || n == 0:
			l.closeConn(c)
			return false
		}
		if c.end == 0 {
			c.reqStart = now
		}
		c.end += n
		return true
	}
}

// flush writes what is left of the response; done is false when the
// socket would block.
func (c *loopConn) flush() (done bool, err error) {
	for len(c.out) > 0 {
		n, err := unix.Writev(c.fd, c.out)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EAGAIN):
			return false, nil
		case err != nil:
			return false, err
		}
		for len(c.out) > 0 && n >= len(c.out[0]) {
			n -= len(c.out[0])
			c.out = c.out[1:]
		}
		if n > 0 {
			c.out[0] = c.out[0][n:]
		}
	}
	return true, nil
}

// handOff passes the connection, with the bytes not yet answered, to
// net/http through Go's own poller.
func (l *eventLoop) handOff(c *loopConn) {
	l.forget(c)
	f := os.NewFile(uintptr(c.fd), "fastpath")
	c.fd = -1                  // f owns the descriptor now
	nc, err := net.FileConn(f) // a duplicate, registered with Go's poller
	f.Close()
	pending := append([]byte(nil), (*c.buf)[c.start:c.end]...)
	c.release()
	l.srv.live.Add(-1)
	if err != nil {
		l.srv.logf("fastpath: hand-off: %v", err)
		return
	}
	if len(pending) > 0 {
		nc = &replayConn{Conn: nc, pending: pending}
	}
	go l.srv.handoff.pass(nc)
}

// closeConn closes the connection (once).
func (l *eventLoop) closeConn(c *loopConn) {
	if c.fd < 0 {
		return
	}
	l.forget(c)
	unix.Close(c.fd)
	c.fd = -1
	c.release()
	l.srv.live.Add(-1)
}

// forget takes the connection off the loop.
func (l *eventLoop) forget(c *loopConn) {
	_ = unix.EpollCtl(l.ep, unix.EPOLL_CTL_DEL, c.fd, nil)
	delete(l.conns, int32(c.fd))
}

// release returns the read buffer to the pool.
func (c *loopConn) release() {
	if c.buf != nil {
		bufPool.Put(c.buf)
		c.buf = nil
	}
}
