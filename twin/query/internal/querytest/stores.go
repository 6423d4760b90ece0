package querytest

import (
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
)

// Stores are the two fixtures most query tests read: the demo district of
// seed DemoSeed and Nanaimo's water network, each filled on first use.
// Close them in TestMain (see Main).
type Stores struct {
	DemoSeed int64

	demoFix, nanaimoFix Fixture
	sum                 demo.Summary
}

// Demo returns the store holding the demo district, and its summary.
func (s *Stores) Demo(tb testing.TB) (twin.Store, demo.Summary) {
	tb.Helper()
	st := s.demoFix.Load(tb, Demo(s.DemoSeed, &s.sum))
	return st, s.sum
}

// Nanaimo returns the store holding Nanaimo's water network, skipping tb
// when the shared data is missing (failing it under CI=true).
func (s *Stores) Nanaimo(tb testing.TB) twin.Store {
	tb.Helper()
	return s.nanaimoFix.Load(tb, Nanaimo(tb))
}

// Close closes both stores and removes their directories.
func (s *Stores) Close() {
	s.demoFix.Close()
	s.nanaimoFix.Close()
}
