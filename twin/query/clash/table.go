package clash

import (
	"fmt"
	"math"
	"slices"

	"github.com/citytwin/citytwin/twin"
)

// Parties of a clearance row besides the utility networks.
const (
	// PartyBuilding stands for building foundations.
	PartyBuilding = "building"
	// PartyExcavation stands for a proposed excavation.
	PartyExcavation = "excavation"
	// PartyAny matches any party.
	PartyAny = "*"
)

// Clearance is one row of a clearance table: the minimum separations
// between the outer surfaces of a pair of parties (utility networks,
// "building", "excavation" or "*"), metres. Pairs are symmetric.
type Clearance struct {
	A string `json:"a"`
	B string `json:"b"`
	// HorizontalM applies beside each other (parallel runs).
	HorizontalM float64 `json:"horizontal_m"`
	// VerticalM applies above or below each other (crossings).
	VerticalM float64 `json:"vertical_m"`
	// Source says where the values come from.
	Source string `json:"source,omitempty"`
}

// Sources of the default table (see the package documentation).
const (
	srcTenStates = "Ten States Standards: Recommended Standards for Water Works (2018), Part 8, separation of water mains " +
		"and sewers (parallel: 10 ft horizontal; crossing: 18 in vertical, outside to outside); also Recommended " +
		"Standards for Wastewater Facilities (2014) 38.3"
	srcDVGW = "DVGW W 400-1 (Technische Regeln Wasserverteilungsanlagen, Teil 1: Planung), clause 6: 0.4 m to parallel " +
		"lines, 0.2 m to crossing lines; applied to every pair the table does not name (engineering default)"
	srcDVGWFoundation = "DVGW W 400-1 clause 6: 0.4 m to foundations and structures; the vertical value is the same " +
		"0.4 m (engineering default)"
	srcNESC = "NESC (IEEE C2) Rule 320B: 12 in (0.3 m) of well-tamped earth between supply and communication " +
		"conduit systems"
	srcOneCall = "US one-call tolerance zone: 18 in (0.46 m) either side of the outside of a utility (e.g. CGA Best " +
		"Practices; 24 in in some states); the vertical 0.3 m is an engineering default"
	srcExcavationBuilding = "engineering default: 1 m beside and 0.5 m below a foundation (digs next to existing " +
		"foundations are governed case by case, e.g. by DIN 4123)"
)

// DefaultTable returns the documented default clearance table.
func DefaultTable() Table {
	w, se, st := string(twin.NetworkWater), string(twin.NetworkSewer), string(twin.NetworkStorm)
	return Table{rows: []Clearance{
		{A: w, B: se, HorizontalM: 3.05, VerticalM: 0.46, Source: srcTenStates},
		{A: w, B: st, HorizontalM: 3.05, VerticalM: 0.46, Source: srcTenStates},
		{A: string(twin.NetworkPower), B: string(twin.NetworkTelecom), HorizontalM: 0.3, VerticalM: 0.3, Source: srcNESC},
		{A: PartyBuilding, B: PartyAny, HorizontalM: 0.4, VerticalM: 0.4, Source: srcDVGWFoundation},
		{A: PartyExcavation, B: PartyBuilding, HorizontalM: 1.0, VerticalM: 0.5, Source: srcExcavationBuilding},
		{A: PartyExcavation, B: PartyAny, HorizontalM: 0.46, VerticalM: 0.3, Source: srcOneCall},
		{A: PartyAny, B: PartyAny, HorizontalM: 0.4, VerticalM: 0.2, Source: srcDVGW},
	}}
}

// Table is a clearance table. The zero value has no rows; Lookup then
// returns zero clearances (only clashes are found).
type Table struct {
	rows []Clearance
}

// NewTable checks rows and returns them as a table; a pair given twice
// keeps its last row.
func NewTable(rows []Clearance) (Table, error) {
	return Table{}.Merge(rows)
}

// Rows returns a copy of the table's rows.
func (t Table) Rows() []Clearance { return slices.Clone(t.rows) }

// Merge returns t with the rows of over replacing t's rows for the same
// pair (in either order) and adding the others.
func (t Table) Merge(over []Clearance) (Table, error) {
	rows := slices.Clone(t.rows)
	for i, c := range over {
		if err := c.check(); err != nil {
			return Table{}, fmt.Errorf("%w: clearances[%d]: %v", ErrInvalid, i, err)
		}
		if c.Source == "" {
			c.Source = "request"
		}
		j := slices.IndexFunc(rows, func(r Clearance) bool { return samePair(r, c.A, c.B) })
		if j >= 0 {
			rows[j] = c
		} else {
			rows = append(rows, c)
		}
	}
	return Table{rows: rows}, nil
}

func (c Clearance) check() error {
	for _, p := range []string{c.A, c.B} {
		if !knownParty(p) {
			return fmt.Errorf("unknown party %q (want a network, %q, %q or %q)", p, PartyBuilding, PartyExcavation, PartyAny)
		}
	}
	for _, v := range []float64{c.HorizontalM, c.VerticalM} {
		if math.IsNaN(v) || v < 0 || v > MaxClearanceM {
			return fmt.Errorf("%s/%s: clearance %v m outside 0..%v m", c.A, c.B, v, MaxClearanceM)
		}
	}
	return nil
}

func knownParty(p string) bool {
	if p == PartyBuilding || p == PartyExcavation || p == PartyAny {
		return true
	}
	return slices.Contains(twin.Networks, twin.Network(p))
}

func samePair(r Clearance, a, b string) bool {
	return (r.A == a && r.B == b) || (r.A == b && r.B == a)
}

// Lookup returns the clearance between parties a and b: the row naming
// both, else the stricter (per component) of the rows naming one of them
// with "*", else the "*/*" row, else zero.
func (t Table) Lookup(a, b string) Required {
	for _, r := range t.rows {
		if samePair(r, a, b) {
			return Required{HorizontalM: r.HorizontalM, VerticalM: r.VerticalM, Pair: r.A + "/" + r.B}
		}
	}
	var req Required
	for _, r := range t.rows {
		if a == PartyAny || b == PartyAny || !(samePair(r, a, PartyAny) || samePair(r, b, PartyAny)) {
			continue
		}
		if req.Pair == "" || r.HorizontalM > req.HorizontalM || r.VerticalM > req.VerticalM {
			pair := r.A + "/" + r.B
			if req.Pair != "" {
				pair = req.Pair + "+" + pair
			}
			req = Required{max(req.HorizontalM, r.HorizontalM), max(req.VerticalM, r.VerticalM), pair}
		}
	}
	if req.Pair != "" {
		return req
	}
	for _, r := range t.rows {
		if r.A == PartyAny && r.B == PartyAny {
			return Required{HorizontalM: r.HorizontalM, VerticalM: r.VerticalM, Pair: "*/*"}
		}
	}
	return Required{Pair: "none"}
}
