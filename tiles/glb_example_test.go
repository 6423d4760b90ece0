package tiles_test

import (
	"bytes"
	"fmt"

	"github.com/citytwin/citytwin/tiles"
)

// A tile with one building (a single triangle here, for brevity) whose
// feature id 0 indexes a property table with a unit in every name.
func ExampleEncodeGLB() {
	schema := &tiles.Schema{
		ID: "city",
		Classes: map[string]tiles.Class{"building": {Properties: map[string]tiles.ClassProperty{
			"id":       {Type: tiles.TypeString, Required: true},
			"height_m": {Type: tiles.TypeScalar, ComponentType: tiles.ComponentFloat32, NoData: -1.0},
		}}},
	}
	table := &tiles.PropertyTable{Class: "building", Count: 1, Properties: map[string]tiles.PropertyValues{
		"id":       tiles.Strings{"demo:b1"},
		"height_m": tiles.Float32s{12.5},
	}}
	roof := tiles.Mesh{
		Name:       "roofs",
		Positions:  [][3]float64{{0, 0, 12.5}, {10, 0, 12.5}, {0, 10, 12.5}}, // east, north, up
		Normals:    [][3]float32{{0, 0, 1}, {0, 0, 1}, {0, 0, 1}},
		FeatureIDs: []uint32{0, 0, 0},
		Color:      [4]float32{0.6, 0.2, 0.1, 1},
	}
	var glb bytes.Buffer
	if err := tiles.EncodeGLB(&glb, []tiles.Mesh{roof}, table, schema, tiles.GLBOptions{Quantize: true}); err != nil {
		fmt.Println(err)
		return
	}
	dec, err := tiles.DecodeGLB(&glb)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := dec.Meshes[0]
	id, _ := dec.Table().Value(dec.Schema, "id", int(m.FeatureIDs[0]))
	h, _ := dec.Table().Value(dec.Schema, "height_m", int(m.FeatureIDs[0]))
	fmt.Printf("%s: %d vertices, feature %s, height %.1f m\n", m.Name, len(m.Positions), id, h)
	fmt.Println(dec.Doc.ExtensionsUsed, dec.Doc.ExtensionsRequired)
	// Output:
	// roofs: 3 vertices, feature demo:b1, height 12.5 m
	// [KHR_mesh_quantization EXT_mesh_features EXT_structural_metadata] [KHR_mesh_quantization]
}
