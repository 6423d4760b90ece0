package ingest_test

import (
	"errors"
	"math"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// line2D is a line without measured heights.
func line2D() []geo.Point3 { return []geo.Point3{{4.9, 52.3, 0}, {4.901, 52.3, 0}} }

func rec(props ingest.Props) ingest.Record {
	return ingest.Record{File: "pipes.geojson", SourceID: "7", Props: props}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMappingSegment(t *testing.T) {
	def := ingest.DefaultMapping()
	cases := []struct {
		name  string
		m     *ingest.Mapping
		r     ingest.Record
		line  []geo.Point3
		check func(*testing.T, *twin.UtilitySegment)
	}{
		{"default mapping", def, rec(ingest.Props{"Diameter": 300.0, "depth": "2,5", "material": "PVC", "year": 1987.0,
			"status": "Active", "from": "N1", "to": 2.0, "network": "sewage"}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			want := twin.UtilitySegment{Header: s.Header, Network: twin.NetworkSewer, DiameterMM: 300, DepthM: 2.5, GroundM: 0,
				Vertical: twin.VerticalDepth, Material: "PVC", InstallYear: 1987, Status: twin.StatusExisting,
				StartNode: "d:N1", EndNode: "d:2", Centreline: []geo.Point3{{4.9, 52.3, -2.5}, {4.901, 52.3, -2.5}}}
			if s.ID != "d:7" || s.SourceID != "7" || s.Dataset != "d" || s.Attributes["material"] != "PVC" {
				t.Errorf("header %+v", s.Header)
			}
			checkSegment(t, s, &want)
		}},
		{"diameter mm from m", &ingest.Mapping{Diameter: ingest.Quantity{Property: "DIAM", Unit: "m"}, Width: ingest.Quantity{Property: "w", Unit: "cm"}},
			rec(ingest.Props{"diam": 0.3, "W": 45.0}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
				if s.DiameterMM != 300 || s.WidthMM != 450 {
					t.Errorf("diameter %v mm width %v mm, want 300 450", s.DiameterMM, s.WidthMM)
				}
			}},
		{"diameter mm exact", def, rec(ingest.Props{"dn": 9.0}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if s.DiameterMM != 9 {
				t.Errorf("diameter %v mm, want exactly 9", s.DiameterMM)
			}
		}},
		{"default depth per network", def, rec(ingest.Props{"network": "gas"}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if want := ingest.DefaultDepthsM[twin.NetworkGas]; s.DepthM != want || s.Centreline[1][2] != -want {
				t.Errorf("depth %v axis %v, want %v", s.DepthM, s.Centreline[1][2], want)
			}
		}},
		{"no network is other", def, rec(nil), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if s.Network != twin.NetworkOther || s.DepthM != ingest.DefaultDepthsM[twin.NetworkOther] || s.Status != twin.StatusExisting {
				t.Errorf("network %q depth %v status %q", s.Network, s.DepthM, s.Status)
			}
		}},
		{"mapping default depth", &ingest.Mapping{Network: "power", DefaultDepthM: map[string]float64{"power": 0.5}}, rec(nil), line2D(),
			func(t *testing.T, s *twin.UtilitySegment) {
				if s.Network != twin.NetworkPower || s.DepthM != 0.5 {
					t.Errorf("network %q depth %v, want power 0.5", s.Network, s.DepthM)
				}
			}},
		{"depth property beats default", &ingest.Mapping{Network: "power", Depth: ingest.Quantity{Property: "d", Unit: "cm"},
			DefaultDepthM: map[string]float64{"power": 0.5}}, rec(ingest.Props{"d": 120.0}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if s.DepthM != 1.2 || s.Vertical != twin.VerticalDepth {
				t.Errorf("depth %v %q, want 1.2 depth", s.DepthM, s.Vertical)
			}
		}},
		{"elevation", def, rec(ingest.Props{"elevation": 12.5, "depth": 2.0}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if s.Vertical != twin.VerticalElevation || s.Centreline[0][2] != 10.5 || s.Centreline[1][2] != 10.5 || !near(s.GroundM, 12.5) {
				t.Errorf("vertical %q axis %v ground %v, want elevation 10.5 12.5", s.Vertical, s.Centreline, s.GroundM)
			}
		}},
		{"elevation with default depth", def, rec(ingest.Props{"elevation_m": "20 m", "network": "water"}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if want := 20 - ingest.DefaultDepthsM[twin.NetworkWater]; !near(s.Centreline[0][2], want) {
				t.Errorf("axis %v, want %v", s.Centreline[0][2], want)
			}
		}},
		{"3D keeps z", def, ingest.Record{File: "f", SourceID: "7", Props: ingest.Props{"elevation": 50.0, "depth": 2.0}, Has3D: true},
			[]geo.Point3{{4.9, 52.3, -1}, {4.901, 52.3, -2}}, func(t *testing.T, s *twin.UtilitySegment) {
				if s.Centreline[0][2] != -1 || s.Centreline[1][2] != -2 || s.Vertical != twin.VerticalElevation || s.DepthM != 2 || s.GroundM != 0.5 {
					t.Errorf("centreline %v vertical %q depth %v ground %v", s.Centreline, s.Vertical, s.DepthM, s.GroundM)
				}
			}},
		{"id property and network values", &ingest.Mapping{ID: "guid", NetworkProperty: "NET", NetworkValues: map[string]string{"W": "water"},
			StartNode: "a", EndNode: "b"}, rec(ingest.Props{"GUID": "x-1", "net": "W", "a": "", "b": nil}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if s.ID != "d:x-1" || s.SourceID != "x-1" || s.Network != twin.NetworkWater || s.StartNode != "" || s.EndNode != "" {
				t.Errorf("id %q source %q network %q nodes %q %q", s.ID, s.SourceID, s.Network, s.StartNode, s.EndNode)
			}
		}},
		{"unknown network value falls back to the constant", &ingest.Mapping{Network: "telecom", NetworkProperty: "net"},
			rec(ingest.Props{"net": "mystery"}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
				if s.Network != twin.NetworkTelecom {
					t.Errorf("network %q, want telecom", s.Network)
				}
			}},
		{"year zero is unknown", def, rec(ingest.Props{"year": 0.0}), line2D(), func(t *testing.T, s *twin.UtilitySegment) {
			if s.InstallYear != 0 {
				t.Errorf("install year %d", s.InstallYear)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]geo.Point3(nil), tc.line...)
			s, err := tc.m.Segment("d", tc.r, tc.line)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, s)
			if tc.line[0] != in[0] || tc.line[1] != in[1] {
				t.Errorf("Segment changed its input line: %v", tc.line)
			}
		})
	}
}

func checkSegment(t *testing.T, got, want *twin.UtilitySegment) {
	t.Helper()
	if got.Network != want.Network || got.DiameterMM != want.DiameterMM || got.DepthM != want.DepthM || got.GroundM != want.GroundM ||
		got.Vertical != want.Vertical || got.Material != want.Material || got.InstallYear != want.InstallYear ||
		got.Status != want.Status || got.StartNode != want.StartNode || got.EndNode != want.EndNode {
		t.Errorf("segment\n got %+v\nwant %+v", got, want)
	}
	for i := range want.Centreline {
		if got.Centreline[i] != want.Centreline[i] {
			t.Errorf("centreline %v, want %v", got.Centreline, want.Centreline)
			break
		}
	}
}

func TestMappingSegmentErrors(t *testing.T) {
	def := ingest.DefaultMapping()
	cases := []struct {
		name    string
		m       *ingest.Mapping
		props   ingest.Props
		line    []geo.Point3
		want    []string
		invalid bool // the error wraps twin.ErrInvalidFeature
	}{
		{"year too old", def, ingest.Props{"year": 1500.0}, line2D(), []string{"install year 1500 is not plausible"}, false},
		{"year too new", def, ingest.Props{"install_year": "2500"}, line2D(), []string{"install year 2500"}, false},
		{"year not a number", def, ingest.Props{"YEAR": "old"}, line2D(), []string{"install year", "property YEAR", `"old"`}, false},
		{"bad status", def, ingest.Props{"status": "broken"}, line2D(), []string{`unknown status "broken"`}, false},
		{"bad network", def, ingest.Props{"network": "lava"}, line2D(), []string{`unknown network "lava"`}, false},
		{"bad diameter", def, ingest.Props{"dn": "big"}, line2D(), []string{"diameter", "property dn", `"big"`}, false},
		{"bad width", &ingest.Mapping{Width: ingest.Quantity{Property: "w", Unit: "mm"}}, ingest.Props{"w": true}, line2D(), []string{"width", "property w"}, false},
		{"bad depth", def, ingest.Props{"depth": "deep"}, line2D(), []string{"depth", "property depth"}, false},
		{"bad elevation", def, ingest.Props{"elevation": "high"}, line2D(), []string{"elevation", "property elevation"}, false},
		{"huge diameter", def, ingest.Props{"diameter": 20000.0}, line2D(), []string{"invalid feature", "diameter 20000 mm out of range"}, true},
		{"one point", def, nil, line2D()[:1], []string{"centreline has 1 points"}, true},
		{"projected coordinates", def, nil, []geo.Point3{{121000, 487000, 0}, {121010, 487000, 0}}, []string{"outside WGS84 range"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.m.Segment("d", rec(tc.props), tc.line)
			if s != nil {
				t.Errorf("Segment returned a segment with its error")
			}
			wantErr(t, err, append([]string{"pipes.geojson: feature 7: "}, tc.want...)...)
			wantFeatureError(t, err, "pipes.geojson", "7")
			if got := errors.Is(err, twin.ErrInvalidFeature); got != tc.invalid {
				t.Errorf("errors.Is(err, twin.ErrInvalidFeature) = %v, want %v", got, tc.invalid)
			}
		})
	}
}
