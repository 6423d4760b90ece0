package cityjson

import (
	"context"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// areaM2 is the area of a footprint in square metres (equirectangular).
func areaM2(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	k := math.Cos(p[0][0][1] * math.Pi / 180)
	return polygonArea(p) * k * metresPerDegree * metresPerDegree
}

// gabledHouse replaces b1 with a 10 m × 10 m house: walls to 4 m, an
// east-west ridge at 7 m (vertices 16–25).
func gabledHouse(d map[string]any) {
	d["vertices"] = append(d["vertices"].([]any),
		[]any{0, 0, 0}, []any{10000, 0, 0}, []any{10000, 10000, 0}, []any{0, 10000, 0},
		[]any{0, 0, 4000}, []any{10000, 0, 4000}, []any{10000, 10000, 4000}, []any{0, 10000, 4000},
		[]any{0, 5000, 7000}, []any{10000, 5000, 7000})
	ring := func(idx ...int) []any {
		r := []any{}
		for _, i := range idx {
			r = append(r, 16+i)
		}
		return []any{r}
	}
	object(d, "b1")["geometry"] = []any{map[string]any{
		"type": "MultiSurface", "lod": "2.2",
		"boundaries": []any{ring(0, 3, 2, 1), ring(0, 1, 5, 4), ring(1, 2, 6, 9, 5), ring(2, 3, 7, 6),
			ring(3, 0, 4, 8, 7), ring(4, 5, 9, 8), ring(7, 8, 9, 6)},
		"semantics": map[string]any{
			"surfaces": []any{map[string]any{"type": "GroundSurface"}, map[string]any{"type": "WallSurface"}, map[string]any{"type": "RoofSurface"}},
			"values":   []any{0, 1, 1, 1, 1, 2, 2},
		},
	}}
}

// withParts makes b1 a geometry-less parent of two adjacent box parts.
func withParts(d map[string]any) {
	d["vertices"] = append(d["vertices"].([]any), box(10000, 0)...)
	objs := objects(d)
	b1 := object(d, "b1")
	delete(b1, "geometry")
	b1["children"] = []any{"p1", "p2"}
	objs["p1"] = map[string]any{"type": "BuildingPart", "parents": []any{"b1"}, "attributes": map[string]any{"roofType": "flat"}, "geometry": []any{solidGeometry(0, "2")}}
	objs["p2"] = map[string]any{"type": "BuildingPart", "parents": []any{"b1"}, "geometry": []any{solidGeometry(16, "2")}}
}

func TestSynthetic(t *testing.T) {
	tests := []struct {
		name  string
		data  func(t *testing.T) []byte
		opts  ingest.Options
		count int
		check func(t *testing.T, b *twin.Building)
	}{
		{"2.0 solid with semantics", func(t *testing.T) []byte { return doc(t, nil) }, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, b.LoD == "2" && b.BaseM == 0 && math.Abs(b.RoofM-6) < 1e-9 && b.RoofShape == twin.RoofFlat, "lod/heights/roof: %+v", b)
			want(t, math.Abs(areaM2(b.Footprint)-100) < 0.5 && len(b.Surfaces) == 6, "footprint %.2f m², %d surfaces", areaM2(b.Footprint), len(b.Surfaces))
			want(t, b.Attributes["name"] == "box" && b.Attributes["storeys"] == 2.0 && b.Attributes["cityjson_type"] == "Building", "attributes %v", b.Attributes)
		}},
		{"1.0 numeric lod without transform", func(t *testing.T) []byte {
			return doc(t, func(d map[string]any) {
				d["version"] = "1.0"
				d["metadata"] = map[string]any{"referenceSystem": "urn:ogc:def:crs:EPSG::7415"}
				delete(d, "transform")
				for _, v := range d["vertices"].([]any) {
					c := v.([]any)
					c[0], c[1], c[2] = 85000+float64(c[0].(int))/1000, 447500+float64(c[1].(int))/1000, float64(c[2].(int))/1000
				}
				geom(d, "b1")["lod"] = 2
			})
		}, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, b.LoD == "2" && math.Abs(areaM2(b.Footprint)-100) < 0.5, "lod %q, footprint %.2f m²", b.LoD, areaM2(b.Footprint))
		}},
		{"1.1", func(t *testing.T) []byte { return doc(t, func(d map[string]any) { d["version"] = "1.1" }) }, ingest.Options{}, 1, nil},
		{"parts folded and merged", func(t *testing.T) []byte { return doc(t, withParts) }, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, len(b.Surfaces) == 12 && len(b.Attributes["parts"].([]any)) == 2, "%d surfaces, parts %v", len(b.Surfaces), b.Attributes["parts"])
			want(t, math.Abs(areaM2(b.Footprint)-200) < 1, "footprint %.2f m², want the two parts' 200", areaM2(b.Footprint))
		}},
		{"orphan part", func(t *testing.T) []byte {
			return doc(t, func(d map[string]any) {
				object(d, "b1")["type"] = "BuildingPart"
				object(d, "b1")["parents"] = []any{"elsewhere"}
			})
		}, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, b.Parent == "t:elsewhere" && b.Attributes["cityjson_type"] == "BuildingPart", "parent %q, attributes %v", b.Parent, b.Attributes)
		}},
		{"multisolid", func(t *testing.T) []byte {
			return doc(t, func(d map[string]any) {
				g := geom(d, "b1")
				g["type"], g["boundaries"] = "MultiSolid", []any{g["boundaries"], []any{shell(8)}}
				g["semantics"].(map[string]any)["values"] = []any{boxSemantics()["values"], nil}
			})
		}, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, len(b.Surfaces) == 12 && b.Surfaces[6].Type == "", "%d surfaces, 7th typed %q", len(b.Surfaces), b.Surfaces[6].Type)
			want(t, math.Abs(areaM2(b.Footprint)-100) < 0.5, "footprint %.2f m², want the largest solid's 100", areaM2(b.Footprint))
		}},
		{"composite surface without semantics", func(t *testing.T) []byte {
			return doc(t, func(d map[string]any) {
				g := geom(d, "b1")
				g["type"], g["boundaries"] = "CompositeSurface", shell(0)
				delete(g, "semantics")
			})
		}, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, math.Abs(areaM2(b.Footprint)-100) < 0.5 && b.RoofShape == twin.RoofUnknown, "footprint %.2f m², roof %q", areaM2(b.Footprint), b.RoofShape)
		}},
		{"gabled", func(t *testing.T) []byte { return doc(t, gabledHouse) }, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, b.RoofShape == twin.RoofGabled && math.Abs(b.EaveM-4) < 1e-9 && math.Abs(b.RoofM-7) < 1e-9, "roof %q eave %.2f ridge %.2f", b.RoofShape, b.EaveM, b.RoofM)
		}},
		{"lod fallback below", func(t *testing.T) []byte { return doc(t, nil) }, ingest.Options{LoD: "2.2"}, 1, func(t *testing.T, b *twin.Building) {
			want(t, b.LoD == "2", "lod %q", b.LoD)
		}},
		{"seq", func(t *testing.T) []byte { return seq(t, doc2(withParts), []string{"b1", "p1", "p2"}, []string{"r1"}) }, ingest.Options{}, 1, func(t *testing.T, b *twin.Building) {
			want(t, len(b.Surfaces) == 12, "%d surfaces", len(b.Surfaces))
		}},
		{"seq of two", func(t *testing.T) []byte {
			d := newDoc()
			objects(d)["b2"] = map[string]any{"type": "Building", "geometry": []any{solidGeometry(8, "1.2")}}
			return seq(t, d, []string{"b1"}, []string{"b2"})
		}, ingest.Options{}, 2, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Dataset = "t"
			c, crs, err := read(memSource("test.city.json", tc.data(t)), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if crs != "EPSG:7415" || len(c.Buildings) != tc.count {
				t.Fatalf("crs %q, %d buildings, want EPSG:7415 and %d", crs, len(c.Buildings), tc.count)
			}
			if tc.check != nil {
				tc.check(t, c.Buildings[0])
			}
		})
	}
}

func doc2(edit func(map[string]any)) map[string]any {
	d := newDoc()
	edit(d)
	return d
}

func want(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}

func TestProgress(t *testing.T) {
	data := doc(t, nil)
	var last int64
	var c ingest.Collector
	opts := ingest.Options{Dataset: "t", Progress: func(n int64) { last = n }}
	if _, err := Read(context.Background(), memSource("p.city.json", data), opts, &c); err != nil {
		t.Fatal(err)
	}
	if last != int64(len(data)) {
		t.Errorf("progress ended at %d bytes, want %d", last, len(data))
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, head string
		want             bool
	}{
		{"extension", "a.city.json", "", true},
		{"seq extension", "a.CITY.JSONL", "", true},
		{"type first", "a.json", `{"type": "CityJSON", "version": "2.0"}`, true},
		{"city objects first", "a.json", `{"CityObjects":{"x":{}}}`, true},
		{"seq header", "a.jsonl", "\ufeff" + `{"type":"CityJSON","version":"2.0","transform":{}}`, true},
		{"geojson", "a.json", `{"type":"FeatureCollection","features":[]}`, false},
		{"not json", "a.txt", "CityJSON", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.file, []byte(tc.head)); got != tc.want {
				t.Errorf("Detect = %v, want %v", got, tc.want)
			}
		})
	}
}
