package server

import (
	"testing"
)

func TestParseCondition(t *testing.T) {
	cases := []struct {
		in, name, op, value string
		err                 bool
	}{
		{in: "year>=1990", name: "year", op: ">=", value: "1990"},
		{in: "material=PVC", name: "material", op: "=", value: "PVC"},
		{in: "material!=PVC", name: "material", op: "!=", value: "PVC"},
		{in: "a<=b", name: "a", op: "<=", value: "b"},
		{in: "a<b", name: "a", op: "<", value: "b"},
		{in: "a>b", name: "a", op: ">", value: "b"},
		{in: "street~mostov", name: "street", op: "~", value: "mostov"},
		{in: "addr:full=x=y", name: "addr:full", op: "=", value: "x=y"},
		{in: "name=", name: "name", op: "=", value: ""},
		{in: "year", err: true},
		{in: "=3", err: true},
		{in: "a!b", err: true},
		{in: "", err: true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			c, err := parseCondition(tc.in)
			if (err != nil) != tc.err {
				t.Fatalf("error %v, want error: %v", err, tc.err)
			}
			if !tc.err && (c.name != tc.name || c.op != tc.op || c.value != tc.value) {
				t.Errorf("got %q %q %q", c.name, c.op, c.value)
			}
		})
	}
}

func TestConditionMatch(t *testing.T) {
	props := map[string]any{"year": 1990.0, "floors": 5, "material": "PVC", "yearText": "1985",
		"flag": true, "none": nil, "list": []any{"a", "b"}, "street": "Prospekt Mostovikov"}
	cases := []struct {
		cond string
		want bool
	}{
		{"year>=1990", true}, {"year>1990", false}, {"year<=1990", true}, {"year<2000", true},
		{"year=1990", true}, {"year=1990.0", true}, {"year!=1990", false}, {"year!=abc", true},
		{"year=abc", false}, {"year>abc", false}, {"floors=5", true}, {"floors>4.5", true},
		{"material=PVC", true}, {"material=pvc", false}, {"material!=pvc", true}, {"material~pv", true},
		{"material<Q", true}, {"yearText>1980", true}, {"yearText<1980", false},
		{"flag=true", true}, {"flag=false", false}, {"flag!=false", true}, {"flag>false", false},
		{"none=x", false}, {"none!=x", false}, {"missing!=x", false}, {"missing=", false},
		{`list=["a","b"]`, true}, {"list~\"b\"", true}, {"street~MOSTOV", true}, {"year~199", true},
		{"year=NaN", false},
	}
	for _, tc := range cases {
		t.Run(tc.cond, func(t *testing.T) {
			c, err := parseCondition(tc.cond)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.match(props); got != tc.want {
				t.Errorf("match %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzParseCondition checks that any where parameter parses or fails
// without panicking, and that what parses matches without panicking.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"year>=1990", "a=b", "x~", "!=", "a!b", "<=>", "name=\x00", "é≥=3"} {
		f.Add(s)
	}
	props := map[string]any{"year": 1990.0, "a": "b", "x": []any{1.0}, "m": map[string]any{"k": "v"}, "t": true}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCondition(s)
		if err != nil {
			return
		}
		if c.name == "" || c.op == "" {
			t.Fatalf("%q parsed to an empty name or operator", s)
		}
		c.match(props)
	})
}
