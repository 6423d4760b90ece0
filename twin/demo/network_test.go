package demo

import (
	"fmt"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

// TestClearances checks every pair of pipes that share no node: the only
// ones closer than the recipe's crossing clearance are the planted issues,
// and every planted clash or clearance issue is really there.
func TestClearances(t *testing.T) {
	seeds := []int64{1, 2}
	if !testing.Short() {
		seeds = append(seeds, 3, 4, 5, 6, 9, 11, 13)
	}
	rec, err := DefaultRecipe()
	if err != nil {
		t.Fatal(err)
	}
	limit := rec.Utilities.CrossingClearanceM - 1e-6
	f := newLocalFrame(t)
	for _, seed := range seeds {
		t.Run(seedName(seed), func(t *testing.T) {
			c, s := generate(t, Options{Seed: seed})
			planted := map[string]int{} // "a|b" -> issue index
			for i, is := range s.Issues {
				for _, a := range is.Features {
					for _, b := range is.Features {
						planted[a+"|"+b] = i
					}
				}
			}
			found := make([]bool, len(s.Issues))
			ps := pipes(f, c)
			for i := range ps {
				for j := i + 1; j < len(ps); j++ {
					a, b := ps[i], ps[j]
					if a.from == b.from || a.from == b.to || a.to == b.from || a.to == b.to {
						continue
					}
					cl := clearance(a, b)
					if cl >= limit {
						continue
					}
					if k, ok := planted[a.id+"|"+b.id]; ok {
						found[k] = true
						continue
					}
					t.Errorf("unplanned clash: %s and %s %s", a.id, b.id, gap(cl))
				}
			}
			for i, is := range s.Issues {
				if is.Kind != "abandoned" && !found[i] {
					t.Errorf("planted %s issue %v not found", is.Kind, is.Features)
				}
			}
		})
	}
}

func gap(cl float64) string {
	if cl < 0 {
		return fmt.Sprintf("intersect by %.3f m", -cl)
	}
	return fmt.Sprintf("are %.3f m apart", cl)
}

// TestGravityFalls checks that sewers and storm drains fall downstream:
// start node invert above end node invert, axis falling, slopes 0.3–1 %.
func TestGravityFalls(t *testing.T) {
	c, _ := generate(t, Options{Seed: 3})
	inv := map[string]float64{}
	for _, n := range c.Nodes {
		if v, ok := n.Attributes["invert_m"].(float64); ok {
			inv[n.ID] = v
		}
	}
	checked := 0
	for _, s := range c.Segments {
		if s.Network != twin.NetworkSewer && s.Network != twin.NetworkStorm || s.Attributes["role"] == "inlet_lateral" {
			continue
		}
		checked++
		a, aok := inv[s.StartNode]
		b, bok := inv[s.EndNode]
		if !aok || !bok || a <= b {
			t.Errorf("%s: invert %v at start, %v at end: does not fall", s.ID, a, b)
		}
		for i := 1; i < len(s.Centreline); i++ {
			if s.Centreline[i][2] >= s.Centreline[i-1][2] {
				t.Errorf("%s: axis rises at point %d", s.ID, i)
			}
		}
		if sl := s.Attributes["slope_pct"].(float64); sl < 0.3-1e-9 || sl > 1 {
			t.Errorf("%s: slope %.3f %%, want 0.3..1", s.ID, sl)
		}
		if s.Network == twin.NetworkSewer && (s.DepthM < 2.5 || s.DepthM > 5.5) {
			t.Errorf("%s: sewer depth %.2f m, want 2.5..5.5", s.ID, s.DepthM)
		}
	}
	if checked < 300 {
		t.Errorf("checked %d gravity pipes, want ≥ 300", checked)
	}
}

// TestIsolation closes the valves around each water main section and checks
// that it is cut off from the street junctions (so an isolation trace finds
// a bounded section).
func TestIsolation(t *testing.T) {
	c, _ := generate(t, Options{Seed: 1})
	kind := map[string]twin.NodeKind{}
	for _, n := range c.Nodes {
		kind[n.ID] = n.NodeKind
	}
	adj := map[string][]string{}
	for _, s := range c.Segments {
		if s.Network == twin.NetworkWater && s.Status == twin.StatusExisting {
			adj[s.StartNode] = append(adj[s.StartNode], s.EndNode)
			adj[s.EndNode] = append(adj[s.EndNode], s.StartNode)
		}
	}
	sections := 0
	for _, s := range c.Segments {
		if s.Attributes["role"] != "main" || s.Status != twin.StatusExisting || kind[s.StartNode] != twin.NodeValve ||
			strings.Contains(s.EndNode, "water-junction-") {
			continue
		}
		sections++
		seen := map[string]bool{s.StartNode: true}
		queue := []string{s.EndNode}
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			if seen[n] {
				continue
			}
			seen[n] = true
			if kind[n] == twin.NodeJunction && strings.Contains(n, "water-junction-") {
				t.Fatalf("section from %s reaches street junction %s without a valve", s.ID, n)
			}
			if kind[n] != twin.NodeValve {
				queue = append(queue, adj[n]...)
			}
		}
		if len(seen) > 80 {
			t.Errorf("section from %s has %d nodes", s.ID, len(seen))
		}
	}
	if sections < 50 {
		t.Errorf("only %d valve-bounded sections", sections)
	}
}
