package tiler

import (
	"fmt"
	"math"
	"testing"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// tableRow reads one row of a property table and collects mismatches
// with the expected values.
type tableRow struct {
	table *tiles.PropertyTable
	row   int
	bad   []string
}

func (r *tableRow) column(name string) tiles.PropertyValues {
	col, ok := r.table.Properties[name]
	if !ok || col.Len() != r.table.Count {
		r.bad = append(r.bad, fmt.Sprintf("no column %q of %d rows", name, r.table.Count))
		return nil
	}
	return col
}

func (r *tableRow) str(name, want string) {
	switch col := r.column(name).(type) {
	case nil:
	case tiles.Strings:
		if col[r.row] != want {
			r.bad = append(r.bad, fmt.Sprintf("%s %q, store %q", name, col[r.row], want))
		}
	default:
		r.bad = append(r.bad, fmt.Sprintf("%s is a %T column, want STRING", name, col))
	}
}

// float checks a FLOAT32 column: NoDataFloat for a non-finite value (and
// for 0 when zeroUnknown), else the value within float32 rounding.
func (r *tableRow) float(name string, want float64, zeroUnknown bool) {
	col, ok := r.column(name).(tiles.Float32s)
	if !ok {
		r.bad = append(r.bad, fmt.Sprintf("%s is not a FLOAT32 column", name))
		return
	}
	got := float64(col[r.row])
	if math.IsNaN(want) || math.IsInf(want, 0) || (zeroUnknown && want == 0) {
		if got != NoDataFloat {
			r.bad = append(r.bad, fmt.Sprintf("%s %g, want noData %g (store %g)", name, got, float64(NoDataFloat), want))
		}
		return
	}
	if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
		r.bad = append(r.bad, fmt.Sprintf("%s %g, store %g", name, got, want))
	}
}

// year checks an INT16 year column: NoDataInt for an unknown (0) year.
func (r *tableRow) year(name string, want int) {
	col, ok := r.column(name).(tiles.Int16s)
	if !ok {
		r.bad = append(r.bad, fmt.Sprintf("%s is not an INT16 column", name))
		return
	}
	if want <= 0 {
		want = NoDataInt
	}
	if got := int(col[r.row]); got != want {
		r.bad = append(r.bad, fmt.Sprintf("%s %d, store %d", name, got, want))
	}
}

// TestRowMismatches makes sure the comparison catches a row that differs
// from its feature.
func TestRowMismatches(t *testing.T) {
	seg := twin.UtilitySegment{Header: twin.Header{ID: "d:1", Dataset: "d", SourceID: "1"}, Network: twin.NetworkWater,
		DiameterMM: 150, Material: "PVC", InstallYear: 1990, Status: twin.StatusExisting}
	var cols utilityColumns
	cols.addSegment(&seg, 10)
	table := cols.table("water")
	cases := []struct {
		name string
		edit func(*twin.UtilitySegment)
		bad  int
	}{
		{"same", func(*twin.UtilitySegment) {}, 0},
		{"diameter", func(s *twin.UtilitySegment) { s.DiameterMM = 151 }, 1},
		{"unknown diameter", func(s *twin.UtilitySegment) { s.DiameterMM = 0 }, 1},
		{"year and material", func(s *twin.UtilitySegment) { s.InstallYear, s.Material = 0, "PE" }, 2},
		{"source id", func(s *twin.UtilitySegment) { s.SourceID = "2" }, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := seg
			tc.edit(&f)
			if bad := rowMismatches(table, 0, &f); len(bad) != tc.bad {
				t.Errorf("%d mismatches %v, want %d", len(bad), bad, tc.bad)
			}
		})
	}
}
