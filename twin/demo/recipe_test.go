package demo

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citytwin/citytwin/assets"
	"github.com/citytwin/citytwin/twin/ingest"
)

func embeddedRecipe(t testing.TB) string {
	t.Helper()
	data, err := assets.FS.ReadFile(RecipePath)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestLoadRecipe(t *testing.T) {
	good := embeddedRecipe(t)
	for _, tc := range []struct {
		name    string
		data    string
		mention string // "" if the recipe is good
	}{
		{"embedded", good, ""},
		{"unknown key", strings.Replace(good, `"blocks_x"`, `"blocks_xx"`, 1), "unknown field"},
		{"not json", "{", "unexpected EOF"},
		{"too many blocks", strings.Replace(good, `"blocks_x": 6`, `"blocks_x": 60`, 1), "blocks_x"},
		{"negative frontage", strings.Replace(good, `"frontage_m": [14, 34]`, `"frontage_m": [-14, 34]`, 1), "frontage_m"},
		{"reversed floors", strings.Replace(good, `"floors": [3, 6]`, `"floors": [6, 3]`, 1), "floors"},
		{"no power materials", strings.Replace(good, `{"name": "concrete_duct", "years": [1950, 1990]},
        {"name": "hdpe_duct_bank", "years": [1985, 2024]}`, ``, 1), "power materials: empty"},
		{"water main in the façade", strings.Replace(good, `"offset_m": 5.0`, `"offset_m": 9.0`, 1), "water offset_m"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.data == good && tc.name != "embedded" {
				t.Fatal("test case did not change the recipe")
			}
			_, err := LoadRecipe(fstest.MapFS{"r.json": {Data: []byte(tc.data)}}, "r.json")
			switch {
			case tc.mention == "" && err != nil:
				t.Fatalf("LoadRecipe: %v", err)
			case tc.mention != "" && (err == nil || !strings.Contains(err.Error(), tc.mention)):
				t.Fatalf("err = %v, want it to mention %q", err, tc.mention)
			case err != nil && !strings.HasPrefix(err.Error(), "demo: "):
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
	if _, err := LoadRecipe(fstest.MapFS{}, "missing.json"); err == nil {
		t.Error("LoadRecipe of a missing file succeeded")
	}
}

// FuzzLoadRecipe feeds mutated recipes to LoadRecipe and, when one loads,
// generates a small district from it: neither may panic or hang.
func FuzzLoadRecipe(f *testing.F) {
	good := embeddedRecipe(f)
	f.Add(good)
	f.Add(strings.Replace(good, `"block_m": [115, 150]`, `"block_m": [200, 200]`, 1))
	f.Add(strings.Replace(good, `"tower_blocks": 2`, `"tower_blocks": 20`, 1))
	f.Add(strings.Replace(good, `"spacing_m": 80`, `"spacing_m": 10`, 1))
	f.Add(`{"origin": {"lon": 0, "lat": 0}}`)
	f.Fuzz(func(t *testing.T, data string) {
		r, err := LoadRecipe(fstest.MapFS{"r.json": {Data: []byte(data)}}, "r.json")
		if err != nil {
			return
		}
		var c ingest.Collector
		_, _ = Generate(context.Background(), Options{Seed: 1, BlocksX: 2, BlocksY: 2, Recipe: r}, &c)
	})
}

// FuzzGenerate varies the seed, the grid and the main sizes of a valid
// recipe: whatever passes the recipe check must generate without panic and
// with every feature valid (the Collector validates).
func FuzzGenerate(f *testing.F) {
	base, err := DefaultRecipe()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(int64(1), uint8(6), uint8(5), 14.0, 34.0, 12.0, 16.0, 20.0, 80.0)
	f.Add(int64(-7), uint8(1), uint8(1), 6.0, 6.0, 8.0, 8.0, 16.0, 10.0)
	f.Add(int64(99), uint8(3), uint8(4), 40.0, 80.0, 20.0, 25.0, 40.0, 0.0)
	f.Fuzz(func(t *testing.T, seed int64, bx, by uint8, frLo, frHi, dLo, dHi, street, spacing float64) {
		r := *base
		r.Buildings.FrontageM, r.Buildings.DepthM = Range{frLo, frHi}, Range{dLo, dHi}
		r.Grid.StreetM = Range{street, street}
		r.Utilities.Power.SpacingM = spacing
		if r.check() != nil {
			return
		}
		var c ingest.Collector
		opts := Options{Seed: seed, BlocksX: int(bx%4) + 1, BlocksY: int(by%4) + 1, Recipe: &r}
		if _, err := Generate(context.Background(), opts, &c); err != nil {
			t.Fatalf("Generate(%+v): %v", opts, err)
		}
	})
}
