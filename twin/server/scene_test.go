package server_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/citytwin/citytwin/twin/server"
)

type layerJSON struct {
	Name     string         `json:"name"`
	Kind     string         `json:"kind"`
	Network  string         `json:"network"`
	Features map[string]int `json:"features"`
	Tileset  string         `json:"tileset"`
	BuiltSeq int64          `json:"built_seq"`
	UpToDate bool           `json:"up_to_date"`
}

func getLayers(t *testing.T, f *fixture) map[string]layerJSON {
	t.Helper()
	resp, body := f.get(t, "/api/v1/layers")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var v struct{ Layers []layerJSON }
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Layers) == 0 || v.Layers[0].Name != "buildings" {
		t.Errorf("buildings is not the first layer: %s", body)
	}
	out := map[string]layerJSON{}
	for _, l := range v.Layers {
		out[l.Name] = l
	}
	return out
}

func TestLayers(t *testing.T) {
	f := newFixture(t, true, server.Options{})
	counts := map[string]map[string]int{}
	for _, x := range f.allFeatures(t) {
		if counts[x.Layer()] == nil {
			counts[x.Layer()] = map[string]int{}
		}
		counts[x.Layer()][string(x.Kind())+"s"]++
		counts[x.Layer()]["total"]++
	}
	layers := getLayers(t, f)
	if len(layers) != len(counts) {
		t.Errorf("%d layers, want %d", len(layers), len(counts))
	}
	for name, want := range counts {
		t.Run(name, func(t *testing.T) {
			l := layers[name]
			for k, n := range want {
				if l.Features[k] != n {
					t.Errorf("%s: %d, want %d", k, l.Features[k], n)
				}
			}
			kind, network := "utility", name
			if name == "buildings" {
				kind, network = "building", ""
			}
			if l.Kind != kind || l.Network != network || !l.UpToDate || l.BuiltSeq == 0 {
				t.Errorf("layer %+v", l)
			}
			if resp, body := f.get(t, l.Tileset); resp.StatusCode != 200 {
				t.Errorf("tileset %s: %d %s", l.Tileset, resp.StatusCode, body)
			}
		})
	}
	// A new building makes the buildings layer stale, and no other.
	f.addBuilding(t, 170)
	layers = getLayers(t, f)
	if layers["buildings"].UpToDate || !layers["water"].UpToDate || layers["buildings"].Features["buildings"] != counts["buildings"]["buildings"]+1 {
		t.Errorf("after a change: buildings %+v, water %+v", layers["buildings"], layers["water"])
	}
	resp, body := f.get(t, "/readyz")
	var rd struct {
		Stale       bool     `json:"stale"`
		StaleLayers []string `json:"stale_layers"`
	}
	if err := json.Unmarshal(body, &rd); err != nil || resp.StatusCode != 200 || !rd.Stale ||
		len(rd.StaleLayers) != 1 || rd.StaleLayers[0] != "buildings" {
		t.Errorf("readyz with stale tiles: %d %s", resp.StatusCode, body)
	}
}

func TestScene(t *testing.T) {
	f := newFixture(t, true, server.Options{})
	resp, body := f.get(t, "/api/v1/scene")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var sc struct {
		Extent struct{ Min, Max [3]float64 }
		Center [3]float64
		Ground float64 `json:"ground_m"`
		Home   struct {
			Lon, Lat, Height float64
			Pitch            float64 `json:"pitch_deg"`
		}
		Tileset   string
		Layers    []layerJSON
		Synthetic bool
		Tiles     struct {
			Built bool
			Stale bool
		}
	}
	if err := json.Unmarshal(body, &sc); err != nil {
		t.Fatal(err)
	}
	mid := (sc.Extent.Min[1] + sc.Extent.Max[1]) / 2
	checks := []struct {
		name string
		ok   bool
	}{
		{"ground at the demo's 150 m", math.Abs(sc.Ground-150) < 1},
		{"extent", sc.Extent.Min[0] > 37.6 && sc.Extent.Max[0] < 37.64 && sc.Extent.Min[1] > 55.74 && sc.Extent.Max[1] < 55.76},
		{"centre in the extent", sc.Center[0] > sc.Extent.Min[0] && sc.Center[0] < sc.Extent.Max[0] && sc.Center[2] == sc.Ground},
		{"home south of the centre", sc.Home.Lat < mid && sc.Home.Lon == sc.Center[0]},
		{"home above the ground, looking down", sc.Home.Height > sc.Ground+100 && sc.Home.Pitch < 0},
		{"root tileset", sc.Tileset == "/tiles/tileset.json"},
		{"layers", len(sc.Layers) >= 8},
		{"synthetic", sc.Synthetic},
		{"tiles", sc.Tiles.Built && !sc.Tiles.Stale},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: %s", c.name, body)
		}
	}
}
