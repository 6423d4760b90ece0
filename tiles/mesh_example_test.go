package tiles_test

import (
	"fmt"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
)

func ExampleTriangulate() {
	square := []geo.Point3{{0, 0, 0}, {10, 0, 0}, {10, 10, 0}, {0, 10, 0}}
	hole := []geo.Point3{{4, 4, 0}, {6, 4, 0}, {6, 6, 0}, {4, 6, 0}}
	tris, err := tiles.Triangulate([][]geo.Point3{square, hole})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(tris)/3, "triangles over", len(tiles.FlattenRings([][]geo.Point3{square, hole})), "points")
	// Output: 8 triangles over 8 points
}

func ExampleMeshData_AppendExtrusion() {
	var m tiles.MeshData
	err := m.AppendExtrusion(tiles.Extrusion{
		Footprint: [][]geo.Point3{{{0, 0, 0}, {12, 0, 0}, {12, 8, 0}, {0, 8, 0}}},
		EaveZ:     6,
		RidgeZ:    9,
		Roof:      tiles.RoofGabled,
		FeatureID: 7,
	})
	if err != nil {
		panic(err)
	}
	b := m.Bounds()
	fmt.Println(m.TriangleCount(), "triangles, top at", b.Max[2], "m")
	// Output: 18 triangles, top at 9 m
}

func ExampleMeshData_AppendTube() {
	var m tiles.MeshData
	pipe := []geo.Point3{{0, 0, -1.5}, {20, 0, -1.5}, {20, 15, -1.8}}
	if err := m.AppendTube(pipe, 0.15, tiles.TubeOptions{Caps: true, FeatureID: 3}); err != nil {
		panic(err)
	}
	fmt.Println(tiles.SidesFor(0.15, 0), "sides,", m.VertexCount(), "vertices")
	// Output: 9 sides, 47 vertices
}
