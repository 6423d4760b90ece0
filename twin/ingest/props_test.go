package ingest_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

func TestPropsLookup(t *testing.T) {
	p := ingest.Props{
		"DIAMETER": 300.0, "Depth": "", "depth_m": "   ", "status": nil,
		"Material": "PVC", "material": "steel", "year": 0.0, "Flag": false,
	}
	cases := []struct {
		name, names string
		key         string
		v           any
		ok          bool
	}{
		{"case-insensitive", "diameter", "DIAMETER", 300.0, true},
		{"second alternative", "diameter_mm|Diameter", "DIAMETER", 300.0, true},
		{"first alternative wins", "material|diameter", "material", "steel", true},
		{"exact case preferred", "Material", "Material", "PVC", true},
		{"empty strings skipped", "depth|depth_m|diameter", "DIAMETER", 300.0, true},
		{"nil skipped", "status", "", nil, false},
		{"zero is a value", "year", "year", 0.0, true},
		{"false is a value", "flag", "Flag", false, true},
		{"missing", "colour|color", "", nil, false},
		{"no names", "", "", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key, v, ok := p.Lookup(tc.names)
			if key != tc.key || v != tc.v || ok != tc.ok {
				t.Errorf("Lookup(%q) = %q, %v, %v; want %q, %v, %v", tc.names, key, v, ok, tc.key, tc.v, tc.ok)
			}
		})
	}
}

func TestPropsString(t *testing.T) {
	p := ingest.Props{
		"name": "  Main St  ", "dn": 300.0, "ratio": 0.1, "big": 1e21, "count": int64(7),
		"num": json.Number("12.50"), "ok": true, "blank": " ",
	}
	cases := []struct {
		names, want string
		ok          bool
	}{
		{"NAME", "Main St", true},
		{"dn", "300", true},
		{"ratio", "0.1", true},
		{"big", "1000000000000000000000", true},
		{"count", "7", true},
		{"num", "12.50", true},
		{"ok", "true", true},
		{"blank", "", false},
		{"none", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.names, func(t *testing.T) {
			got, ok := p.String(tc.names)
			if got != tc.want || ok != tc.ok {
				t.Errorf("String(%q) = %q, %v; want %q, %v", tc.names, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestPropsNumber(t *testing.T) {
	cases := []struct {
		name string
		v    any
		want float64
		ok   bool
		err  []string // substrings of the error, nil for none
	}{
		{"float64", 12.5, 12.5, true, nil},
		{"float32", float32(0.5), 0.5, true, nil},
		{"int", 7, 7, true, nil},
		{"int64", int64(-3), -3, true, nil},
		{"json number", json.Number("1e3"), 1000, true, nil},
		{"string", " 12.5 ", 12.5, true, nil},
		{"decimal comma", "12,5", 12.5, true, nil},
		{"metres suffix", "12 m", 12, true, nil},
		{"metres suffix no space", "12m", 12, true, nil},
		{"negative", "-0.75", -0.75, true, nil},
		{"empty string", "", 0, false, nil},
		{"nil", nil, 0, false, nil},
		{"word", "deep", 0, false, []string{"property Value", `"deep"`, "not a number"}},
		{"millimetres suffix", "300 mm", 0, false, []string{"property Value", `"300 mm"`}},
		{"thousands and decimals", "1,234.5", 0, false, []string{"not a number"}},
		{"bad json number", json.Number("x"), 0, false, []string{"property Value", "not a number"}},
		{"bool", true, 0, false, []string{"property Value", "true is not a number"}},
		{"list", []any{1.0}, 0, false, []string{"not a number"}},
		{"NaN string", "NaN", 0, false, []string{"property Value", "not a finite number"}},
		{"infinite string", "-Inf", 0, false, []string{"not a finite number"}},
		{"NaN float", math.NaN(), 0, false, []string{"not a finite number"}},
		{"overflow", "1e999", 0, false, []string{"not a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok, err := ingest.Props{"Value": tc.v}.Number("value")
			if tc.err != nil {
				wantErr(t, err, tc.err...)
				return
			}
			if err != nil || got != tc.want || ok != tc.ok {
				t.Errorf("Number = %v, %v, %v; want %v, %v, nil", got, ok, err, tc.want, tc.ok)
			}
		})
	}
}

func TestPropsMetres(t *testing.T) {
	cases := []struct {
		unit string
		v    any
		want float64
	}{
		{"mm", 250.0, 0.25},
		{"mm", 9.0, 0.009},
		{"millimetre", "110", 0.11},
		{"cm", 35.0, 0.35},
		{"m", 2.0, 2},
		{"M", "2,5", 2.5},
		{"", 3.0, 3},
		{"metres", 1.0, 1},
		{"in", 12.0, 0.3048},
		{"inch", 6.0, 0.1524},
		{"ft", 10.0, 3.048},
		{"feet", "1", 0.3048},
		{"us-ft", 3937.0, 1200},
		{"US survey foot", 1.0, 1200.0 / 3937},
	}
	for _, tc := range cases {
		t.Run(tc.unit, func(t *testing.T) {
			got, ok, err := ingest.Props{"d": tc.v}.Metres(ingest.Quantity{Property: "D", Unit: tc.unit})
			if err != nil || !ok {
				t.Fatalf("Metres = %v, %v, %v", got, ok, err)
			}
			if math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Metres(%v %s) = %v, want %v", tc.v, tc.unit, got, tc.want)
			}
		})
	}
	t.Run("conversion noise rounded", func(t *testing.T) {
		for _, tc := range []struct {
			cm   float64
			unit string
			want float64
		}{{35, "cm", 0.35}, {41, "cm", 0.41}, {12, "in", 0.3048}, {36, "mm", 0.036}} {
			got, _, _ := ingest.Props{"d": tc.cm}.Metres(ingest.Quantity{Property: "d", Unit: tc.unit})
			if got != tc.want {
				t.Errorf("%v %s = %v m, want exactly %v", tc.cm, tc.unit, got, tc.want)
			}
		}
	})
	t.Run("unknown unit", func(t *testing.T) {
		_, _, err := ingest.Props{"d": 1.0}.Metres(ingest.Quantity{Property: "d", Unit: "furlong"})
		wantErr(t, err, `unknown unit "furlong"`, "us-ft")
	})
	t.Run("missing property", func(t *testing.T) {
		v, ok, err := ingest.Props{}.Metres(ingest.Quantity{Property: "d", Unit: "furlong"})
		if v != 0 || ok || err != nil {
			t.Errorf("Metres = %v, %v, %v; want 0, false, nil", v, ok, err)
		}
	})
	t.Run("not a number", func(t *testing.T) {
		_, _, err := ingest.Props{"DN": "wide"}.Metres(ingest.Quantity{Property: "dn", Unit: "mm"})
		wantErr(t, err, "property DN", `"wide"`)
	})
}

func FuzzPropsNumber(f *testing.F) {
	for _, s := range []string{"12", "12,5", "12 m", "-0.5m", "1e999", "NaN", "0x1p4", "1_000", " ", "m", ",", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok, err := ingest.Props{"v": s}.Number("v")
		if err != nil && ok {
			t.Fatalf("Number(%q) = %v, ok with error %v", s, v, err)
		}
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("Number(%q) = %v, ok", s, v)
		}
		if _, mok, merr := (ingest.Props{"v": s}).Metres(ingest.Quantity{Property: "v", Unit: "ft"}); mok != ok || (merr == nil) != (err == nil) {
			t.Fatalf("Metres(%q) = %v, %v; Number gave %v, %v", s, mok, merr, ok, err)
		}
	})
}
