package tiles

import (
	"bytes"
	"testing"
)

// BenchmarkEncodeGLB encodes a district of 1000 boxes (12 000 triangles,
// 1000 features with ten properties each) and reports the GLB size per
// triangle and the encoding rate.
func BenchmarkEncodeGLB(b *testing.B) {
	const features = 1000
	city := glbCity(features, 42)
	meshes := []Mesh{city, glbPipes(0)}
	table, schema := glbTestTable(features), glbTestSchema()
	triangles := len(city.Indices) / 3
	for _, bc := range []struct {
		name string
		opts GLBOptions
	}{
		{"plain", GLBOptions{}},
		{"quantized", GLBOptions{Quantize: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := EncodeGLB(&buf, meshes, table, schema, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportMetric(float64(buf.Len())/float64(triangles), "bytes/triangle")
			b.ReportMetric(float64(triangles)*float64(b.N)/b.Elapsed().Seconds(), "triangles/s")
		})
	}
}
