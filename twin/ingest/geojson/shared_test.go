package geojson

import (
	"context"
	"math"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

func TestReadSharedData(t *testing.T) {
	tests := []struct {
		name, file, mapping, crs   string
		buildings, segments, nodes int
	}{
		{"ky4 pipes", "utilities/wntr_ky4/ky4_pipes.geojson", "ky4-pipes.json", "EPSG:3547", 0, 1156, 0},
		{"ky4 junctions", "utilities/wntr_ky4/ky4_junctions.geojson", "ky4-junctions.json", "EPSG:3547", 0, 0, 959},
		{"ky4 tanks", "utilities/wntr_ky4/ky4_tanks.geojson", "ky4-tanks.json", "EPSG:3547", 0, 0, 4},
		{"ky4 pumps", "utilities/wntr_ky4/ky4_pumps.geojson", "ky4-pumps.json", "EPSG:3547", 0, 0, 2},
		{"ky4 reservoirs", "utilities/wntr_ky4/ky4_reservoirs.geojson", "ky4-reservoirs.json", "EPSG:3547", 0, 0, 1},
		{"monaco buildings", "osm/derived/monaco-2021-04-19-buildings.geojson", "", "EPSG:4326", 1232, 0, 0},
		{"andorra buildings", "osm/derived/andorra-2018-03-01-buildings.geojson", "", "EPSG:4326", 2999, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := ingest.Options{Dataset: "d"}
			if tc.mapping != "" {
				opts.Mapping = mapping(t, tc.mapping)
			}
			c := &collector{}
			crs, err := Read(context.Background(), fileSource(t, sharedFile(t, tc.file)), opts, c)
			if err != nil {
				t.Fatal(err)
			}
			if crs != tc.crs {
				t.Errorf("crs %q, want %q", crs, tc.crs)
			}
			got := [3]int{len(c.Buildings), len(c.Segments), len(c.Nodes)}
			if want := [3]int{tc.buildings, tc.segments, tc.nodes}; got != want {
				t.Errorf("buildings, segments, nodes = %v, want %v", got, want)
			}
			if len(c.warnings) > 0 {
				t.Errorf("%d warnings, first: %v", len(c.warnings), c.warnings[0])
			}
		})
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestKY4SpotChecks(t *testing.T) {
	read := func(t *testing.T, file, m string) *collector {
		c := &collector{}
		opts := ingest.Options{Dataset: "ky4", Mapping: mapping(t, m)}
		if _, err := Read(context.Background(), fileSource(t, sharedFile(t, file)), opts, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Run("pipe P-1", func(t *testing.T) {
		c := read(t, "utilities/wntr_ky4/ky4_pipes.geojson", "ky4-pipes.json")
		s := c.Segments[0]
		if s.ID != "ky4:P-1" || s.StartNode != "ky4:J-1" || s.EndNode != "ky4:J-34" {
			t.Errorf("ids %q %q %q", s.ID, s.StartNode, s.EndNode)
		}
		if !near(s.DiameterMM, 152.4, 1e-9) || s.Network != twin.NetworkWater {
			t.Errorf("diameter %v mm, network %v; want 152.4 (6 in), water", s.DiameterMM, s.Network)
		}
		// Kentucky: EPSG:3547 is the Kentucky single zone, US survey feet.
		p := s.Centreline[0]
		if p[0] < -89.6 || p[0] > -81.9 || p[1] < 36.4 || p[1] > 39.2 {
			t.Errorf("first point %v is not in Kentucky", p)
		}
		if s.Vertical != twin.VerticalDepth || !near(s.DepthM, 1.8, 1e-9) || !near(p[2], -1.8, 1e-9) {
			t.Errorf("vertical %v depth %v z %v, want the water default 1.8 m", s.Vertical, s.DepthM, p[2])
		}
	})
	t.Run("junction J-1", func(t *testing.T) {
		c := read(t, "utilities/wntr_ky4/ky4_junctions.geojson", "ky4-junctions.json")
		n := c.Nodes[0]
		// WNTR writes SI units: 611.3897 ft in ky4.inp = 186.3516 m.
		if n.ID != "ky4:J-1" || n.NodeKind != twin.NodeJunction || !near(n.GroundM, 186.35158056, 1e-6) {
			t.Errorf("id %q kind %v ground %v", n.ID, n.NodeKind, n.GroundM)
		}
		if !near(n.Position[2], 186.35158056-1.8, 1e-6) || n.Vertical != twin.VerticalElevation {
			t.Errorf("axis %v (%v), want ground - 1.8 m", n.Position[2], n.Vertical)
		}
		// P-1 starts at J-1: both files share one CRS and one transform.
		p := read(t, "utilities/wntr_ky4/ky4_pipes.geojson", "ky4-pipes.json").Segments[0].Centreline[0]
		if !near(p[0], n.Position[0], 1e-12) || !near(p[1], n.Position[1], 1e-12) {
			t.Errorf("P-1 starts at %v, J-1 is at %v", p, n.Position)
		}
		t.Logf("J-1 at lon %.6f lat %.6f", n.Position[0], n.Position[1])
	})
	t.Run("tank and pump kinds", func(t *testing.T) {
		tank := read(t, "utilities/wntr_ky4/ky4_tanks.geojson", "ky4-tanks.json").Nodes[0]
		pump := read(t, "utilities/wntr_ky4/ky4_pumps.geojson", "ky4-pumps.json").Nodes[0]
		if tank.NodeKind != twin.NodeTank || !near(tank.Position[2], 196.940424, 1e-6) || tank.DepthM != 0 {
			t.Errorf("tank %v at %v depth %v", tank.NodeKind, tank.Position, tank.DepthM)
		}
		if pump.NodeKind != twin.NodePump || pump.SourceID != "~@Pump-1" {
			t.Errorf("pump %v %q", pump.NodeKind, pump.SourceID)
		}
	})
}

func TestMonacoSpotChecks(t *testing.T) {
	c := &collector{}
	file := sharedFile(t, "osm/derived/monaco-2021-04-19-buildings.geojson")
	if _, err := Read(context.Background(), fileSource(t, file), ingest.Options{Dataset: "mc"}, c); err != nil {
		t.Fatal(err)
	}
	sources := map[string]int{}
	for _, b := range c.Buildings {
		sources[b.Attributes["height_source"].(string)]++
		p := b.Footprint[0][0]
		if !near(p[0], 7.42, 0.05) || !near(p[1], 43.74, 0.05) {
			t.Fatalf("building %s at %v is not in Monaco", b.ID, p)
		}
	}
	if sources["height"] == 0 || sources["levels"] == 0 || sources["default"] == 0 {
		t.Errorf("height sources %v, want all three rules used", sources)
	}
	first := c.Buildings[0]
	if first.ID != "mc:#1" || first.Attributes["name"] != "Musée Océanographique" {
		t.Errorf("first building %q %v", first.ID, first.Attributes["name"])
	}
}
