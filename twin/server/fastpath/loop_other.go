//go:build !linux

package fastpath

import "net"

// eventLoop is Linux's; elsewhere Serve runs a goroutine per connection.
type eventLoop struct{}

func (*eventLoop) poke() {}

func (s *Server) serveLoops(net.Listener) (bool, error) { return false, nil }
