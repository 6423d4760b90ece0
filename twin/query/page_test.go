package query

import (
	"context"
	"encoding/json"

	"slices"
	"testing"

	"github.com/citytwin/citytwin/geo"
)

// TestAreaPaging walks a large answer page by page, by cursor and by
// offset, and compares the pages with one unpaged answer.
func TestAreaPaging(t *testing.T) {
	store, all := demoStore(t)
	e := New(store, Limits{})
	ext := extent(all)
	spec := AreaSpec{BBox: []float64{ext.Min[0], ext.Min[1], ext.Max[0], ext.Max[1]}}
	whole := areaIDs(t, e, AreaRequest{AreaSpec: spec, Limit: 10_000})
	if len(whole) != len(all) {
		t.Fatalf("the extent holds %d features, area answers %d", len(all), len(whole))
	}
	for _, tc := range []struct {
		name   string
		limit  int
		cursor bool
	}{
		{"cursor 500", 500, true},
		{"cursor 333", 333, true},
		{"offset 1000", 1000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			req := AreaRequest{AreaSpec: spec, Limit: tc.limit}
			for page := 0; ; page++ {
				resp, err := e.Area(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				if resp.Total != len(whole) {
					t.Fatalf("page %d: total %d, want %d", page, resp.Total, len(whole))
				}
				for _, f := range resp.Features {
					got = append(got, f.ID)
				}
				if !resp.Truncated {
					break
				}
				if len(resp.Features) != tc.limit || (tc.cursor && resp.NextCursor == "") {
					t.Fatalf("page %d: %d features, cursor %q", page, len(resp.Features), resp.NextCursor)
				}
				if tc.cursor {
					req.Cursor = resp.NextCursor
				} else {
					req.Offset += tc.limit
				}
			}
			if !slices.Equal(got, whole) {
				t.Errorf("pages give %d ids, whole answer %d (or a different order)", len(got), len(whole))
			}
		})
	}
}

// TestAreaCRS asks for a polygon given in UTM zone 10N (Nanaimo's own CRS)
// and checks the answer against the oracle run on the same polygon
// converted to WGS84.
func TestAreaCRS(t *testing.T) {
	store, all := nanaimoStore(t)
	e := New(store, Limits{})
	utm := [][]geo.Point3{{{428_000, 5_446_000}, {429_500, 5_446_000}, {429_500, 5_447_200}, {428_700, 5_447_600}, {428_000, 5_446_000}}}
	coords, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][2]float64{{
		{428_000, 5_446_000}, {429_500, 5_446_000}, {429_500, 5_447_200}, {428_700, 5_447_600}, {428_000, 5_446_000}}}})
	tr, err := geo.NewTransformer("EPSG:26910")
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if err := tr.ToWGS84(utm[0]); err != nil {
		t.Fatal(err)
	}
	want := oracleArea(all, []oraclePoly{utm}, oracleFilter{})
	for _, crs := range []string{"EPSG:26910", "urn:ogc:def:crs:EPSG::26910", "http://www.opengis.net/def/crs/EPSG/0/26910"} {
		t.Run(crs, func(t *testing.T) {
			got := areaIDs(t, e, AreaRequest{AreaSpec: AreaSpec{CRS: crs, Geometry: coords}, Limit: 10_000})
			if len(want) < 20 || !slices.Equal(got, want) {
				t.Errorf("%d features, oracle %d", len(got), len(want))
			}
		})
	}
	t.Run("bbox", func(t *testing.T) {
		resp, err := e.Area(context.Background(), AreaRequest{AreaSpec: AreaSpec{CRS: "EPSG:26910", BBox: []float64{428_000, 5_446_000, 429_500, 5_447_200}}})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Total < len(want)/2 || resp.AreaM2 < 1.79e6 || resp.AreaM2 > 1.81e6 {
			t.Errorf("bbox of 1.8 km² in UTM: %d features (polygon %d), area %.0f m²", resp.Total, len(want), resp.AreaM2)
		}
	})

}
