package tiles

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// glbBox is an axis-aligned box with flat faces: 24 vertices, 12
// counter-clockwise triangles, every vertex tagged with feature id fid.
func glbBox(center, size [3]float64, fid uint32) Mesh {
	var m Mesh
	faces := []struct{ n, u, v [3]float64 }{
		{[3]float64{1, 0, 0}, [3]float64{0, 1, 0}, [3]float64{0, 0, 1}},
		{[3]float64{-1, 0, 0}, [3]float64{0, 0, 1}, [3]float64{0, 1, 0}},
		{[3]float64{0, 1, 0}, [3]float64{0, 0, 1}, [3]float64{1, 0, 0}},
		{[3]float64{0, -1, 0}, [3]float64{1, 0, 0}, [3]float64{0, 0, 1}},
		{[3]float64{0, 0, 1}, [3]float64{1, 0, 0}, [3]float64{0, 1, 0}},
		{[3]float64{0, 0, -1}, [3]float64{0, 1, 0}, [3]float64{1, 0, 0}},
	}
	for _, f := range faces {
		base := uint32(len(m.Positions))
		for _, c := range [][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
			var p [3]float64
			for k := range 3 {
				p[k] = center[k] + size[k]/2*(f.n[k]+c[0]*f.u[k]+c[1]*f.v[k])
			}
			m.Positions = append(m.Positions, p)
			m.Normals = append(m.Normals, [3]float32{float32(f.n[0]), float32(f.n[1]), float32(f.n[2])})
			m.FeatureIDs = append(m.FeatureIDs, fid)
		}
		m.Indices = append(m.Indices, base, base+1, base+2, base, base+2, base+3)
	}
	return m
}

// glbCity is a grid of n boxes with random heights (fixed seed), one
// feature each, spread over about 40·√n metres, as one mesh.
func glbCity(n int, seed uint64) Mesh {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	side := 1
	for side*side < n {
		side++
	}
	city := Mesh{Name: "city", Color: [4]float32{0.8, 0.8, 0.75, 1}}
	for i := range n {
		h := 3 + 40*r.Float64()
		c := [3]float64{float64(i%side)*40 - 20*float64(side), float64(i/side)*40 - 20*float64(side), h / 2}
		b := glbBox(c, [3]float64{12 + 10*r.Float64(), 12 + 10*r.Float64(), h}, uint32(i))
		base := uint32(len(city.Positions))
		city.Positions = append(city.Positions, b.Positions...)
		city.Normals = append(city.Normals, b.Normals...)
		city.FeatureIDs = append(city.FeatureIDs, b.FeatureIDs...)
		for _, ix := range b.Indices {
			city.Indices = append(city.Indices, base+ix)
		}
	}
	return city
}

// glbSphere is a UV sphere with smooth (oblique) normals, feature fid.
func glbSphere(center [3]float64, r float64, fid uint32) Mesh {
	const rings, segs = 12, 24
	m := Mesh{Name: "sphere", Color: [4]float32{0.2, 0.8, 0.3, 1}}
	for i := 0; i <= rings; i++ {
		lat := math.Pi * (float64(i)/rings - 0.5)
		for j := 0; j <= segs; j++ {
			lon := 2 * math.Pi * float64(j) / segs
			n := [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
			m.Positions = append(m.Positions, [3]float64{center[0] + r*n[0], center[1] + r*n[1], center[2] + r*n[2]})
			m.Normals = append(m.Normals, [3]float32{float32(n[0]), float32(n[1]), float32(n[2])})
			m.FeatureIDs = append(m.FeatureIDs, fid)
		}
	}
	for i := range uint32(rings) {
		for j := range uint32(segs) {
			a, b := i*(segs+1)+j, (i+1)*(segs+1)+j
			m.Indices = append(m.Indices, a, a+1, b+1, a, b+1, b)
		}
	}
	return m
}

// glbPipes is a line mesh of a few segments, features first..first+2.
func glbPipes(first uint32) Mesh {
	return Mesh{
		Name:       "pipes",
		Mode:       Lines,
		Color:      [4]float32{0, 0.3, 1, 1},
		Positions:  [][3]float64{{-50, 0, -1.2}, {0, 0, -1.2}, {0, 0, -1.2}, {0, 60, -1.5}, {10, 10, -2}, {20, 30, -2.5}},
		Indices:    []uint32{0, 1, 2, 3, 4, 5},
		FeatureIDs: []uint32{first, first, first + 1, first + 1, first + 2, first + 2},
	}
}

// glbTestSchema declares every column type, with units in the names and
// noData sentinels where values may be missing.
func glbTestSchema() *Schema {
	return &Schema{
		ID: "citytwin_test",
		Classes: map[string]Class{
			"feature": {
				Description: "a building or a pipe",
				Properties: map[string]ClassProperty{
					"id":          {Type: TypeString, Required: true, Description: "stable feature id"},
					"name":        {Type: TypeString, NoData: ""},
					"height_m":    {Type: TypeScalar, ComponentType: ComponentFloat64, NoData: -9999.0, Description: "metres"},
					"depth_m":     {Type: TypeScalar, ComponentType: ComponentFloat32, NoData: -1.0},
					"diameter_mm": {Type: TypeScalar, ComponentType: ComponentUint16, NoData: 0},
					"floors":      {Type: TypeScalar, ComponentType: ComponentInt32},
					"seq":         {Type: TypeScalar, ComponentType: ComponentInt64},
					"mask":        {Type: TypeScalar, ComponentType: ComponentUint32},
					"underground": {Type: TypeBoolean},
					"network":     {Type: TypeEnum, EnumType: "network", NoData: "unknown"},
				},
			},
		},
		Enums: map[string]Enum{
			"network": {Values: []EnumValue{{Name: "unknown", Value: 0}, {Name: "water", Value: 3}, {Name: "gas", Value: 7}}},
		},
	}
}

// glbTestTable is a table of n rows for glbTestSchema: row 1 has no name,
// height or network, row 2 no depth or diameter.
func glbTestTable(n int) *PropertyTable {
	t := &PropertyTable{Name: "features", Class: "feature", Count: n, Properties: map[string]PropertyValues{}}
	ids, names := make(Strings, n), make(Strings, n)
	height, depth := make(Float64s, n), make(Float32s, n)
	diam, floors, seq, mask := make(Uint16s, n), make(Int32s, n), make(Int64s, n), make(Uint32s, n)
	under, network := make(Bools, n), make(Enums, n)
	for i := range n {
		ids[i] = "test:" + string(rune('a'+i%26)) + "é"
		names[i], height[i], depth[i] = "Gebäude "+string(rune('A'+i%26)), 3.5+float64(i), 1.25
		diam[i], floors[i], seq[i], mask[i] = uint16(100+i), int32(i%7), int64(i)<<40, uint32(i)*3
		under[i], network[i] = i%3 == 0, []int64{3, 7}[i%2]
	}
	if n > 2 {
		names[1], height[1], network[1] = "", -9999, 0
		depth[2], diam[2] = -1, 0
	}
	t.Properties["id"], t.Properties["name"], t.Properties["height_m"] = ids, names, height
	t.Properties["depth_m"], t.Properties["diameter_mm"], t.Properties["floors"] = depth, diam, floors
	t.Properties["seq"], t.Properties["mask"], t.Properties["underground"] = seq, mask, under
	t.Properties["network"] = network
	return t
}

// encodeTestGLB encodes or fails the test.
func encodeTestGLB(tb testing.TB, meshes []Mesh, table *PropertyTable, schema *Schema, opts GLBOptions) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := EncodeGLB(&buf, meshes, table, schema, opts); err != nil {
		tb.Fatalf("EncodeGLB: %v", err)
	}
	return buf.Bytes()
}

// glbTestCase is one GLB the round-trip and validator tests write.
type glbTestCase struct {
	name   string
	meshes []Mesh
	table  *PropertyTable
	schema *Schema
	opts   GLBOptions
}

// glbTestCases covers plain, quantized, metadata, lines and large inputs.
func glbTestCases() []glbTestCase {
	boxes := []Mesh{glbBox([3]float64{10, 20, 5}, [3]float64{8, 6, 10}, 0), glbBox([3]float64{-15, 5, 12}, [3]float64{10, 10, 24}, 1)}
	boxes[0].Name, boxes[0].Color = "red", [4]float32{0.9, 0.1, 0.1, 1}
	boxes[1].Name, boxes[1].Color = "glass", [4]float32{0.5, 0.7, 0.9, 0.4}
	mixed := append(append([]Mesh{}, boxes...), glbPipes(2))
	round := append(append([]Mesh{}, boxes...), glbSphere([3]float64{30, -20, 8}, 7.5, 2))
	big := glbCity(3000, 7) // 72 000 vertices: uint32 indices
	wide := glbPipes(70000) // ids above 65535: float feature ids
	noFeatures := glbBox([3]float64{0, 0, 0}, [3]float64{1, 2, 3}, 0)
	noFeatures.FeatureIDs, noFeatures.Normals = nil, nil
	return []glbTestCase{
		{name: "plain", meshes: round},
		{name: "quantized", meshes: round, opts: GLBOptions{Quantize: true}},
		{name: "metadata", meshes: mixed, table: glbTestTable(5), schema: glbTestSchema(), opts: GLBOptions{DoubleSided: true}},
		{name: "metadata_quantized", meshes: mixed, table: glbTestTable(5), schema: glbTestSchema(), opts: GLBOptions{Quantize: true}},
		{name: "lines", meshes: []Mesh{glbPipes(0)}, table: glbTestTable(3), schema: glbTestSchema()},
		{name: "lines_quantized", meshes: []Mesh{glbPipes(0)}, opts: GLBOptions{Quantize: true}},
		{name: "large", meshes: []Mesh{big}, opts: GLBOptions{Quantize: true}},
		{name: "float_feature_ids", meshes: []Mesh{wide}},
		{name: "no_features_unindexed", meshes: []Mesh{glbUnindexed(noFeatures)}},
		{name: "schema_only", meshes: boxes, schema: glbTestSchema()},
		{name: "empty_strings", meshes: []Mesh{glbPipes(0)}, table: glbEmptyNames(glbTestTable(3)), schema: glbTestSchema()},
	}
}

// glbUnindexed expands a mesh's indices into a vertex soup.
func glbUnindexed(m Mesh) Mesh {
	out := Mesh{Name: "soup", Mode: m.Mode, Color: m.Color}
	for _, ix := range m.Indices {
		out.Positions = append(out.Positions, m.Positions[ix])
	}
	return out
}

// glbEmptyNames blanks the name column: its values buffer view is empty.
func glbEmptyNames(t *PropertyTable) *PropertyTable {
	t.Properties["name"] = make(Strings, t.Count)
	return t
}
