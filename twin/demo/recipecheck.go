package demo

import "fmt"

// checker validates a recipe, keeping the first problem. Every number is
// bounded to a plausible range so that no recipe can make the generator
// loop, panic or leave the 1.5 km district.
type checker struct{ err error }

func (c *checker) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

func (c *checker) num(name string, v, lo, hi float64) {
	if !(v >= lo && v <= hi) {
		c.fail("%s %v outside %v..%v", name, v, lo, hi)
	}
}

func (c *checker) rng(name string, r Range, lo, hi float64) {
	if !(r[0] >= lo && r[0] <= r[1] && r[1] <= hi) {
		c.fail("%s %v: want %v ≤ lo ≤ hi ≤ %v", name, r, lo, hi)
	}
}

func (c *checker) irng(name string, r IntRange, lo, hi int) {
	if !(r[0] >= lo && r[0] <= r[1] && r[1] <= hi) {
		c.fail("%s %v: want %v ≤ lo ≤ hi ≤ %v", name, r, lo, hi)
	}
}

func (c *checker) list(name string, xs []float64, lo, hi float64) {
	if len(xs) == 0 {
		c.fail("%s: empty", name)
	}
	for _, x := range xs {
		c.num(name, x, lo, hi)
	}
}

func (c *checker) materials(name string, ms []Material) {
	if len(ms) == 0 {
		c.fail("%s materials: empty", name)
	}
	for _, m := range ms {
		c.irng(name+" material "+m.Name+" years", m.Years, 1800, 2100)
		c.num(name+" material "+m.Name+" od_factor", m.ODFactor, 0, 3)
		for _, p := range m.ODMM {
			c.num(name+" material "+m.Name+" od_mm", p[1], 1, 2000)
		}
	}
}

// minYear is the earliest year a recipe may name.
const minYear = 1800

func (r *Recipe) check() error {
	var c checker
	o, g, b := r.Origin, r.Grid, r.Buildings
	c.num("origin lat", o.Lat, -80, 80)
	c.num("origin lon", o.Lon, -180, 180)
	c.num("origin ground_m", o.GroundM, -500, 6000)
	c.num("blocks_x", float64(g.BlocksX), 1, MaxBlocks)
	c.num("blocks_y", float64(g.BlocksY), 1, MaxBlocks)
	c.rng("street_m", g.StreetM, 16, 40)
	c.num("avenue_m", g.AvenueM, g.StreetM[0], 60)
	c.num("avenue_every", float64(g.AvenueEvery), 0, 100)
	c.num("sidewalk_m", g.SidewalkM, 2, g.StreetM[0]/2-6)
	if len(g.VerticalNames) == 0 || len(g.HorizontalNames) == 0 {
		c.fail("grid: no street names")
	}
	c.rng("block_m", g.BlockM, 2*(b.CornerArmM[1]+b.DepthM[1]), 200)
	b.check(&c)
	r.Utilities.check(&c, g)
	return c.err
}

func (b BuildingRecipe) check(c *checker) {
	c.rng("depth_m", b.DepthM, 8, 25)
	c.rng("frontage_m", b.FrontageM, 6, 80)
	c.rng("corner_arm_m", b.CornerArmM, b.DepthM[1]+2, 60)
	for _, p := range []float64{b.GapChance, b.ClosedBlockChance, b.UShapeChance, b.CourtyardChance} {
		c.num("building chance", p, 0, 1)
	}
	c.rng("roof_pitch_deg", b.RoofPitchDeg, 5, 60)
	c.num("tower_blocks", float64(b.TowerBlocks), 0, 20)
	c.rng("tower_side_m", b.TowerSideM, 10, 35)
	c.irng("tower_floors", b.TowerFloors, 1, 60)
	c.irng("tower_years", b.TowerYears, minYear, 2100)
	c.num("tower_floor_m", b.TowerFloorM, 2.5, 6)
	if len(b.Eras) == 0 {
		c.fail("no building eras")
	}
	for _, e := range b.Eras {
		c.irng("era "+e.Name+" years", e.Years, minYear, 2100)
		c.irng("era "+e.Name+" floors", e.Floors, 1, 40)
		c.rng("era "+e.Name+" floor_m", e.FloorM, 2.5, 6)
		c.num("era "+e.Name+" weight", e.Weight, 0, 1e6)
		c.num("era "+e.Name+" pitched", e.Pitched, 0, 1)
		if len(e.Uses) == 0 {
			c.fail("era %s: no uses", e.Name)
		}
		for _, k := range sortedKeys(e.Uses) {
			c.num("era "+e.Name+" use "+k, e.Uses[k], 0, 1e6)
		}
	}
	for _, h := range b.Courtyard {
		c.rng(h.Use+" width", Range{h.SizeM[0][0], h.SizeM[1][0]}, 5, 150)
		c.rng(h.Use+" depth", Range{h.SizeM[0][1], h.SizeM[1][1]}, 5, 150)
		c.irng(h.Use+" floors", h.Floors, 1, 20)
		c.irng(h.Use+" years", h.Years, minYear, 2100)
	}
}

func (u UtilitiesRecipe) check(c *checker, g GridRecipe) {
	half := g.StreetM[0] / 2
	c.num("crossing_clearance_m", u.CrossingClearanceM, 0.01, 1)
	w := u.Water
	if w.FromFacade {
		c.fail("water: offset must be from the centreline")
	}
	c.num("water valve_from_junction_m", w.ValveFromJunctionM, 1, 10)
	c.num("water offset_m", w.OffsetM, 1, half-w.ValveFromJunctionM-0.5)
	c.rng("water hydrant_spacing_m", w.HydrantSpacingM, 20, 500)
	c.list("water service_dn", w.ServiceDN, 15, 200)
	c.materials("water service", w.ServiceMaterials)
	u.Gravity.check(c, g)
	u.checkNets(c, half)
}

func (gr GravityRecipe) check(c *checker, g GridRecipe) {
	half := g.StreetM[0] / 2
	c.num("sewer_offset_m", gr.SewerOffsetM, -half+2, half-2)
	c.num("storm_offset_m", gr.StormOffsetM, -half+g.SidewalkM+1, -0.5)
	c.num("storm_min_crown_m", gr.StormMinCrownM, 0.5, 10)
	c.num("head_from_junction_m", gr.HeadFromJunctM, 1, 40)
	c.num("manhole_spacing_m", gr.ManholeSpacingM, 10, 200)
	c.rng("slope_pct", gr.SlopePct, 0.05, 10)
	c.rng("max_slope_pct", gr.MaxSlopePct, gr.SlopePct[1], 20)
	c.num("inlet_dn", gr.InletDN, 50, 500)
	c.num("inlet_od_mm", gr.InletODMM, gr.InletDN, 600)
	c.num("inlet_slope_pct", gr.InletSlopePct, 0.5, 20)
	c.irng("sewer_years", gr.SewerYears, minYear, 2100)
	c.irng("storm_years", gr.StormYears, minYear, 2100)
	c.materials("sewer", gr.SewerMaterials)
	c.materials("storm", gr.StormMaterials)
	for _, t := range [][][2]float64{gr.SewerDN, gr.StormDN} {
		if len(t) == 0 {
			c.fail("gravity: empty diameter table")
		}
		for _, row := range t {
			c.num("gravity diameter", row[1], 100, 3000)
		}
	}
}

func (u UtilitiesRecipe) checkNets(c *checker, half float64) {
	w := u.Water
	nets := []struct {
		name string
		n    NetRecipe
	}{{"water", w.NetRecipe}, {"gas", u.Gas}, {"heating", u.Heating}, {"power", u.Power}, {"telecom", u.Telecom}}
	for _, n := range nets {
		n.n.check(c, n.name, half)
	}
	c.list("water dn_avenue", w.DNAvenue, 50, 1000)
	c.list("water dn_street", w.DNStreet, 50, 1000)
	c.list("gas dn_avenue", u.Gas.DNAvenue, 20, 1000)
	c.list("gas dn_street", u.Gas.DNStreet, 20, 1000)
	c.list("heating dn_trunk", u.Heating.DNTrunk, 20, 1400)
	c.list("heating dn_branch", u.Heating.DNBranch, 20, 1400)
	c.num("heating pair_spacing_m", u.Heating.PairSpacingM, 0.2, 4)
	for _, n := range nets[3:] {
		c.rng(n.name+" width_mm", n.n.WidthMM, 50, 2000)
		c.rng(n.name+" height_mm", n.n.HeightMM, 50, 2000)
	}
}

func (n NetRecipe) check(c *checker, name string, half float64) {
	c.num(name+" offset_m", n.OffsetM, -half+0.5, half-0.5)
	c.num(name+" depth_m", n.DepthM, 0.2, 20)
	if n.SpacingM != 0 {
		c.num(name+" spacing_m", n.SpacingM, 10, 1000)
	}
	c.irng(name+" years", n.Years, minYear, 2100)
	c.num(name+" renewal_chance", n.RenewalChance, 0, 1)
	c.materials(name, n.Materials)
}
