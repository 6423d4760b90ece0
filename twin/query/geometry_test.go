package query

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseGeometry(t *testing.T) {
	ring := `[[37.6,55.7],[37.61,55.7],[37.61,55.71],[37.6,55.71],[37.6,55.7]]`
	hole := `[[37.602,55.702],[37.604,55.702],[37.604,55.704],[37.602,55.702]]`
	cases := []struct {
		name, geom, crs string
		want            string // error substring, "" for success
		typ             string
		hasZ            bool
	}{
		{"point 2D", `{"type":"Point","coordinates":[37.6,55.7]}`, "", "", TypePoint, false},
		{"point 3D", `{"type":"Point","coordinates":[37.6,55.7,148.5]}`, "", "", TypePoint, true},
		{"line", `{"type":"LineString","coordinates":[[37.6,55.7,1],[37.61,55.7,2]]}`, "", "", TypeLineString, true},
		{"polygon with hole", `{"type":"Polygon","coordinates":[` + ring + `,` + hole + `]}`, "", "", TypePolygon, false},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[` + ring + `]]}`, "", "", TypeMultiPolygon, false},
		{"foreign members", `{"type":"Point","coordinates":[37.6,55.7],"bbox":[1,2,3,4]}`, "", "", TypePoint, false},
		{"utm", `{"type":"Point","coordinates":[428000,5446000]}`, "EPSG:26910", "", TypePoint, false},
		{"missing", ``, "", "missing", "", false},
		{"not an object", `[1,2]`, "", "not a GeoJSON geometry", "", false},
		{"no type", `{"coordinates":[1,2]}`, "", "without \"type\"", "", false},
		{"collection", `{"type":"GeometryCollection","geometries":[]}`, "", "without \"coordinates\"", "", false},
		{"unsupported", `{"type":"MultiPoint","coordinates":[[1,2]]}`, "", "unsupported geometry type", "", false},
		{"one number", `{"type":"Point","coordinates":[37.6]}`, "", "got 1 numbers", "", false},
		{"strings", `{"type":"Point","coordinates":["a","b"]}`, "", "must be [lon, lat]", "", false},
		{"unclosed ring", `{"type":"Polygon","coordinates":[[[37.6,55.7],[37.61,55.7],[37.61,55.71],[37.6,55.71]]]}`, "", "not closed", "", false},
		{"short ring", `{"type":"Polygon","coordinates":[[[37.6,55.7],[37.61,55.7],[37.6,55.7]]]}`, "", "at least 4", "", false},
		{"no rings", `{"type":"Polygon","coordinates":[]}`, "", "without rings", "", false},
		{"bow tie", `{"type":"Polygon","coordinates":[[[37.6,55.7],[37.61,55.71],[37.61,55.7],[37.6,55.71],[37.6,55.7]]]}`, "", "crosses or touches itself", "", false},
		{"flat ring", `{"type":"Polygon","coordinates":[[[37.6,55.7],[37.61,55.7],[37.62,55.7],[37.6,55.7]]]}`, "", "encloses no area", "", false},
		{"longitude range", `{"type":"Point","coordinates":[200,55.7]}`, "", "outside longitude", "", false},
		{"latitude range", `{"type":"LineString","coordinates":[[37,55],[37,95]]}`, "", "outside longitude", "", false},
		{"one position line", `{"type":"LineString","coordinates":[[37,55],[37,55]]}`, "", "2 distinct positions", "", false},
		{"too many positions", `{"type":"LineString","coordinates":[` + strings.Repeat(`[37,55],`, 20) + `[37.1,55]]}`, "", "over the cap of 20", "", false},
		{"unknown crs", `{"type":"Point","coordinates":[1,2]}`, "EPSG:999999", "EPSG:999999", "", false},
		{"outside crs domain", `{"type":"Point","coordinates":[1e8,1e8]}`, "EPSG:26910", "cannot convert", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseGeometry("geometry", json.RawMessage(tc.geom), tc.crs, 20)
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) || !IsBadRequest(err) {
					t.Fatalf("error %v, want a bad request containing %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Type != tc.typ || s.HasZ != tc.hasZ {
				t.Errorf("type %s hasZ %v, want %s %v", s.Type, s.HasZ, tc.typ, tc.hasZ)
			}
			b := s.Bounds()
			if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
				t.Errorf("bounds %v not in WGS84", b)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"ok", `{"bbox":[1,2,3,4],"layers":["water"]}`, ""},
		{"empty", ``, "empty request body"},
		{"truncated", `{"bbox":[1,2`, "ends early"},
		{"syntax", `{"bbox":[1,2,]}`, "invalid JSON at byte"},
		{"NaN", `{"distance_m":NaN}`, "invalid JSON"},
		{"unknown field", `{"bbox":[1,2,3,4],"layer":"water"}`, `unknown field "layer"`},
		{"wrong type", `{"limit":"ten"}`, "limit: got JSON string, want a number"},
		{"trailing", `{"limit":1} {"limit":2}`, "unexpected data"},
		{"array", `[]`, "must be a JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var req AreaRequest
			err := DecodeBytes([]byte(tc.body), &req)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !IsBadRequest(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want a bad request containing %q", err, tc.want)
			}
		})
	}
}

// FuzzParseGeometry feeds arbitrary bytes to the geometry parser: it must
// answer a geometry or a bad request, never panic.
func FuzzParseGeometry(f *testing.F) {
	for _, s := range []string{
		`{"type":"Point","coordinates":[37.6,55.7]}`,
		`{"type":"LineString","coordinates":[[37.6,55.7,1],[37.61,55.7,2]]}`,
		`{"type":"Polygon","coordinates":[[[37.6,55.7],[37.61,55.7],[37.61,55.71],[37.6,55.7]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}`,
		`{"type":"Point","coordinates":[]}`, `null`, `{}`, `[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseGeometry("geometry", data, "", 1000)
		if err != nil {
			if !IsBadRequest(err) {
				t.Fatalf("not a bad request: %v", err)
			}
			return
		}
		if !s.Bounds().Min.Finite() || (len(s.Line) == 0 && len(s.Polygons) == 0) {
			t.Fatalf("accepted an empty or infinite geometry: %+v", s)
		}
	})
}

// FuzzAreaRequest feeds arbitrary bytes through the strict decoder and the
// area checks.
func FuzzAreaRequest(f *testing.F) {
	for _, s := range []string{
		`{"geometry":{"type":"Polygon","coordinates":[[[37.6,55.7],[37.61,55.7],[37.61,55.71],[37.6,55.7]]]},"layers":["water"]}`,
		`{"bbox":[37.6,55.7,37.61,55.71],"limit":5}`,
		`{"bbox":[-180,-90,180,90]}`,
		`{"bbox":[428000,5446000,429000,5447000],"crs":"EPSG:26910"}`,
	} {
		f.Add([]byte(s))
	}
	e := New(nil, Limits{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var req AreaRequest
		if err := DecodeBytes(data, &req); err != nil {
			if !IsBadRequest(err) {
				t.Fatalf("not a bad request: %v", err)
			}
			return
		}
		if req.CRS != "" && !isWGS84(req.CRS) {
			return // PROJ lookups are slow; the CRS path has table tests
		}
		if _, _, err := e.parseArea(req.AreaSpec); err != nil && !IsBadRequest(err) {
			t.Fatalf("not a bad request: %v", err)
		}
	})
}
