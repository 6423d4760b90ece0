// Package fastpath is a small HTTP/1.1 front for the hottest requests of
// a server: it reads each connection's requests itself and answers the
// simple GET and HEAD requests a Handler takes (cached tiles) with one
// writev of head and body, and hands the connection, with every byte it
// has not answered, to a net/http Server as soon as a request is anything
// else. net/http stays the server of record for everything but that hot
// path: other routes, bodies, Range, upgrades, HTTP/1.0, malformed or
// unusual requests.
//
// On Linux the fast path's connections live in an epoll event loop on one
// locked OS thread (as an nginx worker's do), so answering a request wakes
// no other thread; elsewhere, and for listeners other than TCP, each
// connection gets a goroutine. It exists because net/http's per-request
// machinery and the Go scheduler's hand-offs between threads capped tile
// throughput at about 0.7 of nginx on the same machine (BenchmarkServe).
package fastpath

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Handler answers requests on the fast path.
type Handler interface {
	// ServeFast answers req into w and returns true, or returns false
	// without touching w: net/http then answers the request, and every
	// later one on the connection.
	ServeFast(w *Response, req *Request) bool
}

// Server serves a listener with a fast path in front of a net/http
// server. The HTTP server's ReadHeaderTimeout (else ReadTimeout),
// WriteTimeout, IdleTimeout and ErrorLog apply to the fast path too.
type Server struct {
	HTTP *http.Server
	Fast Handler
	// Loops is the number of event loops on Linux (0: 1). One loop on one
	// core sends about 40,000 tiles of 100 kB a second on the development
	// machine, over 3 GB/s, more than a 10 Gb/s network carries; a second
	// loop on its 2 cores shared with the load generator cost a fifth of
	// the throughput (BenchmarkServe).
	Loops int

	date    dateClock
	closing atomic.Bool
	mu      sync.Mutex
	ln      net.Listener
	handoff *handoffListener
	conns   map[*conn]struct{}
	// httpDone is closed when the HTTP server's Serve has returned.
	httpDone chan struct{}

	// Event loops (Linux): live counts their connections; forceClose
	// tells them to close every connection (Shutdown's time is up).
	loops        []*eventLoop
	loopsRunning sync.WaitGroup
	live         atomic.Int64
	forceClose   atomic.Bool
	acceptDone   chan struct{}
	acceptOnce   sync.Once
	// goroutines makes Serve run a goroutine per connection even where
	// event loops work (tests of both ways).
	goroutines bool
}

// ErrServerClosed is what Serve returns after Shutdown.
var ErrServerClosed = http.ErrServerClosed

// Serve accepts connections on ln until Shutdown; it always returns an
// error, ErrServerClosed after Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.ln, s.handoff, s.conns = ln, newHandoffListener(ln.Addr()), map[*conn]struct{}{}
	s.httpDone = make(chan struct{})
	s.acceptDone = make(chan struct{})
	s.mu.Unlock()
	go func() {
		defer close(s.httpDone)
		_ = s.HTTP.Serve(s.handoff) // ErrServerClosed once Shutdown closes the handoff listener
	}()
	if ok, err := s.serveLoops(ln); ok {
		return err
	}
	defer s.stopAccepting()
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return ErrServerClosed
			}
			if s.acceptBackoff(err) {
				continue
			}
			return err
		}
		c := newConn(s, nc)
		if !s.track(c) {
			_ = nc.Close()
			continue
		}
		go c.serve()
	}
}

// acceptBackoff sleeps after a temporary accept error (too many open
// files, a timeout) and reports whether to accept again.
func (s *Server) acceptBackoff(err error) bool {
	var ne net.Error
	if !(errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE)) {
		return false
	}
	s.logf("fastpath: accept: %v; retrying in 10ms", err)
	time.Sleep(10 * time.Millisecond)
	return true
}

// stopAccepting notes that the accept loop has returned and wakes the
// event loops so that they can finish.
func (s *Server) stopAccepting() {
	s.acceptOnce.Do(func() { close(s.acceptDone) })
	s.wakeLoops()
}

// acceptStopped reports whether the accept loop has returned.
func (s *Server) acceptStopped() bool {
	select {
	case <-s.acceptDone:
		return true
	default:
		return false
	}
}

// wakeLoops wakes every event loop.
func (s *Server) wakeLoops() {
	s.mu.Lock()
	loops := s.loops
	s.mu.Unlock()
	for _, l := range loops {
		l.poke()
	}
}

// track adds a connection; false once the server is shutting down.
func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing.Load() {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) forget(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// Shutdown stops accepting, lets every request in flight finish (on the
// fast path and in net/http), closes idle connections and returns when
// all are done or ctx ends (then it closes the rest and returns ctx's
// error). It may be called more than once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing.Store(true)
	ln, httpDone := s.ln, s.httpDone
	s.mu.Unlock()
	if ln == nil {
		return s.HTTP.Shutdown(ctx)
	}
	_ = ln.Close()
	httpErr := make(chan error, 1)
	go func() { httpErr <- s.HTTP.Shutdown(ctx) }()
	err := s.drain(ctx)
	if herr := <-httpErr; err == nil {
		err = herr
	}
	<-httpDone
	return err
}

// drain wakes the idle fast-path connections so they close and waits
// for the busy ones to finish their response; when ctx ends it closes
// them all.
func (s *Server) drain(ctx context.Context) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		expired := ctx.Err() != nil
		if expired {
			s.forceClose.Store(true)
		}
		s.wakeLoops()
		s.mu.Lock()
		n := len(s.conns) + int(s.live.Load())
		for c := range s.conns {
			if expired {
				_ = c.nc.Close()
			} else if c.idle.Load() {
				_ = c.nc.SetReadDeadline(time.Unix(1, 0))
			}
		}
		s.mu.Unlock()
		if n == 0 || expired {
			s.loopsRunning.Wait()
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
}

// logf writes to the HTTP server's error log, if it has one.
func (s *Server) logf(format string, args ...any) {
	if s.HTTP.ErrorLog != nil {
		s.HTTP.ErrorLog.Printf(format, args...)
	}
}

// headerTimeout bounds reading a request head, as net/http does.
func (s *Server) headerTimeout() time.Duration {
	if s.HTTP.ReadHeaderTimeout > 0 {
		return s.HTTP.ReadHeaderTimeout
	}
	return s.HTTP.ReadTimeout
}

// sweepEvery is how often, in milliseconds, event loops look for
// connections past their deadline: a quarter of the shortest timeout,
// between 10 ms and 1 s.
func (s *Server) sweepEvery() int {
	every := time.Second
	for _, d := range []time.Duration{s.headerTimeout(), s.idleTimeout(), s.HTTP.WriteTimeout} {
		if d > 0 {
			every = min(every, max(d/4, 10*time.Millisecond))
		}
	}
	return int(every / time.Millisecond)
}

// readDeadline is when a connection waiting for a request (waiting) or
// for the rest of a head begun at reqStart times out; zero for never.
func (s *Server) readDeadline(waiting bool, reqStart, now time.Time) time.Time {
	if waiting {
		if d := s.idleTimeout(); d > 0 {
			return now.Add(d)
		}
		return time.Time{}
	}
	if d := s.headerTimeout(); d > 0 {
		return reqStart.Add(d)
	}
	return time.Time{}
}

// idleTimeout bounds waiting for the next request, as net/http does.
func (s *Server) idleTimeout() time.Duration {
	if s.HTTP.IdleTimeout > 0 {
		return s.HTTP.IdleTimeout
	}
	return s.HTTP.ReadTimeout
}
