package shapefile

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// variant builds a two-pipe set and lets change break it.
func variant(change func(files map[string][]byte)) map[string][]byte {
	files := build("a", pipeFields, []shape{pipe("1", line1), pipe("2", line1)})
	change(files)
	return files
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name          string
		files         map[string][]byte
		opts          ingest.Options
		file, feature string // what the error must name
		want          string
	}{
		{"empty shp", variant(func(f map[string][]byte) { f["a.shp"] = nil }), ingest.Options{}, "a.shp", "", "truncated file"},
		{"not a shp", variant(func(f map[string][]byte) { f["a.shp"] = []byte(strings.Repeat("x", 120)) }), ingest.Options{}, "a.shp", "", "not a .shp file"},
		{"truncated shp", variant(func(f map[string][]byte) { f["a.shp"] = f["a.shp"][:len(f["a.shp"])-10] }), ingest.Options{}, "a.shp", "", "truncated or corrupt"},
		{"truncated with a fixed header", variant(func(f map[string][]byte) {
			shp := f["a.shp"][:len(f["a.shp"])-10]
			binary.BigEndian.PutUint32(shp[24:], uint32(len(shp)/2))
			f["a.shp"] = shp
		}), ingest.Options{}, "a.shp", "#2", "does not fit the file"},
		{"corrupt content length", variant(func(f map[string][]byte) { binary.BigEndian.PutUint32(f["a.shp"][104:], 1) }), ingest.Options{}, "a.shp", "#1", "does not fit the file"},
		{"corrupt part count", variant(func(f map[string][]byte) { binary.LittleEndian.PutUint32(f["a.shp"][144:], 0) }), ingest.Options{}, "a.shp", "#1", "invalid number of parts"},
		{"multipatch", variant(func(f map[string][]byte) { binary.LittleEndian.PutUint32(f["a.shp"][32:], 31) }), ingest.Options{}, "a.shp", "", "not supported"},
		{"missing dbf", variant(func(f map[string][]byte) { delete(f, "a.dbf") }), ingest.Options{}, "a.shp", "", "the .dbf beside it is missing"},
		{"dbf with fewer records", variant(func(f map[string][]byte) {
			f["a.dbf"] = dbf(pipeFields, []shape{pipe("1", line1)})
		}), ingest.Options{}, "a.dbf", "#2", "only 1 records"},
		{"dbf with more records", variant(func(f map[string][]byte) {
			f["a.dbf"] = dbf(pipeFields, []shape{pipe("1", line1), pipe("2", line1), pipe("3", line1)})
		}), ingest.Options{}, "a.dbf", "", "the .dbf has 3 records, the .shp 2"},
		{"truncated dbf", variant(func(f map[string][]byte) { f["a.dbf"] = f["a.dbf"][:len(f["a.dbf"])-40] }), ingest.Options{}, "a.dbf", "#2", "truncated file"},
		{"bad number", variant(func(f map[string][]byte) {
			f["a.dbf"] = dbf(pipeFields, []shape{pipe("1", line1), {attrs: []string{"2", "wide"}}})
		}), ingest.Options{}, "a.dbf", "#2", `field DIAMETER: "wide" is not a number`},
		{"bad deletion flag", variant(func(f map[string][]byte) { f["a.dbf"][32+32*len(pipeFields)+1] = 'x' }), ingest.Options{}, "a.dbf", "#1", "deletion flag"},
		{"bad field type", variant(func(f map[string][]byte) { f["a.dbf"][32+11] = 'Q' }), ingest.Options{}, "a.dbf", "", `type 'Q' is not supported`},
		{"shx of another file", variant(func(f map[string][]byte) {
			binary.BigEndian.PutUint32(f["a.shx"][108:], 4)
		}), ingest.Options{}, "a.shx", "#2", "the .shx gives offset"},
		{"shx with fewer records", variant(func(f map[string][]byte) {
			shx := f["a.shx"][:108]
			binary.BigEndian.PutUint32(shx[24:], uint32(len(shx)/2))
			f["a.shx"] = shx
		}), ingest.Options{}, "a.shx", "#2", "indexes only 1 records"},
		{"no crs", variant(func(f map[string][]byte) { delete(f, "a.prj") }), ingest.Options{}, "a.shp", "", "no CRS declared"},
		{"unknown crs", variant(func(f map[string][]byte) { f["a.prj"] = []byte("PROJCS[nonsense") }), ingest.Options{}, "a.shp", "", "CRS"},
		{"unclosed ring", build("a", pipeFields, []shape{{typ: typePolygon, parts: [][][2]float64{{{430700, 5447300}, {430700, 5447320}, {430720, 5447320}, {430720, 5447300}, {430701, 5447300}}}, attrs: []string{"9"}}}), ingest.Options{Mapping: &ingest.Mapping{ID: "PIPEID"}}, "a.shp", "9", "ring 0 is not closed"},
		{"one-point line", build("a", pipeFields, []shape{pipe("5", [][][2]float64{{{430700, 5447300}}})}), ingest.Options{Mapping: &ingest.Mapping{ID: "PIPEID"}}, "a.shp", "5", "line has 1 positions"},
		{"absurd coordinates", build("a", pipeFields, []shape{pipe("5", [][][2]float64{{{1e300, 1e300}, {-1e300, 1e300}}})}), ingest.Options{Mapping: &ingest.Mapping{ID: "PIPEID"}}, "a.shp", "5", ""},
		{"kind mismatch", build("a", pipeFields, []shape{pipe("5", line1)}), ingest.Options{Mapping: &ingest.Mapping{ID: "PIPEID", Kind: "building"}}, "a.shp", "5", "wants a building"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readSet(t, "a.shp", tc.files, tc.opts)
			var fe *ingest.FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("err %v (%T), want an *ingest.FeatureError", err, err)
			}
			if fe.File != tc.file || fe.Feature != tc.feature {
				t.Errorf("error names file %q feature %q, want %q and %q: %v", fe.File, fe.Feature, tc.file, tc.feature, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %q does not contain %q", err, tc.want)
			}
		})
	}
}
