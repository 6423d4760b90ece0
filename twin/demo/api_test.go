package demo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/ingest"
)

func ExampleGenerate() {
	var c ingest.Collector // validates every feature
	s, err := demo.Generate(context.Background(), demo.Options{Seed: 1}, &c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d buildings, %d segments, %d nodes\n", s.Buildings, s.Segments, s.Nodes)
	for _, n := range twin.Networks {
		if s.SegmentsBy[n] > 0 {
			fmt.Printf("%s: %d segments, %d nodes\n", n, s.SegmentsBy[n], s.NodesBy[n])
		}
	}
	for _, is := range s.Issues {
		fmt.Printf("issue %s: %d features\n", is.Kind, len(is.Features))
	}
	// Output:
	// 339 buildings, 1937 segments, 1886 nodes
	// water: 956 segments, 929 nodes
	// sewer: 227 segments, 241 nodes
	// storm: 383 segments, 397 nodes
	// gas: 17 segments, 19 nodes
	// power: 168 segments, 139 nodes
	// telecom: 162 segments, 133 nodes
	// heating: 24 segments, 28 nodes
	// issue clearance: 3 features
	// issue clash: 6 features
	// issue abandoned: 1 features
	// issue abandoned: 1 features
}

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    demo.Options
		wantErr bool
	}{
		{"defaults", demo.Options{}, false},
		{"small grid", demo.Options{Seed: 5, BlocksX: 2, BlocksY: 1, Dataset: "mini"}, false},
		{"one block", demo.Options{Seed: 5, BlocksX: 1, BlocksY: 1}, false},
		{"large grid", demo.Options{Seed: 5, BlocksX: demo.MaxBlocks, BlocksY: demo.MaxBlocks}, false},
		{"too many blocks", demo.Options{BlocksX: demo.MaxBlocks + 1}, true},
		{"negative blocks", demo.Options{BlocksY: -1}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c ingest.Collector
			s, err := demo.Generate(context.Background(), tc.opts, &c)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && (s.Buildings == 0 || !strings.HasPrefix(c.Buildings[0].ID, demo.Meta(tc.opts).Name+":")) {
				t.Errorf("%d buildings, first id %q", s.Buildings, c.Buildings[0].ID)
			}
		})
	}
}

func TestMeta(t *testing.T) {
	m := demo.Meta(demo.Options{Seed: 42})
	if m.Name != "demo" || !m.Synthetic || m.CRS != "EPSG:4326" || len(m.Sources) != 1 ||
		m.Sources[0] != "demo:seed=42" || !strings.Contains(m.Description, "SYNTHETIC") {
		t.Errorf("Meta = %+v", m)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := demo.Generate(ctx, demo.Options{Seed: 1}, &ingest.Collector{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

type discard struct{ n int }

func (d *discard) Put(twin.Feature) error { d.n++; return nil }

func BenchmarkGenerate(b *testing.B) {
	for _, bc := range []struct {
		name string
		w    func() twin.FeatureWriter
	}{
		{"discard", func() twin.FeatureWriter { return &discard{} }},
		{"collector", func() twin.FeatureWriter { return &ingest.Collector{} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := demo.Generate(context.Background(), demo.Options{Seed: 1}, bc.w()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
