package twin_test

import (
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

func TestParseNetwork(t *testing.T) {
	cases := []struct {
		in   string
		want twin.Network
	}{
		{"water", twin.NetworkWater}, {"Potable", twin.NetworkWater}, {"drinking_water", twin.NetworkWater}, {"WATER_MAIN", twin.NetworkWater},
		{"sewer", twin.NetworkSewer}, {"sewage", twin.NetworkSewer}, {"Wastewater", twin.NetworkSewer}, {"foul", twin.NetworkSewer}, {"sanitary", twin.NetworkSewer},
		{"storm", twin.NetworkStorm}, {"stormwater", twin.NetworkStorm}, {"storm_water", twin.NetworkStorm}, {"drain", twin.NetworkStorm}, {"Drainage", twin.NetworkStorm},
		{"gas", twin.NetworkGas}, {"natural_gas", twin.NetworkGas},
		{"power", twin.NetworkPower}, {"Electric", twin.NetworkPower}, {"electricity", twin.NetworkPower}, {"electrical", twin.NetworkPower},
		{"telecom", twin.NetworkTelecom}, {"telecommunication", twin.NetworkTelecom}, {"telecommunications", twin.NetworkTelecom},
		{"communication", twin.NetworkTelecom}, {"fibre", twin.NetworkTelecom}, {"FIBER", twin.NetworkTelecom},
		{"heating", twin.NetworkHeating}, {"district_heating", twin.NetworkHeating}, {"heat", twin.NetworkHeating},
		{"other", twin.NetworkOther}, {"", twin.NetworkOther}, {"  gas\t", twin.NetworkGas},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := twin.ParseNetwork(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("ParseNetwork(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	for _, n := range twin.Networks {
		t.Run("canonical "+string(n), func(t *testing.T) {
			if got, err := twin.ParseNetwork(string(n)); err != nil || got != n {
				t.Errorf("ParseNetwork(%q) = %q, %v", n, got, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name  string
		parse func(string) (string, error)
		in    string
		want  []string
	}{
		{"network", parseAs(twin.ParseNetwork), "lava", []string{"twin: unknown network", `"lava"`, "water"}},
		{"network with underscore missing", parseAs(twin.ParseNetwork), "natural gas", []string{`"natural gas"`}},
		{"status", parseAs(twin.ParseStatus), "broken", []string{"twin: unknown status", `"broken"`, "existing, planned or abandoned"}},
		{"node kind", parseAs(twin.ParseNodeKind), "spaceship", []string{"twin: unknown node kind", `"spaceship"`, "manhole"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.parse(tc.in)
			if err == nil {
				t.Fatalf("parse(%q) = %q, nil; want an error", tc.in, got)
			}
			if got != "" {
				t.Errorf("parse(%q) returned %q with its error, want \"\"", tc.in, got)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// parseAs adapts a Parse function of a string type to one returning string.
func parseAs[T ~string](parse func(string) (T, error)) func(string) (string, error) {
	return func(s string) (string, error) {
		v, err := parse(s)
		return string(v), err
	}
}

func TestParseStatus(t *testing.T) {
	cases := []struct {
		in   string
		want twin.Status
	}{
		{"existing", twin.StatusExisting}, {"Active", twin.StatusExisting}, {"in service", twin.StatusExisting},
		{"IN_SERVICE", twin.StatusExisting}, {"inservice", twin.StatusExisting}, {"", twin.StatusExisting}, {" ok ", twin.StatusExisting},
		{"planned", twin.StatusPlanned}, {"Proposed", twin.StatusPlanned}, {"design", twin.StatusPlanned}, {"future", twin.StatusPlanned},
		{"abandoned", twin.StatusAbandoned}, {"inactive", twin.StatusAbandoned}, {"removed", twin.StatusAbandoned},
		{"disused", twin.StatusAbandoned}, {"Out of Service", twin.StatusAbandoned},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := twin.ParseStatus(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("ParseStatus(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseNodeKind(t *testing.T) {
	cases := []struct {
		in   string
		want twin.NodeKind
	}{
		{"Manhole", twin.NodeManhole}, {" VALVE ", twin.NodeValve}, {"service connection", twin.NodeService},
		{"Service_Connection", twin.NodeService}, {"service", twin.NodeService}, {"connection", twin.NodeService},
		{"house connection", twin.NodeService}, {"", twin.NodeJunction}, {"node", twin.NodeJunction},
		{"joint", twin.NodeJunction}, {"fitting", twin.NodeJunction},
	}
	for _, k := range twin.NodeKinds {
		cases = append(cases, struct {
			in   string
			want twin.NodeKind
		}{string(k), k})
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := twin.ParseNodeKind(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("ParseNodeKind(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestFeatureID(t *testing.T) {
	cases := []struct{ dataset, source, want string }{
		{"city", "42", "city:42"},
		{"city", "a:b", "city:a:b"},
		{"pipes-2024", "", "pipes-2024:"},
		{"d", "#3", "d:#3"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := twin.FeatureID(tc.dataset, tc.source); got != tc.want {
				t.Errorf("FeatureID(%q, %q) = %q, want %q", tc.dataset, tc.source, got, tc.want)
			}
		})
	}
}

func TestKindsAndLayers(t *testing.T) {
	cases := []struct {
		name  string
		f     twin.Feature
		kind  twin.Kind
		layer string
	}{
		{"building", validBuilding(), twin.KindBuilding, "buildings"},
		{"segment", validSegment(), twin.KindSegment, "water"},
		{"node", validNode(), twin.KindNode, "sewer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f.Kind() != tc.kind || tc.f.Layer() != tc.layer {
				t.Errorf("kind %q layer %q, want %q %q", tc.f.Kind(), tc.f.Layer(), tc.kind, tc.layer)
			}
			if h := tc.f.Head(); h.ID != twin.FeatureID(h.Dataset, h.SourceID) {
				t.Errorf("Head().ID = %q", h.ID)
			}
			tc.f.Head().Attributes = twin.Attributes{"k": "v"}
			if tc.f.Head().Attributes["k"] != "v" {
				t.Error("Head does not point into the feature")
			}
		})
	}
	if h := validBuilding().HeightM(); h != 12 {
		t.Errorf("HeightM = %v, want 12", h)
	}
}
