package tiles

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// implicitSample walks an implicit sample tileset from its root subtree,
// following child subtree availability, and checks every subtree against
// the files present.
type implicitSample struct {
	t        *testing.T
	dir      string
	it       ImplicitTiling
	content  string // content template URI
	subtrees map[string]bool
	contents map[string]bool
	byLevel  map[int]int // content count per global level
}

func TestSubtreeSamples(t *testing.T) {
	cases := []struct {
		name          string
		dir           string
		subtrees      int
		contents      int
		deepestLevel5 int
	}{
		{"quadtree", "cesium_3d-tiles-samples/1.1/SparseImplicitQuadtree", 9, 32, 32},
		{"octree", "cesium_3d-tiles-samples/1.1/SparseImplicitOctree", 13, 31, 16},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := sharedData3DT(t, c.dir)
			data, err := os.ReadFile(filepath.Join(dir, "tileset.json"))
			if err != nil {
				t.Fatal(err)
			}
			ts, err := ParseTileset(data)
			if err != nil {
				t.Fatal(err)
			}
			s := &implicitSample{t: t, dir: dir, it: *ts.Root.ImplicitTiling, content: ts.Root.Content.URI,
				subtrees: map[string]bool{}, contents: map[string]bool{}, byLevel: map[int]int{}}
			if err := CheckTemplate(s.content, s.it.SubdivisionScheme); err != nil {
				t.Fatal(err)
			}
			s.walk()
			s.compareWithFiles("subtrees", s.subtrees, c.subtrees)
			s.compareWithFiles("content", s.contents, c.contents)
			if got := s.byLevel[5]; got != c.deepestLevel5 {
				t.Errorf("%d contents at level 5, want %d", got, c.deepestLevel5)
			}
		})
	}
}

func (s *implicitSample) walk() {
	queue := []Coord{{}}
	for len(queue) > 0 {
		root := queue[0]
		queue = queue[1:]
		uri := ExpandTemplate(s.it.Subtrees.URI, root)
		s.subtrees[uri] = true
		a := s.load(uri)
		for i := range a.Tile.Len() {
			rel := tileAtBit(a.Scheme, i)
			g := rel.Absolute(root)
			if a.Tile.Get(i) && g.Level >= s.it.AvailableLevels {
				s.t.Errorf("%s: tile %v beyond availableLevels %d", uri, g, s.it.AvailableLevels)
			}
			if a.ContentAvailable(0, rel) {
				s.contents[ExpandTemplate(s.content, g)] = true
				s.byLevel[g.Level]++
			}
		}
		for m := range a.ChildSubtree.Len() {
			if a.ChildSubtree.Get(m) {
				queue = append(queue, CoordFromMorton(a.Scheme, a.Levels, uint64(m)).Absolute(root))
			}
		}
	}
}

// load decodes one subtree file, checks it re-encodes byte for byte, and
// checks its availability survives a rebuild through SubtreeAvailability.
func (s *implicitSample) load(uri string) *SubtreeAvailability {
	t := s.t
	data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(uri)))
	if err != nil {
		t.Fatalf("subtree reachable but missing: %v", err)
	}
	f, err := DecodeSubtree(data)
	if err != nil {
		t.Fatalf("%s: %v", uri, err)
	}
	if out, err := EncodeSubtree(f); err != nil || !bytes.Equal(out, data) {
		t.Errorf("%s: re-encoding differs from the file (err %v)", uri, err)
	}
	a, err := f.Availability(s.it.SubdivisionScheme, s.it.SubtreeLevels)
	if err != nil {
		t.Fatalf("%s: %v", uri, err)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("%s: %v", uri, err)
	}
	rebuilt := a.File()
	if !reflect.DeepEqual(rebuilt.Subtree, f.Subtree) || !bytes.Equal(rebuilt.Binary, f.Binary) {
		t.Errorf("%s: rebuilt subtree differs:\n got %+v\nwant %+v", uri, rebuilt.Subtree, f.Subtree)
	}
	enc, err := a.Encode()
	if err != nil {
		t.Fatalf("%s: %v", uri, err)
	}
	b, err := DecodeSubtreeAvailability(enc, a.Scheme, a.Levels)
	if err != nil {
		t.Fatalf("%s: decoding the re-encoding: %v", uri, err)
	}
	if !b.Tile.Equal(a.Tile) || !b.ChildSubtree.Equal(a.ChildSubtree) || len(b.Content) != len(a.Content) ||
		!b.Content[0].Equal(a.Content[0]) {
		t.Errorf("%s: availability changed in a round trip", uri)
	}
	return a
}

// tileAtBit is the inverse of AvailabilityIndex.
func tileAtBit(s SubdivisionScheme, i int) Coord {
	n := s.Branching()
	level, off := 0, 0
	for w := 1; off+w <= i; w *= n {
		off += w
		level++
	}
	return CoordFromMorton(s, level, uint64(i-off))
}

func (s *implicitSample) compareWithFiles(sub string, want map[string]bool, count int) {
	entries, err := os.ReadDir(filepath.Join(s.dir, sub))
	if err != nil {
		s.t.Fatal(err)
	}
	var files, expected []string
	for _, e := range entries {
		files = append(files, sub+"/"+e.Name())
	}
	for k := range want {
		expected = append(expected, k)
	}
	slices.Sort(expected)
	if !slices.Equal(files, expected) {
		s.t.Errorf("%s: availability says\n%v\nfiles are\n%v", sub, expected, files)
	}
	if len(files) != count {
		s.t.Errorf("%s: %d files, want %d", sub, len(files), count)
	}
}
