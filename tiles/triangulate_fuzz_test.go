package tiles

import (
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// fuzzRings decodes polygon rings from bytes: each byte pair is a point on
// a 16 × 16 grid (many collinear and repeated points); the pair 0xff 0xff
// starts a new ring.
func fuzzRings(data []byte) [][]geo.Point3 {
	var rings [][]geo.Point3
	var cur []geo.Point3
	for i := 0; i+1 < len(data); i += 2 {
		if data[i] == 0xff && data[i+1] == 0xff {
			rings = append(rings, cur)
			cur = nil
			continue
		}
		cur = append(cur, geo.Point3{float64(data[i] % 16), float64(data[i+1] % 16), 0})
	}
	return append(rings, cur)
}

// fuzzBytes encodes rings for fuzzRings (coordinates 0–15).
func fuzzBytes(rings ...[]geo.Point3) []byte {
	var b []byte
	for k, r := range rings {
		if k > 0 {
			b = append(b, 0xff, 0xff)
		}
		for _, p := range r {
			b = append(b, byte(p[0]), byte(p[1]))
		}
	}
	return b
}

func FuzzTriangulate(f *testing.F) {
	f.Add(fuzzBytes(rect(0, 0, 10, 10)))
	f.Add(fuzzBytes(ring(0, 0, 6, 0, 6, 2, 2, 2, 2, 6, 0, 6)))
	f.Add(fuzzBytes(rect(0, 0, 15, 15), rect(3, 3, 7, 7), reversed(rect(9, 9, 12, 13))))
	f.Add(fuzzBytes(rect(0, 0, 15, 15), ring(0, 5, 3, 3, 3, 7)))
	f.Add(fuzzBytes(ring(0, 0, 2, 2, 4, 0, 4, 4, 2, 2, 0, 4)))
	f.Add(fuzzBytes(ring(0, 0, 4, 4, 4, 0, 0, 1)))
	f.Add(fuzzBytes(ring(0, 0, 1, 0, 2, 0, 3, 0, 3, 3, 3, 3, 0, 3, 0, 0)))
	f.Add(fuzzBytes(rect(0, 0, 10, 10), rect(2, 2, 5, 5), rect(5, 5, 8, 8)))
	f.Fuzz(func(t *testing.T, data []byte) {
		rings := fuzzRings(data)
		tris, err := Triangulate(rings)
		if err != nil {
			if len(tris) != 0 {
				t.Fatalf("error %v with %d indices", err, len(tris))
			}
			return
		}
		checkTriangulation(t, rings, tris, 1e-9)
	})
}
