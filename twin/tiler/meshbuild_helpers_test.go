package tiler

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/cityjson"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

// demoSeed is the fixed seed of the demo district the tests mesh.
const demoSeed = 7

// demoCollector generates the demo district.
func demoCollector(t testing.TB) *ingest.Collector {
	t.Helper()
	var c ingest.Collector
	if _, err := demo.Generate(context.Background(), demo.Options{Seed: demoSeed}, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// layerFeatures returns the collected features of one layer, nodes before
// segments.
func layerFeatures(c *ingest.Collector, layer string) []twin.Feature {
	var out []twin.Feature
	for _, b := range c.Buildings {
		if b.Layer() == layer {
			out = append(out, b)
		}
	}
	for _, n := range c.Nodes {
		if n.Layer() == layer {
			out = append(out, n)
		}
	}
	for _, s := range c.Segments {
		if s.Layer() == layer {
			out = append(out, s)
		}
	}
	return out
}

// readCityJSON reads a shared CityJSON file (skips when it is missing).
func readCityJSON(t testing.TB, rel, crs string) []twin.Feature {
	t.Helper()
	var c ingest.Collector
	src := ingesttest.FileSource(t, ingesttest.SharedData(t, rel))
	if _, err := cityjson.Read(context.Background(), src, ingest.Options{Dataset: "nl", CRS: crs}, &c); err != nil {
		t.Fatal(err)
	}
	return layerFeatures(&c, LayerBuildings)
}

// frameFor is an ENU frame at the centre of the features' bounds.
func frameFor(features []twin.Feature) geo.ENU {
	b := geo.EmptyBounds()
	for _, f := range features {
		b = b.Union(f.Bounds())
	}
	return geo.NewENU(b.Center())
}

// byID indexes features by id.
func byID(features []twin.Feature) map[string]twin.Feature {
	m := make(map[string]twin.Feature, len(features))
	for _, f := range features {
		m[f.Head().ID] = f
	}
	return m
}

// encode writes content as a GLB.
func encode(t testing.TB, c Content, schema *tiles.Schema, quantize bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := tiles.EncodeGLB(&buf, c.Meshes, c.Table, schema, tiles.GLBOptions{Quantize: quantize}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decode reads a GLB back.
func decode(t testing.TB, glb []byte) *tiles.DecodedGLB {
	t.Helper()
	dec, err := tiles.DecodeGLB(bytes.NewReader(glb))
	if err != nil {
		t.Fatal(err)
	}
	if dec.Table() == nil {
		t.Fatal("decoded GLB has no property table")
	}
	return dec
}

// triangles counts the triangles of meshes.
func triangles(meshes []tiles.Mesh) int {
	n := 0
	for _, m := range meshes {
		if m.Mode == tiles.Triangles {
			n += len(m.Indices) / 3
		}
	}
	return n
}

// positionTolM is how far a decoded position may be from the one encoded:
// float32 offsets from the centre, or int16 steps over the bounds.
func positionTolM(b geo.Bounds3, quantize bool) float64 {
	ext := max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], b.Max[2]-b.Min[2])
	if quantize {
		return ext/32767 + 1e-3
	}
	return ext*1e-6 + 1e-4
}

// grow widens bounds by tol on every side.
func grow(b geo.Bounds3, tol float64) geo.Bounds3 {
	for i := range 3 {
		b.Min[i] -= tol
		b.Max[i] += tol
	}
	return b
}

// maxZByFeature returns the highest vertex z of each feature id.
func maxZByFeature(meshes []tiles.Mesh) map[uint32]float64 {
	out := map[uint32]float64{}
	for _, m := range meshes {
		for i, p := range m.Positions {
			id := m.FeatureIDs[i]
			if z, ok := out[id]; !ok || p[2] > z {
				out[id] = p[2]
			}
		}
	}
	return out
}

// near reports whether a and b differ by at most tol.
func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
