package clash

import (
	"context"
	"os"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
)

// stores are the demo district (seed 1) and Nanaimo's water network,
// built once per test binary (they are only read).
var stores = querytest.Stores{DemoSeed: 1}

func TestMain(m *testing.M) { os.Exit(querytest.Main(m, &stores)) }

// segmentByID reads one stored utility segment.
func segmentByID(tb testing.TB, s twin.Store, id string) *twin.UtilitySegment {
	tb.Helper()
	f, err := s.Feature(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	seg, ok := f.(*twin.UtilitySegment)
	if !ok {
		tb.Fatalf("%s is a %s, not a segment", id, f.Kind())
	}
	return seg
}

// pipeOf turns a stored segment into a proposal.
func pipeOf(s *twin.UtilitySegment) *Pipe {
	return &Pipe{ID: s.ID, Network: s.Network, Centreline: s.Centreline,
		DiameterMM: s.DiameterMM, WidthMM: s.WidthMM, HeightMM: s.HeightMM}
}

func mustCheck(tb testing.TB, s twin.Store, req Request) Result {
	tb.Helper()
	res, err := Check(context.Background(), s, req)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}
