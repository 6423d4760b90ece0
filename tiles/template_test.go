package tiles

import (
	"strings"
	"testing"
)

func TestExpandTemplate(t *testing.T) {
	cases := []struct {
		name, tmpl string
		c          Coord
		want       string
	}{
		{"spec quadtree", "content/{level}/{x}/{y}.glb", Coord{Level: 3, X: 5, Y: 2}, "content/3/5/2.glb"},
		{"sample octree", "content/content_{level}__{x}_{y}_{z}.glb", Coord{Level: 5, X: 16, Y: 16, Z: 16},
			"content/content_5__16_16_16.glb"},
		{"subtree", "subtrees/{level}.{x}.{y}.subtree", Coord{}, "subtrees/0.0.0.subtree"},
		{"repeated and unknown", "{x}/{v}/{x}{", Coord{X: 7}, "7/{v}/7{"},
		{"no variables", "tile.glb", Coord{Level: 1}, "tile.glb"},
		{"big", "{x}", Coord{X: 1<<32 - 1}, "4294967295"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ExpandTemplate(c.tmpl, c.c); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestMatchTemplate(t *testing.T) {
	cases := []struct {
		name, tmpl, uri string
		want            Coord
		ok              bool
	}{
		{"quadtree", "content/{level}/{x}/{y}.glb", "content/3/5/2.glb", Coord{Level: 3, X: 5, Y: 2}, true},
		{"octree", "c_{level}__{x}_{y}_{z}.glb", "c_5__16_17_18.glb", Coord{Level: 5, X: 16, Y: 17, Z: 18}, true},
		{"wrong suffix", "content/{level}/{x}/{y}.glb", "content/3/5/2.b3dm", Coord{}, false},
		{"wrong prefix", "content/{level}/{x}/{y}.glb", "tiles/3/5/2.glb", Coord{}, false},
		{"not a number", "content/{level}/{x}/{y}.glb", "content/3/a/2.glb", Coord{}, false},
		{"leading zero", "{level}/{x}/{y}", "3/05/2", Coord{}, false},
		{"zero", "{level}/{x}/{y}", "0/0/0", Coord{}, true},
		{"repeat agrees", "{x}/{x}", "4/4", Coord{X: 4}, true},
		{"repeat disagrees", "{x}/{x}", "4/5", Coord{}, false},
		{"unknown variable literal", "{v}/{x}", "{v}/4", Coord{X: 4}, true},
		{"trailing text", "{x}", "4/", Coord{}, false},
		{"level too deep", "{level}", "65", Coord{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := MatchTemplate(c.tmpl, c.uri)
			if ok != c.ok || ok && got != c.want {
				t.Errorf("got %v, %v; want %v, %v", got, ok, c.want, c.ok)
			}
			if ok {
				if back := ExpandTemplate(c.tmpl, got); back != c.uri {
					t.Errorf("ExpandTemplate(MatchTemplate) = %q, want %q", back, c.uri)
				}
			}
		})
	}
}

func TestCheckTemplate(t *testing.T) {
	cases := []struct {
		name, tmpl string
		s          SubdivisionScheme
		want       string // "" for no error
	}{
		{"quadtree", "c/{level}/{x}/{y}.glb", Quadtree, ""},
		{"octree lacks z", "c/{level}/{x}/{y}.glb", Octree, "lacks {z}"},
		{"octree", "c/{level}/{x}/{y}/{z}.glb", Octree, ""},
		{"no level", "c/{x}/{y}.glb", Quadtree, "lacks {level}"},
		{"unknown scheme", "c/{level}/{x}/{y}.glb", "BINTREE", "unknown subdivision scheme"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckTemplate(c.tmpl, c.s)
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func BenchmarkExpandTemplate(b *testing.B) {
	b.ReportAllocs()
	c := Coord{Level: 12, X: 2048, Y: 1365}
	for b.Loop() {
		_ = ExpandTemplate("content/{level}/{x}/{y}.glb", c)
	}
}

func FuzzMatchTemplate(f *testing.F) {
	f.Add("content/{level}/{x}/{y}.glb", "content/3/5/2.glb")
	f.Add("c_{level}__{x}_{y}_{z}.glb", "c_5__16_17_18.glb")
	f.Add("{x}/{v}/{x}{", "1/{v}/1{")
	f.Fuzz(func(t *testing.T, tmpl, uri string) {
		c, ok := MatchTemplate(tmpl, uri)
		if !ok {
			return
		}
		if back := ExpandTemplate(tmpl, c); back != uri {
			t.Fatalf("MatchTemplate(%q, %q) = %v but expands to %q", tmpl, uri, c, back)
		}
	})
}
