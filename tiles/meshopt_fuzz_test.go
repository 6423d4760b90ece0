package tiles

import (
	"bytes"
	"testing"
)

// FuzzMeshoptDecodeVertex: the vertex decoder never panics, returns
// count×stride bytes when it succeeds, and what it returns survives an
// encode/decode round trip.
func FuzzMeshoptDecodeVertex(f *testing.F) {
	for _, tc := range meshoptVertexCases(f) {
		if len(tc.data) > 4096 {
			continue // seeds stay small so the fuzzer mutates quickly
		}
		enc, err := meshoptEncodeVertices(tc.data, tc.count, tc.stride)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc, tc.count, tc.stride)
	}
	f.Add([]byte{meshoptVertexHeader}, 1, 4)
	f.Add(append([]byte{meshoptVertexHeader}, make([]byte, 40)...), 1<<40, 4)
	f.Fuzz(func(t *testing.T, src []byte, count, stride int) {
		got, err := meshoptDecodeVertices(src, count, stride)
		if err != nil {
			return
		}
		if len(got) != count*stride {
			t.Fatalf("%d bytes for %d×%d", len(got), count, stride)
		}
		enc, err := meshoptEncodeVertices(got, count, stride)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := meshoptDecodeVertices(enc, count, stride)
		if err != nil || !bytes.Equal(again, got) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzMeshoptDecodeIndex: the index decoder never panics and returns
// count indices when it succeeds.
func FuzzMeshoptDecodeIndex(f *testing.F) {
	for _, tc := range meshoptIndexCases(f) {
		if len(tc.ix) > 3000 {
			continue
		}
		enc, _, err := meshoptEncodeTriangles(tc.ix)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc, len(tc.ix))
	}
	f.Add([]byte{meshoptIndexHeader}, 3)
	f.Add(append([]byte{meshoptIndexHeader, 0xff, 0xfe, 0xf0}, make([]byte, 20)...), -3)
	f.Fuzz(func(t *testing.T, src []byte, count int) {
		got, err := meshoptDecodeTriangles(src, count)
		if err != nil {
			return
		}
		if len(got) != count {
			t.Fatalf("%d indices, want %d", len(got), count)
		}
		for _, size := range []int{2, 4} {
			if b := meshoptIndexBytes(got, size); len(b) != size*count {
				t.Fatalf("%d bytes for %d indices of %d", len(b), count, size)
			}
		}
	})
}
