package osm

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestSceneEveryEncoding(t *testing.T) {
	for name, data := range sceneFiles() {
		t.Run(name, func(t *testing.T) {
			c, st, err := readBytes(t, name, data, ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			byID := map[string]*twin.Building{}
			for _, b := range c.Buildings {
				ids = append(ids, b.SourceID)
				byID[b.SourceID] = b
			}
			if !slices.Equal(ids, sceneWant.ids) {
				t.Errorf("ids %v, want %v", ids, sceneWant.ids)
			}
			if !maps.Equal(st.skipped, sceneWant.skipped) {
				t.Errorf("skipped %v, want %v", st.skipped, sceneWant.skipped)
			}
			checkSceneGeometry(t, byID)
		})
	}
}

func checkSceneGeometry(t *testing.T, byID map[string]*twin.Building) {
	t.Helper()
	r20 := byID["relation/20"]
	if r20 == nil || len(r20.Footprint) != 2 {
		t.Fatalf("relation/20: want an outer ring and a hole, got %+v", r20)
	}
	if ringArea(r20.Footprint[0]) <= 0 || ringArea(r20.Footprint[1]) >= 0 {
		t.Errorf("relation/20: outer must be counter-clockwise, hole clockwise")
	}
	big, small := byID["relation/24"], byID["relation/24/2"]
	if big == nil || small == nil || ringArea(big.Footprint[0]) <= ringArea(small.Footprint[0]) {
		t.Errorf("relation/24: want the larger outer first")
	}
	if got := byID["way/10"]; got == nil || got.ID != "t:way/10" || got.Attributes["height"] != "12 m" {
		t.Errorf("way/10: id or attributes wrong: %+v", got)
	}
	if got := small; got != nil && got.Parent != "" {
		t.Errorf("building parts have no known parent, got %q", got.Parent)
	}
}

func TestJoinRings(t *testing.T) {
	tests := []struct {
		name   string
		chains [][]osm.NodeID
		rings  []int // node counts of the rings
		reason string
	}{
		{"closed way", [][]osm.NodeID{{1, 2, 3, 4, 1}}, []int{5}, ""},
		{"two open halves", [][]osm.NodeID{{1, 2, 3}, {3, 4, 1}}, []int{5}, ""},
		{"halves, one reversed", [][]osm.NodeID{{1, 2, 3}, {1, 4, 3}}, []int{5}, ""},
		{"three pieces out of order", [][]osm.NodeID{{3, 4}, {1, 2, 3}, {1, 5, 4}}, []int{6}, ""},
		{"shared edge cancels", [][]osm.NodeID{{1, 2, 3, 4, 1}, {2, 5, 6, 3, 2}}, []int{7}, ""},
		{"rings touching at a node", [][]osm.NodeID{{1, 2, 3, 1, 4, 5, 1}}, []int{4, 4}, ""},
		{"repeated node", [][]osm.NodeID{{1, 2, 2, 3, 1}}, []int{4}, ""},
		{"open ring", [][]osm.NodeID{{1, 2, 3}}, nil, skipUnclosed},
		{"open chain of two", [][]osm.NodeID{{1, 2, 3}, {3, 4, 5}}, nil, skipUnclosed},
		{"back and forth", [][]osm.NodeID{{1, 2, 1}}, nil, skipDegenerate},
		{"single node", [][]osm.NodeID{{1}}, nil, skipDegenerate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rings, sk := joinRings(tt.chains)
			if tt.reason != "" {
				if sk == nil || sk.reason != tt.reason {
					t.Fatalf("got rings %v, skip %v; want skip %q", rings, sk, tt.reason)
				}
				return
			}
			if sk != nil {
				t.Fatalf("unexpected skip %+v", sk)
			}
			var sizes []int
			for _, r := range rings {
				if r[0] != r[len(r)-1] {
					t.Errorf("ring %v not closed", r)
				}
				sizes = append(sizes, len(r))
			}
			if !slices.Equal(sizes, tt.rings) {
				t.Errorf("ring sizes %v, want %v (%v)", sizes, tt.rings, rings)
			}
		})
	}
}

func box(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func TestNest(t *testing.T) {
	tests := []struct {
		name  string
		rings []orb.Ring
		want  []int // rings per polygon
	}{
		{"one ring", []orb.Ring{box(0, 0, 1, 1)}, []int{1}},
		{"hole listed first", []orb.Ring{box(1, 1, 2, 2), box(0, 0, 3, 3)}, []int{2}},
		{"two outers", []orb.Ring{box(0, 0, 1, 1), box(2, 0, 4, 2)}, []int{1, 1}},
		{"island in a hole", []orb.Ring{box(0, 0, 10, 10), box(1, 1, 9, 9), box(2, 2, 3, 3)}, []int{2, 1}},
		{"hole touching the outer", []orb.Ring{box(0, 0, 4, 4), box(0, 1, 2, 2)}, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			polys := nest(tt.rings)
			var got []int
			for _, p := range polys {
				got = append(got, len(p))
				if ringArea(p[0]) <= 0 {
					t.Errorf("outer ring not counter-clockwise")
				}
				for _, h := range p[1:] {
					if ringArea(h) >= 0 {
						t.Errorf("hole not clockwise")
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rings per polygon %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSkipRules(t *testing.T) {
	nodes := `<node id="1" lat="43.0" lon="7.0"/><node id="2" lat="43.0" lon="7.001"/>
		<node id="3" lat="43.001" lon="7.001"/><node id="4" lat="43.001" lon="7.0"/>
		<node id="5" lat="43.002" lon="7.002"/><node id="9" lat="95" lon="7.0"/>`
	way := func(id, refs, tags string) string {
		s := `<way id="` + id + `">`
		for _, r := range strings.Fields(refs) {
			s += `<nd ref="` + r + `"/>`
		}
		for _, kv := range strings.Split(tags, ",") {
			k, v, _ := strings.Cut(kv, "=")
			s += `<tag k="` + k + `" v="` + v + `"/>`
		}
		return s + `</way>`
	}
	tests := []struct {
		name    string
		ways    string
		ids     []string
		skipped map[string]int
	}{
		{"later version wins", way("7", "1 2 3 1", "building=yes,height=5") + way("7", "1 2 3 4 1", "building=yes,height=8"),
			[]string{"way/7"}, map[string]int{}},
		{"node outside WGS84", way("7", "1 2 9 1", "building=yes"), nil, map[string]int{skipMissingNode: 1}},
		{"back and forth", way("7", "1 2 1", "building=yes"), nil, map[string]int{skipDegenerate: 1}},
		{"collinear ring", way("7", "1 3 5 1", "building=yes"), nil, map[string]int{skipDegenerate: 1}},
		{"building=no", way("7", "1 2 3 1", "building=no,building:part=no"), nil, map[string]int{}},
		{"part of a non-building", way("7", "1 2 3 1", "building=no,building:part=yes"), []string{"way/7"}, map[string]int{}},
		{"empty building value", way("7", "1 2 3 1", "building="), nil, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "<osm>" + nodes + tt.ways + "</osm>"
			c, st, err := readBytes(t, "rules.osm", []byte(doc), ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, b := range c.Buildings {
				ids = append(ids, b.SourceID)
			}
			if !slices.Equal(ids, tt.ids) || !maps.Equal(st.skipped, tt.skipped) {
				t.Errorf("ids %v skipped %v; want %v %v", ids, st.skipped, tt.ids, tt.skipped)
			}
			if tt.name == "later version wins" && (len(c.Buildings) != 1 || c.Buildings[0].RoofM != 8 || len(c.Buildings[0].Footprint[0]) != 5) {
				t.Errorf("want the later version (height 8, 4 corners), got %+v", c.Buildings)
			}
		})
	}
}

// warnCollector is a Collector that listens to warnings.
type warnCollector struct {
	ingest.Collector
	warnings []error
}

func (w *warnCollector) Warn(err error) { w.warnings = append(w.warnings, err) }

func TestSkipsReachWarner(t *testing.T) {
	data := sceneFiles()["scene.osm"]
	w := &warnCollector{}
	if _, err := readFile(context.Background(), memSource("scene.osm", data), ingest.Options{Dataset: "d"}, w, quiet); err != nil {
		t.Fatal(err)
	}
	var features []string
	for _, err := range w.warnings {
		var fe *ingest.FeatureError
		if !errors.As(err, &fe) || fe.File != "scene.osm" {
			t.Errorf("warning %v is not a FeatureError naming the file", err)
			continue
		}
		features = append(features, fe.Feature)
	}
	slices.Sort(features)
	if want := []string{"relation/27", "way/12", "way/13"}; !slices.Equal(features, want) {
		t.Errorf("warnings about %v, want %v", features, want)
	}
}
