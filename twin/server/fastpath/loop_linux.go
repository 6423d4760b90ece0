//go:build linux

package fastpath

import (
	"errors"
	"net"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// eventLoop serves fast-path connections on one locked OS thread with
// epoll, the way an nginx worker does: it reads, answers and writes for
// every connection it owns without a goroutine per connection, so that
// answering a request wakes no other thread. Server.Serve runs
// Server.Loops of them on Linux.
type eventLoop struct {
	srv      *Server
	ep       int // epoll descriptor
	wake     int // eventfd that wakes epoll_wait for new connections and shutdown
	incoming chan *loopConn
	conns    map[int32]*loopConn
	events   []unix.EpollEvent
	swept    time.Time
}

// loopConn is one connection an eventLoop owns.
type loopConn struct {
	fd         int
	buf        *[]byte
	start, end int // bytes read but not yet answered
	reqStart   time.Time
	// deadline is when the connection is closed if still waiting (for a
	// request, the rest of a head, or the client to take the response).
	deadline time.Time
	req      Request
	resp     Response
	outBuf   [2][]byte
	out      [][]byte // what is left to write of the response
	closing  bool     // close once out is written
}

func newEventLoop(s *Server) (*eventLoop, error) {
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	wake, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		unix.Close(ep)
		return nil, err
	}
	if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, wake, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(wake)}); err != nil {
		unix.Close(ep)
		unix.Close(wake)
		return nil, err
	}
	return &eventLoop{srv: s, ep: ep, wake: wake, incoming: make(chan *loopConn, 256),
		conns: map[int32]*loopConn{}, events: make([]unix.EpollEvent, 128), swept: time.Now()}, nil
}

// serveLoops accepts connections on ln and deals them out to the event
// loops (Server.Loops). It returns false when it cannot run (then Serve runs a
// goroutine per connection instead).
func (s *Server) serveLoops(ln net.Listener) (bool, error) {
	tln, ok := ln.(*net.TCPListener)
	if !ok || s.goroutines {
		return false, nil
	}
	loops := make([]*eventLoop, max(1, s.Loops))
	for i := range loops {
		l, err := newEventLoop(s)
		if err != nil {
			for _, l := range loops[:i] {
				l.stop()
			}
			return false, nil
		}
		loops[i] = l
	}
	s.mu.Lock()
	s.loops = loops
	s.mu.Unlock()
	for _, l := range loops {
		s.loopsRunning.Add(1)
		go l.run()
	}
	for i := 0; ; i++ {
		nc, err := tln.AcceptTCP()
		if err != nil {
			if s.closing.Load() {
				s.stopAccepting()
				return true, ErrServerClosed
			}
			if s.acceptBackoff(err) {
				continue
			}
			s.stopAccepting()
			return true, err
		}
		c, err := detach(nc)
		if err != nil {
			s.logf("fastpath: %v", err)
			continue
		}
		s.live.Add(1)
		loops[i%len(loops)].add(c)
	}
}

// detach takes the socket of a net.Conn out of Go's poller: a duplicate
// descriptor (non-blocking, like the original) for an event loop.
func detach(nc *net.TCPConn) (*loopConn, error) {
	defer nc.Close() // deregisters the original from Go's poller
	rc, err := nc.SyscallConn()
	if err != nil {
		return nil, err
	}
	fd, derr := -1, error(nil)
	if err := rc.Control(func(orig uintptr) {
		fd, derr = unix.FcntlInt(orig, unix.F_DUPFD_CLOEXEC, 0)
	}); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, derr
	}
	c := &loopConn{fd: fd, buf: bufPool.Get().(*[]byte)}
	c.req.remote = nc.RemoteAddr().String()
	c.out = c.outBuf[:0]
	return c, nil
}

// add hands a new connection to the loop.
func (l *eventLoop) add(c *loopConn) {
	l.incoming <- c
	l.poke()
}

// poke wakes the loop's epoll_wait.
func (l *eventLoop) poke() {
	_, _ = unix.Write(l.wake, []byte{1, 0, 0, 0, 0, 0, 0, 0})
}

// run is the loop: wait for events, serve the connections they name,
// close the ones past their deadline, until the server has shut down and
// the loop owns no connection.
func (l *eventLoop) run() {
	runtime.LockOSThread()
	defer l.srv.loopsRunning.Done()
	defer l.stop()
	for {
		n, err := unix.EpollWait(l.ep, l.events, l.srv.sweepEvery())
		if err != nil && !errors.Is(err, unix.EINTR) {
			l.srv.logf("fastpath: epoll_wait: %v", err)
			return
		}
		now := time.Now()
		for _, ev := range l.events[:max(n, 0)] {
			if int(ev.Fd) == l.wake {
				l.adopt(now)
			} else if c := l.conns[ev.Fd]; c != nil {
				l.serve(c, now)
			}
		}
		if l.srv.closing.Load() {
			if !l.srv.acceptStopped() {
				l.poke() // come back soon: the accept loop may still hand over a connection
			}
			l.adopt(now)
			if l.shutDown() && l.srv.acceptStopped() && len(l.incoming) == 0 {
				return
			}
		}
		if now.Sub(l.swept) >= time.Duration(l.srv.sweepEvery())*time.Millisecond {
			l.sweep(now)
		}
	}
}

// adopt registers the connections handed to the loop and serves what
// they have sent already.
func (l *eventLoop) adopt(now time.Time) {
	var b [8]byte
	_, _ = unix.Read(l.wake, b[:])
	for {
		select {
		case c := <-l.incoming:
			ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET, Fd: int32(c.fd)}
			if err := unix.EpollCtl(l.ep, unix.EPOLL_CTL_ADD, c.fd, &ev); err != nil {
				l.srv.logf("fastpath: epoll_ctl: %v", err)
				l.closeConn(c)
				continue
			}
			l.conns[int32(c.fd)] = c
			l.serve(c, now)
		default:
			return
		}
	}
}

// shutDown closes the idle connections; it reports whether the loop is
// done (no connection left, or Shutdown's time is up).
func (l *eventLoop) shutDown() bool {
	force := l.srv.forceClose.Load()
	for _, c := range l.conns {
		if force || (c.start == c.end && len(c.out) == 0) {
			l.closeConn(c)
		}
	}
	return len(l.conns) == 0
}

// sweep closes the connections past their deadline.
func (l *eventLoop) sweep(now time.Time) {
	l.swept = now
	for _, c := range l.conns {
		if !c.deadline.IsZero() && now.After(c.deadline) {
			l.closeConn(c)
		}
	}
}

// stop releases the loop's descriptors.
func (l *eventLoop) stop() {
	for _, c := range l.conns {
		l.closeConn(c)
	}
	unix.Close(l.ep)
	unix.Close(l.wake)
}
