package demo

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestCounts(t *testing.T) {
	for _, seed := range []int64{1, 2, 3, 4, 5, 6, 7, 8} {
		t.Run(seedName(seed), func(t *testing.T) {
			c, s := generate(t, Options{Seed: seed})
			if s.Buildings < 300 || s.Buildings > 500 {
				t.Errorf("%d buildings, want 300..500", s.Buildings)
			}
			if s.Buildings != len(c.Buildings) || s.Segments != len(c.Segments) || s.Nodes != len(c.Nodes) {
				t.Errorf("summary %d/%d/%d, collected %d/%d/%d", s.Buildings, s.Segments, s.Nodes,
					len(c.Buildings), len(c.Segments), len(c.Nodes))
			}
			for _, n := range twin.Networks {
				if n != twin.NetworkOther && (s.SegmentsBy[n] == 0 || s.NodesBy[n] == 0) {
					t.Errorf("network %s: %d segments, %d nodes", n, s.SegmentsBy[n], s.NodesBy[n])
				}
			}
			for _, k := range []twin.NodeKind{twin.NodeValve, twin.NodeHydrant, twin.NodeService, twin.NodeManhole, twin.NodeInlet, twin.NodeChamber} {
				if s.NodeKinds[k] == 0 {
					t.Errorf("no %s nodes", k)
				}
			}
			towers := 0
			for _, b := range c.Buildings {
				if b.Attributes["form"] == "tower" {
					towers++
				}
			}
			if towers < 4 {
				t.Errorf("%d towers, want at least 4", towers)
			}
			if len(s.Issues) != 4 {
				t.Errorf("%d issues, want 4: %v", len(s.Issues), s.Issues)
			}
			if text := s.String(); !strings.Contains(text, "buildings") || !strings.Contains(text, "heating") {
				t.Errorf("String() = %q", text)
			}
		})
	}
}

func seedName(seed int64) string { return "seed=" + strconv.FormatInt(seed, 10) }

// TestServiceConnections checks that every building has exactly one water
// service connection, fed by a small service pipe.
func TestServiceConnections(t *testing.T) {
	c, _ := generate(t, Options{Seed: 1})
	conns := map[string]int{}
	fed := map[string]bool{}
	for _, n := range c.Nodes {
		if n.NodeKind == twin.NodeService {
			conns[n.Building]++
		}
	}
	for _, s := range c.Segments {
		if s.Attributes["role"] == "service" {
			fed[s.EndNode] = true
			if dn := s.Attributes["dn"].(int64); dn < 25 || dn > 50 {
				t.Errorf("service %s: DN %d, want 25..50", s.ID, dn)
			}
		}
	}
	for _, b := range c.Buildings {
		if conns[b.ID] != 1 {
			t.Errorf("building %s has %d service connections, want 1", b.ID, conns[b.ID])
		}
	}
	if len(conns) != len(c.Buildings) {
		t.Errorf("%d buildings with connections, %d buildings", len(conns), len(c.Buildings))
	}
	for _, n := range c.Nodes {
		if n.NodeKind == twin.NodeService && !fed[n.ID] {
			t.Errorf("service connection %s has no service pipe", n.ID)
		}
	}
}

// TestTopology checks that segment ends name existing nodes and lie exactly
// at their positions.
func TestTopology(t *testing.T) {
	c, _ := generate(t, Options{Seed: 2})
	nodes := map[string]*twin.UtilityNode{}
	for _, n := range c.Nodes {
		nodes[n.ID] = n
	}
	for _, s := range c.Segments {
		a, b := nodes[s.StartNode], nodes[s.EndNode]
		if a == nil || b == nil {
			t.Errorf("segment %s: nodes %q, %q do not resolve", s.ID, s.StartNode, s.EndNode)
			continue
		}
		if s.Centreline[0] != a.Position || s.Centreline[len(s.Centreline)-1] != b.Position {
			t.Errorf("segment %s does not end at its nodes", s.ID)
		}
		if a.Network != s.Network || b.Network != s.Network {
			t.Errorf("segment %s (%s) joins nodes of %s and %s", s.ID, s.Network, a.Network, b.Network)
		}
	}
}

func TestExtentAndAttributes(t *testing.T) {
	c, s := generate(t, Options{Seed: 4})
	f := newLocalFrame(t)
	check := func(id string, a twin.Attributes, b geoBounds) {
		if a["synthetic"] != true {
			t.Errorf("%s: not marked synthetic", id)
		}
		for _, p := range [][3]float64{b.Min, b.Max} {
			if l := f.local(p); math.Hypot(l[0], l[1]) > 1500 || p[2] < 140 || p[2] > 260 {
				t.Errorf("%s: %v lies outside the district", id, p)
			}
		}
	}
	for _, b := range c.Buildings {
		check(b.ID, b.Attributes, bounds(b))
		if b.RoofShape != twin.RoofFlat && !(b.EaveM > b.BaseM && b.EaveM < b.RoofM) {
			t.Errorf("%s: pitched roof with eaves %.2f, roof %.2f", b.ID, b.EaveM, b.RoofM)
		}
		floors, year := b.Attributes["floors"].(int64), b.Attributes["year"].(int64)
		if h := b.EaveM; b.RoofShape == twin.RoofFlat && (b.RoofM-b.BaseM < 2.9*float64(floors) || b.RoofM-b.BaseM > 3.4*float64(floors)) || h != 0 && b.RoofShape == twin.RoofFlat {
			t.Errorf("%s: %d floors but %.1f m high", b.ID, floors, b.RoofM-b.BaseM)
		}
		if year < 1890 || year > 2024 || b.Attributes["address"] == "" || b.LoD != "1" {
			t.Errorf("%s: year %d, address %q, LoD %q", b.ID, year, b.Attributes["address"], b.LoD)
		}
	}
	for _, n := range c.Nodes {
		check(n.ID, n.Attributes, bounds(n))
	}
	for _, sg := range c.Segments {
		check(sg.ID, sg.Attributes, bounds(sg))
	}
	if s.Extent.IsEmpty() {
		t.Error("empty extent")
	}
}

type geoBounds = struct{ Min, Max [3]float64 }

func bounds(f twin.Feature) geoBounds {
	b := f.Bounds()
	return geoBounds{Min: b.Min, Max: b.Max}
}

func marshalAll(t *testing.T, seed int64) []byte {
	t.Helper()
	c, _ := generate(t, Options{Seed: seed})
	var buf bytes.Buffer
	for _, f := range collected(c) {
		data, err := twin.MarshalFeature(f)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(data)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func collected(c *ingest.Collector) []twin.Feature {
	var fs []twin.Feature
	for _, b := range c.Buildings {
		fs = append(fs, b)
	}
	for _, n := range c.Nodes {
		fs = append(fs, n)
	}
	for _, s := range c.Segments {
		fs = append(fs, s)
	}
	return fs
}

func TestDeterministic(t *testing.T) {
	a, b := marshalAll(t, 7), marshalAll(t, 7)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different output")
	}
	if bytes.Equal(a, marshalAll(t, 8)) {
		t.Error("different seeds gave the same output")
	}
}
