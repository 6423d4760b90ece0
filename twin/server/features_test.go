package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/server"
)

// geoFeature is the part of a GeoJSON Feature the tests read.
type geoFeature struct {
	Type     string    `json:"type"`
	ID       string    `json:"id"`
	BBox     []float64 `json:"bbox"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// TestFeatureGeoJSON checks that a demo building, pipe and node come back
// as GeoJSON with 3D coordinates and every typed field and attribute.
func TestFeatureGeoJSON(t *testing.T) {
	f := newFixture(t, false, server.Options{})
	cases := []struct {
		name, id, geometry string
		skip               []string // typed fields that are the geometry
	}{
		{"building", f.building, "Polygon", []string{"footprint", "surfaces"}},
		{"pipe", f.segment, "LineString", []string{"centreline"}},
		{"node", f.node, "Point", []string{"position"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			feat, err := f.store.Feature(context.Background(), tc.id)
			if err != nil {
				t.Fatal(err)
			}
			resp, body := f.get(t, "/api/v1/features/"+url.PathEscape(tc.id))
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/geo+json" {
				t.Fatalf("%d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			var g geoFeature
			if err := json.Unmarshal(body, &g); err != nil {
				t.Fatal(err)
			}
			if g.Type != "Feature" || g.ID != tc.id || g.Geometry.Type != tc.geometry || len(g.BBox) != 6 {
				t.Errorf("feature %s %s geometry %s bbox %v", g.Type, g.ID, g.Geometry.Type, g.BBox)
			}
			checkPositions(t, feat, g)
			attrs := feat.Head().Attributes
			if len(attrs) == 0 {
				t.Fatalf("demo %s has %d attributes: pick another", tc.name, len(attrs))
			}
			for k, v := range attrs {
				if fmt.Sprint(g.Properties[k]) != fmt.Sprint(v) {
					t.Errorf("attribute %s = %v, property %v", k, v, g.Properties[k])
				}
			}
			for k, v := range typedFields(t, feat, tc.skip) {
				if got, ok := g.Properties[k]; !ok || (v != nil && fmt.Sprint(got) != fmt.Sprint(v)) {
					t.Errorf("typed field %s = %v, property %v (present %v)", k, v, got, ok)
				}
			}
			want := map[string]string{"kind": string(feat.Kind()), "layer": feat.Layer(), "dataset": "demo", "source_id": feat.Head().SourceID}
			for k, v := range want {
				if g.Properties[k] != v {
					t.Errorf("property %s = %v, want %s", k, g.Properties[k], v)
				}
			}
		})
	}
}

// typedFields is the feature's JSON without its attributes and geometry.
func typedFields(t *testing.T, feat twin.Feature, skip []string) map[string]any {
	t.Helper()
	data, err := twin.MarshalFeature(feat)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "attributes")
	for _, k := range skip {
		delete(m, k)
	}
	return m
}

// checkPositions compares the GeoJSON positions with the feature's.
func checkPositions(t *testing.T, feat twin.Feature, g geoFeature) {
	t.Helper()
	var want, got []geo.Point3
	switch v := feat.(type) {
	case *twin.Building:
		for _, p := range v.Footprint[0] {
			want = append(want, geo.Point3{p[0], p[1], v.BaseM})
		}
		var rings [][]geo.Point3
		if err := json.Unmarshal(g.Geometry.Coordinates, &rings); err != nil {
			t.Fatal(err)
		}
		got = rings[0]
	case *twin.UtilitySegment:
		want = v.Centreline
		if err := json.Unmarshal(g.Geometry.Coordinates, &got); err != nil {
			t.Fatal(err)
		}
	case *twin.UtilityNode:
		want = []geo.Point3{v.Position}
		var p geo.Point3
		if err := json.Unmarshal(g.Geometry.Coordinates, &p); err != nil {
			t.Fatal(err)
		}
		got = []geo.Point3{p}
	}
	if !slices.Equal(got, want) {
		t.Errorf("positions %v, want %v", got, want)
	}
}

// num is a float attribute, NaN-free: -1e18 when absent.
func num(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return -1e18
}

// TestFeatureSearch compares searches with a brute-force filter of every
// demo feature.
func TestFeatureSearch(t *testing.T) {
	f := newFixture(t, false, server.Options{})
	all := f.allFeatures(t)
	seg := func(fn func(*twin.UtilitySegment) bool) func(twin.Feature) bool {
		return func(x twin.Feature) bool { s, ok := x.(*twin.UtilitySegment); return ok && fn(s) }
	}
	bld := func(fn func(*twin.Building) bool) func(twin.Feature) bool {
		return func(x twin.Feature) bool { b, ok := x.(*twin.Building); return ok && fn(b) }
	}
	box := geo.Bounds3{Min: geo.Point3{37.615, 55.748, -1e9}, Max: geo.Point3{37.620, 55.751, 1e9}}
	cases := []struct {
		name, query string
		want        func(twin.Feature) bool
	}{
		{"recent buildings", "kind=building&where=year>=1990&limit=23", bld(func(b *twin.Building) bool { return num(b.Attributes["year"]) >= 1990 })},
		{"old tall buildings", "where=year<1917&where=floors>3", bld(func(b *twin.Building) bool {
			return num(b.Attributes["year"]) < 1917 && num(b.Attributes["floors"]) > 3
		})},
		{"pvc pipes", "layer=sewer,storm&where=material=pvc", seg(func(s *twin.UtilitySegment) bool {
			return s.Material == "pvc" && (s.Network == "sewer" || s.Network == "storm")
		})},
		{"wide old water mains", "network=water&kind=segment&where=diameter_mm>200&where=install_year<=1980",
			seg(func(s *twin.UtilitySegment) bool {
				return s.Network == "water" && s.DiameterMM > 200 && s.InstallYear != 0 && s.InstallYear <= 1980
			})},
		{"street contains", "where=street~MOSTOV", func(x twin.Feature) bool {
			s, _ := x.Head().Attributes["street"].(string)
			return strings.Contains(strings.ToLower(s), "mostov")
		}},
		{"not residential", "kind=building&where=use!=residential", bld(func(b *twin.Building) bool { return b.Attributes["use"] != "residential" })},
		{"abandoned", "status=abandoned", func(x twin.Feature) bool {
			switch v := x.(type) {
			case *twin.UtilitySegment:
				return v.Status == twin.StatusAbandoned
			case *twin.UtilityNode:
				return v.Status == twin.StatusAbandoned
			}
			return false
		}},
		{"manholes", "kind=node&where=node_kind=manhole&dataset=demo", func(x twin.Feature) bool {
			n, ok := x.(*twin.UtilityNode)
			return ok && n.NodeKind == twin.NodeManhole
		}},
		{"bbox", "bbox=37.615,55.748,37.620,55.751&kind=segment,node", func(x twin.Feature) bool {
			return x.Kind() != twin.KindBuilding && x.Bounds().Intersects(box)
		}},
		{"deep", "where=depth_m>=3", func(x twin.Feature) bool {
			switch v := x.(type) {
			case *twin.UtilitySegment:
				return v.DepthM >= 3
			case *twin.UtilityNode:
				return v.DepthM >= 3
			}
			return false
		}},
		{"synthetic flag", "where=synthetic=true&kind=building&limit=50", bld(func(b *twin.Building) bool { return b.Attributes["synthetic"] == true })},
		{"other dataset", "dataset=nope", func(twin.Feature) bool { return false }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, x := range all {
				if tc.want(x) {
					want = append(want, x.Head().ID)
				}
			}
			q := tc.query
			if !strings.Contains(q, "limit=") {
				q += "&limit=1000"
			}
			got := searchAll(t, f, "/api/v1/features?"+q)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%d features, want %d", len(got), len(want))
			}
			if len(want) == 0 && tc.name != "other dataset" {
				t.Errorf("the case selects nothing: pick another")
			}
		})
	}
}

// searchAll follows the next links of a search and returns every id.
func searchAll(t *testing.T, f *fixture, path string) []string {
	t.Helper()
	var ids []string
	seen := map[string]bool{}
	for pages := 0; path != ""; pages++ {
		if pages > 100 {
			t.Fatal("more than 100 pages")
		}
		resp, body := f.get(t, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		var page struct {
			Type      string       `json:"type"`
			Features  []geoFeature `json:"features"`
			Returned  int          `json:"returned"`
			Truncated bool         `json:"truncated"`
			Next      string       `json:"next"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		if page.Type != "FeatureCollection" || page.Returned != len(page.Features) || page.Truncated != (page.Next != "") {
			t.Fatalf("page %s: type %s returned %d of %d, truncated %v next %q", path, page.Type,
				page.Returned, len(page.Features), page.Truncated, page.Next)
		}
		for _, g := range page.Features {
			if seen[g.ID] {
				t.Errorf("feature %s twice", g.ID)
			}
			seen[g.ID] = true
			ids = append(ids, g.ID)
		}
		path = page.Next
	}
	return ids
}

func TestFeatureSearchErrors(t *testing.T) {
	f := newFixture(t, false, server.Options{})
	for _, q := range []string{
		"colour=red", "kind=tree", "network=steam", "status=broken", "where=year", "where=>=3", "where=a!b",
		"limit=0", "limit=1001", "limit=x", "offset=-1", "bbox=1,2,3", "bbox=3,0,1,1", "bbox=a,b,c,d",
		"where=" + strings.Repeat("&where=a=1", 21),
	} {
		t.Run(q, func(t *testing.T) {
			resp, body := f.get(t, "/api/v1/features?"+q)
			if resp.StatusCode != 400 {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
			checkJSONError(t, resp, body)
		})
	}
}
