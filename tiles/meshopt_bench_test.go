package tiles

import (
	"bytes"
	"testing"
)

// BenchmarkMeshoptGLB encodes 1000 extruded buildings (random footprints
// and roof shapes, one property table row each) quantized, with and
// without meshopt compression, and reports file bytes per triangle.
func BenchmarkMeshoptGLB(b *testing.B) {
	const features = 1000
	city := meshoptExtrudedCity(b, features, 42)
	meshes := []Mesh{city}
	triangles := len(city.Indices) / 3
	for _, bc := range []struct {
		name  string
		table bool
		opts  GLBOptions
	}{
		{"quantized", false, GLBOptions{Quantize: true}},
		{"meshopt", false, GLBOptions{Quantize: true, Meshopt: true}},
		{"quantized+table", true, GLBOptions{Quantize: true}},
		{"meshopt+table", true, GLBOptions{Quantize: true, Meshopt: true}},
	} {
		table, schema := glbTestTable(features), glbTestSchema()
		if !bc.table {
			table, schema = nil, nil
		}
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
		})
	}
}
