package network

import (
	"context"
	"testing"
)

// FuzzTrace runs requests with arbitrary strings and numbers on the small
// water and sewer networks: a trace must return a result or an error, never
// panic, and never list more ids than its cap.
func FuzzTrace(f *testing.F) {
	water, sewer := waterNet().graph(f), sewerNet().graph(f)
	f.Add("isolate", "t:c", "", "", 0, false)
	f.Add("connected", "t:i", "t:D", "t:Va", 3, true)
	f.Add("upstream", "t:s6", "", "", 1, false)
	f.Add("downstream", "t:M4", "t:M1", "t:M2", -1, true)
	f.Add("isolate", "t:T1", "t:R", "t:Vb", 2, false)
	f.Fuzz(func(t *testing.T, kind, start, source, valve string, maxResults int, flags bool) {
		req := Request{Kind: Kind(kind), Start: start, MaxResults: maxResults, IncludeInactive: flags, PassClosedValves: !flags}
		if source != "" {
			req.Sources = []string{source}
		}
		if valve != "" {
			req.InoperableValves = []string{valve}
		}
		for _, g := range []*Graph{water, sewer} {
			res, err := g.Trace(context.Background(), req, 5)
			if err != nil {
				continue
			}
			limit := 5
			if maxResults > 0 {
				limit = min(limit, maxResults)
			}
			for _, n := range []int{len(res.Segments), len(res.Nodes), len(res.Valves), len(res.CutSegments), len(res.CutNodes), len(res.Buildings)} {
				if n > limit {
					t.Fatalf("%+v: a list of %d ids, cap %d", req, n, limit)
				}
			}
		}
	})
}
