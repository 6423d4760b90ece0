// Package testkit holds small helpers that tests in several packages
// share (log and stderr buffers). Only tests import it.
package testkit

import (
	"strings"
	"sync"
)

// LockedBuffer is a buffer that a server or a child process writes to
// (its log, its stderr) while the test reads it.
type LockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was written so far.
func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
