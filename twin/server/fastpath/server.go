// Package fastpath is a small HTTP/1.1 front for the hottest requests of
// a server: it reads each connection's requests itself and answers the
// simple GET and HEAD requests a Handler takes (cached tiles) with one
// writev of head and body, and hands the connection, with every byte it
// has not answered, to a net/http Server as soon as a request is anything
// else. net/http stays the server of record for everything but that hot
// path: other routes, bodies, Range, upgrades, malformed or unusual
// requests, TLS-less HTTP/1.0.
//
// It exists because net/http spends about as much CPU per request on its
// own machinery (per-request allocations, a background read, buffered
// copies) as on sending a 100 kB tile, which capped tile throughput at
// about 0.7 of nginx on the same machine (BenchmarkServe).
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

	date    dateClock
	closing atomic.Bool
	mu      sync.Mutex
	ln      net.Listener
	handoff *handoffListener
	conns   map[*conn]struct{}
	// httpDone is closed when the HTTP server's Serve has returned.
	httpDone chan struct{}
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
	s.mu.Unlock()
	go func() {
		defer close(s.httpDone)
		_ = s.HTTP.Serve(s.handoff) // ErrServerClosed once Shutdown closes the handoff listener
	}()
	var delay time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				s.logf("fastpath: accept: %v; retrying in %v", err, delay)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		c := newConn(s, nc)
		if !s.track(c) {
			_ = nc.Close()
			continue
		}
		go c.serve()
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
// for the busy ones to finish their response.
func (s *Server) drain(ctx context.Context) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		n := len(s.conns)
		for c := range s.conns {
			if ctx.Err() != nil {
				_ = c.nc.Close()
			} else if c.idle.Load() {
				_ = c.nc.SetReadDeadline(time.Unix(1, 0))
			}
		}
		s.mu.Unlock()
		if n == 0 {
			return nil
		}
		if ctx.Err() != nil {
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

// idleTimeout bounds waiting for the next request, as net/http does.
func (s *Server) idleTimeout() time.Duration {
	if s.HTTP.IdleTimeout > 0 {
		return s.HTTP.IdleTimeout
	}
	return s.HTTP.ReadTimeout
}
