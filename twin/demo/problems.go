package demo

import (
	"fmt"
	"math"

	"github.com/citytwin/citytwin/twin"
)

// Planted problems: realistic defects that clash and clearance checks,
// isolation traces and cross-sections should find. Each is listed in
// Summary.Issues with the ids involved.
const (
	gasClearanceM    = 0.04 // what the relaid gas main keeps from the heating casings
	plannedOffsetM   = 1.2  // planned main beside the existing one, towards the façade
	abandonedOffsetM = 1.5
	plannedYear      = 2026
)

func (d *district) problems() error {
	d.gasOverHeating()
	d.plannedMain()
	d.abandonedMain()
	d.abandonedGas()
	return nil
}

// gasOverHeating relays the gas main of north-south street 1 over the
// heating trunk with a dip that leaves only gasClearanceM to the casings.
func (d *district) gasOverHeating() {
	row := d.lay.ny / 2
	gas := d.p.segBy[fmt.Sprintf("gas-main-v1-%d-1", row)]
	if gas == nil {
		return
	}
	k := 0
	for k+1 < d.lay.nx && d.lay.vx[k+1] < gas.pts[0][0] {
		k++
	}
	heat := d.heat[edge{vertical: false, street: row, seg: k}.key()]
	if len(heat) != 2 {
		return
	}
	zTop, yMid := math.Inf(1), 0.0
	for _, h := range heat {
		zTop = min(zTop, h.z+h.r)
		yMid += h.seg.pts[0][1] / 2
	}
	z := roundTo(zTop+gasClearanceM+gas.od/2000, 0.001)
	x := gas.pts[0][0]
	gas.pts = [][3]float64{gas.pts[0], {x, yMid - 3, z}, {x, yMid + 3, z}, gas.pts[len(gas.pts)-1]}
	gas.year, gas.material = 2016, "pe100"
	gas.attrs["note"] = fmt.Sprintf("relaid 2016 in a dip over the heating trunk; %.2f m clearance to the casings (0.2 m required)", gasClearanceM)
	d.issue("clearance", gas.attrs["note"].(string), gas, heat[0].seg, heat[1].seg)
}

// plannedMain plans a new water main beside the existing one on the first
// north-south street edge with at least three buildings on its east side;
// it runs through their service pipes at the same depth.
func (d *district) plannedMain() {
	wr := d.rec.Utilities.Water
	for _, e := range d.lay.edges() {
		var hit []*seg
		for _, s := range d.services[e.key()] {
			if s.sign > 0 {
				hit = append(hit, s.seg)
			}
		}
		if !e.vertical || len(hit) < 3 {
			continue
		}
		s := d.sideLine(e, wr.OffsetM+plannedOffsetM, wr.DepthM, "water-planned-"+e.key(), twin.NetworkWater, twin.StatusPlanned)
		m := Material{Name: "pe100"}
		s.pipe(200, 225, m, plannedYear)
		s.attrs["role"], s.attrs["note"] = "main", "planned replacement main; crosses existing service pipes at the same depth"
		d.issue("clash", s.attrs["note"].(string), append([]*seg{s}, hit...)...)
		return
	}
}

// abandonedMain leaves a 1911 cast-iron main, disused since 1986, beside
// the main of the first east-west edge (off the heating trunk's street)
// that has service pipes; it passes 0.2 m over those on the north side.
func (d *district) abandonedMain() {
	wr := d.rec.Utilities.Water
	for _, e := range d.lay.edges() {
		if e.vertical || len(d.services[e.key()]) < 2 || e.street == d.lay.ny/2 {
			continue
		}
		s := d.sideLine(e, wr.OffsetM+abandonedOffsetM, 1.9, "water-abandoned-"+e.key(), twin.NetworkWater, twin.StatusAbandoned)
		s.pipe(150, 170, Material{Name: "cast_iron"}, 1911)
		s.attrs["abandoned_year"], s.attrs["role"] = int64(1986), "main"
		d.issue("abandoned", "cast-iron water main of 1911, abandoned 1986, left in the ground", s)
		return
	}
}

// abandonedGas leaves a 1957 steel gas main, disused since 2009, under the
// west sidewalk of the last gas street.
func (d *district) abandonedGas() {
	e := edge{vertical: true, street: d.lay.nx - 1, seg: 0}
	if e.street == 1 && d.lay.ny/2 == 0 {
		return
	}
	off := -(d.lay.width(e)/2 - 2.5)
	s := d.sideLine(e, off, 1.1, "gas-abandoned-"+e.key(), twin.NetworkGas, twin.StatusAbandoned)
	s.pipe(100, 108, Material{Name: "steel"}, 1957)
	s.attrs["abandoned_year"], s.attrs["pressure"] = int64(2009), "low"
	d.issue("abandoned", "steel gas main of 1957, abandoned 2009, left in the ground", s)
}

// sideLine lays a straight line at offset off along edge e's frontage (2 m
// inside the façades at both ends), with end nodes of the same status.
func (d *district) sideLine(e edge, off, depth float64, id string, net twin.Network, st twin.Status) *seg {
	lay := d.lay
	var t0, t1 float64
	if e.vertical {
		t0, t1 = lay.hy[e.seg]+lay.hw[e.seg]/2+2, lay.hy[e.seg+1]-lay.hw[e.seg+1]/2-2
	} else {
		t0, t1 = lay.vx[e.seg]+lay.vw[e.seg]/2+2, lay.vx[e.seg+1]-lay.vw[e.seg+1]/2-2
	}
	z := d.ground - depth
	kind, attrs := twin.NodeJunction, func() twin.Attributes { return twin.Attributes{"end": "capped"} }
	if st == twin.StatusPlanned {
		kind, attrs = twin.NodeValve, func() twin.Attributes { return twin.Attributes{"role": "planned tie-in valve"} }
	}
	a := d.p.node(id+"-a", net, kind, lay.along(lineSpec{off: off}, e, t0), z, attrs())
	b := d.p.node(id+"-b", net, kind, lay.along(lineSpec{off: off}, e, t1), z, attrs())
	a.status, b.status = st, st
	s := d.p.seg(id, net, a, b)
	s.status, s.attrs["street"] = st, lay.name(e)
	return s
}

func (d *district) issue(kind, note string, segs ...*seg) {
	is := Issue{Kind: kind, Note: note}
	for _, s := range segs {
		is.Features = append(is.Features, twin.FeatureID(d.dataset, s.id))
	}
	d.issues = append(d.issues, is)
}
