package tiler

import (
	"bytes"
	"testing"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// BenchmarkMeshDemo meshes and encodes (quantized GLB) every layer of the
// demo district (seed demoSeed), one tile per layer, and reports the
// features meshed per second, GLB bytes per building and per km of pipe.
func BenchmarkMeshDemo(b *testing.B) {
	coll := demoCollector(b)
	type layerInput struct {
		name     string
		features []twin.Feature
	}
	var layers []layerInput
	features, pipeKM := 0, 0.0
	for _, layer := range demoLayers() {
		fs := layerFeatures(coll, layer)
		layers = append(layers, layerInput{layer, fs})
		features += len(fs)
	}
	frame := frameFor(layers[0].features)
	for _, s := range coll.Segments {
		line := frame.AppendLocal(nil, s.Centreline)
		for k := 1; k < len(line); k++ {
			pipeKM += line[k].Dist(line[k-1]) / 1000
		}
	}
	for _, detail := range []Detail{DetailFull, DetailCoarse} {
		b.Run([]string{"full", "coarse"}[detail], func(b *testing.B) {
			m := NewMesher(MesherOptions{})
			b.ReportAllocs()
			var buildingBytes, pipeBytes int
			for b.Loop() {
				buildingBytes, pipeBytes = 0, 0
				for _, l := range layers {
					n := meshEncode(b, m, l.name, l.features, detail)
					if l.name == LayerBuildings {
						buildingBytes += n
					} else {
						pipeBytes += n
					}
				}
			}
			b.ReportMetric(float64(features)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
			b.ReportMetric(float64(buildingBytes)/float64(len(coll.Buildings)), "B/building")
			b.ReportMetric(float64(pipeBytes)/pipeKM, "B/km-pipe")
		})
	}
}

// meshEncode builds one layer's content and returns its GLB size.
func meshEncode(b *testing.B, m *Mesher, layer string, features []twin.Feature, detail Detail) int {
	c, err := m.Build(features, frameFor(features), detail)
	if err != nil {
		b.Fatal(err)
	}
	if len(c.Meshes) == 0 {
		return 0
	}
	var buf bytes.Buffer
	if err := tiles.EncodeGLB(&buf, c.Meshes, c.Table, m.Schema(layer), tiles.GLBOptions{Quantize: true}); err != nil {
		b.Fatal(err)
	}
	return buf.Len()
}
