package viewer

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// The demo features TestViewerApp clicks, found through the server's
// search API.

// demoPoint is a building of the demo and a point inside its footprint at
// roof height, where a click must select it.
type demoPoint struct {
	ID     string  `json:"id"`
	Lon    float64 `json:"lon"`
	Lat    float64 `json:"lat"`
	Height float64 `json:"height"`
}

// geoFeature is a feature of the server's GeoJSON search answers.
type geoFeature struct {
	ID         string         `json:"id"`
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// searchFeatures runs /api/v1/features?query on the server.
func searchFeatures(t *testing.T, base, query string) []geoFeature {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/features?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/api/v1/features?%s: %s", query, resp.Status)
	}
	var fc struct {
		Features []geoFeature `json:"features"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		t.Fatalf("/api/v1/features?%s: %v", query, err)
	}
	return fc.Features
}

// demoBuilding returns the first building of the server whose footprint
// centroid lies inside the footprint, at roof height.
func demoBuilding(t *testing.T, base string) demoPoint {
	t.Helper()
	fs := searchFeatures(t, base, "layer=buildings&limit=50")
	for _, f := range fs {
		var rings [][][]float64
		if f.Geometry.Type != "Polygon" || json.Unmarshal(f.Geometry.Coordinates, &rings) != nil || len(rings) == 0 {
			continue
		}
		id, _ := f.Properties["id"].(string)
		roof, _ := f.Properties["roof_m"].(float64)
		if c, ok := interiorCentroid(rings); ok && id != "" {
			return demoPoint{ID: id, Lon: c[0], Lat: c[1], Height: roof}
		}
	}
	t.Fatalf("none of %d buildings has a footprint containing its centroid", len(fs))
	return demoPoint{}
}

// demoPipe returns the middle of the axis of a straight water pipe of at
// least 150 mm (wide enough to click from 40 m).
func demoPipe(t *testing.T, base string) demoPoint {
	t.Helper()
	fs := searchFeatures(t, base, "layer=water&kind=segment&limit=300")
	for _, f := range fs {
		var line [][]float64
		if f.Geometry.Type != "LineString" || json.Unmarshal(f.Geometry.Coordinates, &line) != nil || len(line) != 2 {
			continue
		}
		d, _ := f.Properties["diameter_mm"].(float64)
		id, _ := f.Properties["id"].(string)
		if d >= 150 && id != "" && len(line[0]) == 3 && len(line[1]) == 3 {
			return demoPoint{ID: id, Lon: (line[0][0] + line[1][0]) / 2, Lat: (line[0][1] + line[1][1]) / 2, Height: (line[0][2] + line[1][2]) / 2}
		}
	}
	t.Fatalf("no straight water pipe of 150 mm or more among %d segments", len(fs))
	return demoPoint{}
}

// interiorCentroid returns the area centroid of a polygon's outer ring
// when it lies inside the polygon (outside every hole).
func interiorCentroid(rings [][][]float64) ([2]float64, bool) {
	var a, cx, cy float64
	r := rings[0]
	for i := range r {
		j := (i + 1) % len(r)
		if len(r[i]) < 2 || len(r[j]) < 2 {
			return [2]float64{}, false
		}
		cross := r[i][0]*r[j][1] - r[j][0]*r[i][1]
		a += cross
		cx += (r[i][0] + r[j][0]) * cross
		cy += (r[i][1] + r[j][1]) * cross
	}
	if a == 0 {
		return [2]float64{}, false
	}
	c := [2]float64{cx / (3 * a), cy / (3 * a)}
	if !inRing(c, r) {
		return c, false
	}
	for _, hole := range rings[1:] {
		if inRing(c, hole) {
			return c, false
		}
	}
	return c, true
}

// inRing is the even-odd point-in-ring test.
func inRing(p [2]float64, r [][]float64) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		if (r[i][1] > p[1]) != (r[j][1] > p[1]) &&
			p[0] < (r[j][0]-r[i][0])*(p[1]-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
			in = !in
		}
	}
	return in
}

// TestViewerInteriorCentroid checks the choice of the building to click.
func TestViewerInteriorCentroid(t *testing.T) {
	square := [][]float64{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	lShape := [][]float64{{0, 0}, {10, 0}, {10, 1}, {1, 1}, {1, 10}, {0, 10}, {0, 0}}
	hole := [][]float64{{0.5, 0.5}, {0.5, 1.5}, {1.5, 1.5}, {1.5, 0.5}, {0.5, 0.5}}
	cases := []struct {
		name  string
		rings [][][]float64
		want  [2]float64
		ok    bool
	}{
		{"square", [][][]float64{square}, [2]float64{1, 1}, true},
		{"L outside", [][][]float64{lShape}, [2]float64{0, 0}, false},
		{"courtyard", [][][]float64{square, hole}, [2]float64{0, 0}, false},
		{"degenerate", [][][]float64{{{0, 0}, {1, 1}, {0, 0}}}, [2]float64{0, 0}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := interiorCentroid(tc.rings)
			if ok != tc.ok || (ok && fmt.Sprint(c) != fmt.Sprint(tc.want)) {
				t.Errorf("got %v %v, want %v %v", c, ok, tc.want, tc.ok)
			}
		})
	}
}
