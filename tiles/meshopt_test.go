package tiles

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// meshoptVertexCase is one attribute stream to compress.
type meshoptVertexCase struct {
	name          string
	data          []byte
	count, stride int
}

// meshoptIndexCase is one triangle list to compress.
type meshoptIndexCase struct {
	name string
	ix   []uint32
	size int // bytes per index: 2 or 4
}

// meshoptVertexCases covers strides 4–256, counts around group and block
// boundaries, and random, smooth, constant and real (quantized GLB) data.
func meshoptVertexCases(tb testing.TB) []meshoptVertexCase {
	r := rand.New(rand.NewPCG(7, 11))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	smooth := func(count, stride int) []byte {
		b := make([]byte, count*stride)
		for i := range b {
			b[i] = byte(i/stride*(i%stride+1)/3 + r.IntN(3))
		}
		return b
	}
	cases := []meshoptVertexCase{
		{"empty", nil, 0, 4},
		{"one", []byte{1, 2, 3, 4}, 1, 4},
		{"constant", bytes.Repeat([]byte{9, 8, 7, 6, 5, 4, 3, 2}, 300), 300, 8},
		{"stride256", random(256 * 40), 40, 256},
		{"stride12-smooth", smooth(1000, 12), 1000, 12},
	}
	for _, n := range []int{15, 16, 17, 255, 256, 257, 1023, 1024, 1025, 5000} {
		for _, s := range []int{4, 8, 16} {
			cases = append(cases, meshoptVertexCase{name: "random", data: random(n * s), count: n, stride: s})
			cases = append(cases, meshoptVertexCase{name: "smooth", data: smooth(n, s), count: n, stride: s})
		}
	}
	for _, v := range meshoptGLBStreams(tb) {
		if v.mode == "ATTRIBUTES" {
			cases = append(cases, meshoptVertexCase{"glb-" + v.name, v.data, v.count, v.stride})
		}
	}
	return cases
}

// meshoptIndexCases covers random triangles, degenerate ones, large
// indices (uint32) and the index buffers of real meshes.
func meshoptIndexCases(tb testing.TB) []meshoptIndexCase {
	r := rand.New(rand.NewPCG(3, 5))
	randomTris := func(n, verts int) []uint32 {
		ix := make([]uint32, 3*n)
		for i := range ix {
			ix[i] = uint32(r.IntN(verts))
		}
		return ix
	}
	big := randomTris(500, 1<<20)
	for i := range big {
		big[i] += 1 << 30
	}
	grid := meshoptGrid(40, 30)
	cases := []meshoptIndexCase{
		{"one", []uint32{0, 1, 2}, 2},
		{"degenerate", []uint32{0, 0, 0, 1, 1, 2, 2, 2, 1, 5, 5, 5}, 2},
		{"random-few-verts", randomTris(2000, 20), 2},
		{"random", randomTris(3000, 60000), 2},
		{"random-uint32", big, 4},
		{"grid", grid, 2},
		{"grid-reversed", meshoptReverseTris(grid), 2},
		{"city", glbCity(200, 1).Indices, 2},
		{"sphere", glbSphere([3]float64{}, 10, 0).Indices, 2},
	}
	for _, v := range meshoptGLBStreams(tb) {
		if v.mode == "TRIANGLES" {
			cases = append(cases, meshoptIndexCase{"glb-" + v.name, v.ix, v.stride})
		}
	}
	return cases
}

// meshoptGrid is a w×h grid of quads as triangle pairs.
func meshoptGrid(w, h int) []uint32 {
	var ix []uint32
	for y := range h {
		for x := range w {
			a := uint32(y*(w+1) + x)
			b, c, d := a+1, a+uint32(w+1), a+uint32(w+2)
			ix = append(ix, a, b, d, a, d, c)
		}
	}
	return ix
}

func meshoptReverseTris(ix []uint32) []uint32 {
	out := make([]uint32, 0, len(ix))
	for t := len(ix)/3 - 1; t >= 0; t-- {
		out = append(out, ix[3*t:3*t+3]...)
	}
	return out
}

// meshoptExtrudedCity is n extruded buildings with random polygon
// footprints and roof shapes, as the tiler meshes them.
func meshoptExtrudedCity(tb testing.TB, n int, seed uint64) Mesh {
	r := rand.New(rand.NewPCG(seed, 99))
	var md MeshData
	side := int(math.Ceil(math.Sqrt(float64(n))))
	for i := range n {
		cx, cy := float64(i%side)*30, float64(i/side)*30
		k := 4 + r.IntN(7)
		ring := make([]geo.Point3, k)
		for j := range ring {
			a := 2 * math.Pi * (float64(j) + 0.3*r.Float64()) / float64(k)
			rad := 6 + 4*r.Float64()
			ring[j] = geo.Point3{cx + rad*math.Cos(a), cy + rad*math.Sin(a), 0}
		}
		eave := 3 + 30*r.Float64()
		e := Extrusion{Footprint: [][]geo.Point3{ring}, BaseZ: 0, EaveZ: eave, RidgeZ: eave + 4*r.Float64(),
			Roof: RoofShape(r.IntN(5)), FeatureID: uint32(i)}
		if err := md.AppendExtrusion(e); err != nil {
			tb.Fatalf("building %d: %v", i, err)
		}
	}
	return Mesh{Name: "buildings", Positions: md.Positions, Normals: md.Normals, Indices: md.Indices, FeatureIDs: md.FeatureIDs}
}

func TestMeshoptVertexRoundTrip(t *testing.T) {
	for _, tc := range meshoptVertexCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			enc, err := meshoptEncodeVertices(tc.data, tc.count, tc.stride)
			if err != nil {
				t.Fatal(err)
			}
			got, err := meshoptDecodeVertices(enc, tc.count, tc.stride)
			if err != nil {
				t.Fatalf("decode %d bytes: %v", len(enc), err)
			}
			if !bytes.Equal(got, tc.data) && len(tc.data) > 0 {
				t.Fatalf("count %d stride %d: decoded bytes differ", tc.count, tc.stride)
			}
		})
	}
}

func TestMeshoptVertexErrors(t *testing.T) {
	for _, tc := range []struct {
		name          string
		n, count, str int
	}{
		{"stride-not-4", 6, 2, 3},
		{"stride-too-big", 260, 1, 260},
		{"short-data", 7, 2, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := meshoptEncodeVertices(make([]byte, tc.n), tc.count, tc.str); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestMeshoptTriangleRoundTrip(t *testing.T) {
	for _, tc := range meshoptIndexCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			enc, want, err := meshoptEncodeTriangles(tc.ix)
			if err != nil {
				t.Fatal(err)
			}
			meshoptCheckRotations(t, tc.ix, want)
			got, err := meshoptDecodeTriangles(enc, len(tc.ix))
			if err != nil {
				t.Fatalf("decode %d bytes: %v", len(enc), err)
			}
			if !slicesEqualU32(got, want) {
				t.Fatalf("decoded %v…, encoder says %v…", glbHead(got), glbHead(want))
			}
			t.Logf("%d triangles: %.2f bytes/triangle", len(tc.ix)/3, float64(len(enc))/float64(len(tc.ix)/3))
		})
	}
	if _, _, err := meshoptEncodeTriangles([]uint32{0, 1}); err == nil {
		t.Error("two indices: no error")
	}
}

// meshoptCheckRotations checks that got holds the triangles of want in
// order, each possibly rotated with its winding kept.
func meshoptCheckRotations(t *testing.T, orig, got []uint32) {
	t.Helper()
	if len(orig) != len(got) {
		t.Fatalf("%d indices, want %d", len(got), len(orig))
	}
	for i := 0; i < len(orig); i += 3 {
		ok := false
		for _, r := range meshoptRotations([3]uint32{orig[i], orig[i+1], orig[i+2]}) {
			ok = ok || r == [3]uint32{got[i], got[i+1], got[i+2]}
		}
		if !ok {
			t.Fatalf("triangle %d: %v is not a rotation of %v", i/3, got[i:i+3], orig[i:i+3])
		}
	}
}

func slicesEqualU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
