package shapefile

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

func readSet(t *testing.T, name string, files map[string][]byte, opts ingest.Options) (*collector, string, error) {
	t.Helper()
	if opts.Dataset == "" {
		opts.Dataset = "t"
	}
	c := &collector{}
	crs, err := Read(context.Background(), memSource(name, files), opts, c)
	return c, crs, err
}

func TestReadShapes(t *testing.T) {
	nanaimo := &ingest.Mapping{ID: "PIPEID", Network: "water", Diameter: ingest.Quantity{Property: "DIAMETER", Unit: "mm"}}
	tests := []struct {
		name     string
		shapes   []shape
		opts     ingest.Options
		kinds    [3]int // buildings, segments, nodes
		warnings int
	}{
		{"polyline", []shape{pipe("7", line1)}, ingest.Options{Mapping: nanaimo}, [3]int{0, 1, 0}, 0},
		{"polygon", []shape{{typ: typePolygon, parts: square}}, ingest.Options{}, [3]int{1, 0, 0}, 0},
		{"point", []shape{{typ: typePoint, parts: [][][2]float64{{{430727, 5447300}}}}}, ingest.Options{}, [3]int{0, 0, 1}, 0},
		{"null shape skipped", []shape{{typ: typeNull}, pipe("7", line1)}, ingest.Options{}, [3]int{0, 1, 0}, 1},
		{"deleted record skipped", []shape{{typ: typePolyLine, parts: line1, deleted: true}, pipe("7", line1)}, ingest.Options{}, [3]int{0, 1, 0}, 1},
		{"zero-length line skipped", []shape{pipe("7", [][][2]float64{{{430700, 5447300}, {430700, 5447300}}})}, ingest.Options{}, [3]int{0, 0, 0}, 1},
		{"disjoint parts split", []shape{pipe("7", [][][2]float64{line1[0], {{430800, 5447400}, {430810, 5447410}}})}, ingest.Options{Mapping: nanaimo}, [3]int{0, 2, 0}, 0},
		{"duplicate id renamed", []shape{pipe("7", line1), pipe("7", line1)}, ingest.Options{Mapping: nanaimo}, [3]int{0, 2, 0}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, crs, err := readSet(t, "a.shp", build("a", pipeFields, tc.shapes), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if crs != "EPSG:26910" {
				t.Errorf("crs %q", crs)
			}
			if got := [3]int{len(c.Buildings), len(c.Segments), len(c.Nodes)}; got != tc.kinds {
				t.Errorf("buildings, segments, nodes = %v, want %v", got, tc.kinds)
			}
			if len(c.warnings) != tc.warnings {
				t.Errorf("warnings %v, want %d", c.warnings, tc.warnings)
			}
		})
	}
}

func TestReadFields(t *testing.T) {
	s := pipe("61179", line1)
	s.attrs = []string{"61179", "***********", "  PVC  ", "0", ""}
	c, _, err := readSet(t, "a.shp", build("a", pipeFields, []shape{s}), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seg := c.Segments[0]
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"number as float64", seg.Attributes["PIPEID"], 61179.0},
		{"overflowed number is null", seg.Attributes["DIAMETER"], nil},
		{"text trimmed", seg.Attributes["MATERIAL"], "PVC"},
		{"blank date is null", seg.Attributes["LAID"], nil},
		{"year 0 is unknown", seg.InstallYear, 0},
		{"position in Nanaimo", seg.Centreline[0][0] < -123.8 && seg.Centreline[0][0] > -124.1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %v (%T), want %v", tc.got, tc.got, tc.want)
			}
		})
	}
	t.Run("date", func(t *testing.T) {
		c, _, err := readSet(t, "a.shp", build("a", pipeFields, []shape{pipe("1", line1)}), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Segments[0].Attributes["LAID"]; got != "1995-04-12" {
			t.Errorf("date %v, want 1995-04-12", got)
		}
	})
}

func TestReadSiblings(t *testing.T) {
	upper := map[string][]byte{}
	for name, data := range build("B", pipeFields, []shape{pipe("1", line1)}) {
		upper[strings.ToUpper(name)] = data
	}
	t.Run("upper-case extensions", func(t *testing.T) {
		c, crs, err := readSet(t, "B.SHP", upper, ingest.Options{})
		if err != nil || len(c.Segments) != 1 || crs != "EPSG:26910" {
			t.Errorf("err %v, %d segments, crs %q", err, len(c.Segments), crs)
		}
	})
	t.Run("crs option replaces a missing prj", func(t *testing.T) {
		files := build("a", pipeFields, []shape{pipe("1", line1)})
		delete(files, "a.prj")
		_, crs, err := readSet(t, "a.shp", files, ingest.Options{CRS: "EPSG:26910"})
		if err != nil || crs != "EPSG:26910" {
			t.Errorf("err %v crs %q", err, crs)
		}
	})
	t.Run("shx is optional", func(t *testing.T) {
		files := build("a", pipeFields, []shape{pipe("1", line1)})
		delete(files, "a.shx")
		if c, _, err := readSet(t, "a.shp", files, ingest.Options{}); err != nil || len(c.Segments) != 1 {
			t.Errorf("err %v", err)
		}
	})
	t.Run("progress ends at the shp size", func(t *testing.T) {
		files := build("a", pipeFields, []shape{pipe("1", line1)})
		var last int64
		if _, _, err := readSet(t, "a.shp", files, ingest.Options{Progress: func(n int64) { last = n }}); err != nil {
			t.Fatal(err)
		}
		if last != int64(len(files["a.shp"])) {
			t.Errorf("last progress %d, want %d", last, len(files["a.shp"]))
		}
	})
}

func TestCRSFromPRJ(t *testing.T) {
	tests := []struct{ name, wkt, want string }{
		{"nad83 utm 10n", `PROJCS["NAD_1983_UTM_Zone_10N",GEOGCS[...]]`, "EPSG:26910"},
		{"wgs84 utm 33s", `PROJCS["WGS_1984_UTM_Zone_33S",GEOGCS[...]]`, "EPSG:32733"},
		{"etrs89 utm 32n", `PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS[...]]`, "EPSG:25832"},
		{"wgs84", `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]`, "EPSG:4326"},
		{"nad83 zone out of range", `PROJCS["NAD_1983_UTM_Zone_40N",x]`, `PROJCS["NAD_1983_UTM_Zone_40N",x]`},
		{"other wkt passes through", `PROJCS["RD_New",x]`, `PROJCS["RD_New",x]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := crsFromPRJ(tc.wkt); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, head string
		want             bool
	}{
		{"shp with file code", "a.shp", "\x00\x00\x27\x0a\x00", true},
		{"upper case", "A.SHP", "\x00\x00\x27\x0a", true},
		{"shp without head", "a.shp", "", true},
		{"shp with other bytes", "a.shp", "{\"type\"", false},
		{"dbf", "a.dbf", "\x03", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.file, []byte(tc.head)); got != tc.want {
				t.Errorf("Detect = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Read(ctx, memSource("a.shp", build("a", pipeFields, []shape{pipe("1", line1)})), ingest.Options{Dataset: "t"}, &collector{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

var _ twin.FeatureWriter = (*collector)(nil)
