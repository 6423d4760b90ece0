package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/citytwin/citytwin/assets"
)

// RecipePath is the path of the default recipe inside assets.FS.
const RecipePath = "demo/district.json"

// Recipe holds the parameters of the demo district (assets/demo/district.json):
// grid and street sizes, building eras, and per-network sizes, depths and
// materials. Lengths are metres, diameters millimetres, depths metres below
// the ground.
type Recipe struct {
	Description string          `json:"description"`
	Origin      OriginRecipe    `json:"origin"`
	Grid        GridRecipe      `json:"grid"`
	Buildings   BuildingRecipe  `json:"buildings"`
	Utilities   UtilitiesRecipe `json:"utilities"`
}

// Range is a closed interval [lo, hi] of real numbers.
type Range [2]float64

// IntRange is a closed interval [lo, hi] of integers.
type IntRange [2]int

// OriginRecipe places the district: the grid centre and the ground elevation.
type OriginRecipe struct {
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	GroundM float64 `json:"ground_m"`
}

// GridRecipe sizes the street grid.
type GridRecipe struct {
	BlocksX         int      `json:"blocks_x"`
	BlocksY         int      `json:"blocks_y"`
	BlockM          Range    `json:"block_m"`
	StreetM         Range    `json:"street_m"`
	AvenueM         float64  `json:"avenue_m"`
	AvenueEvery     int      `json:"avenue_every"`
	SidewalkM       float64  `json:"sidewalk_m"`
	VerticalNames   []string `json:"vertical_names"`
	HorizontalNames []string `json:"horizontal_names"`
}

// BuildingRecipe sizes the perimeter blocks, towers and courtyard buildings.
type BuildingRecipe struct {
	DepthM            Range            `json:"depth_m"`
	FrontageM         Range            `json:"frontage_m"`
	CornerArmM        Range            `json:"corner_arm_m"`
	GapChance         float64          `json:"gap_chance"`
	ClosedBlockChance float64          `json:"closed_block_chance"`
	UShapeChance      float64          `json:"u_shape_chance"`
	CourtyardChance   float64          `json:"courtyard_chance"`
	RoofPitchDeg      Range            `json:"roof_pitch_deg"`
	TowerBlocks       int              `json:"tower_blocks"`
	TowerSideM        Range            `json:"tower_side_m"`
	TowerFloors       IntRange         `json:"tower_floors"`
	TowerYears        IntRange         `json:"tower_years"`
	TowerFloorM       float64          `json:"tower_floor_m"`
	Eras              []Era            `json:"eras"`
	Courtyard         []CourtyardHouse `json:"courtyard"`
}

// Era is a building period with its typical heights, roofs and uses.
type Era struct {
	Name    string             `json:"name"`
	Years   IntRange           `json:"years"`
	Weight  float64            `json:"weight"`
	Floors  IntRange           `json:"floors"`
	FloorM  Range              `json:"floor_m"`
	Pitched float64            `json:"pitched"`
	Uses    map[string]float64 `json:"uses"`
}

// CourtyardHouse is a free-standing building inside a block (school, ...).
type CourtyardHouse struct {
	Use    string        `json:"use"`
	SizeM  [2][2]float64 `json:"size_m"` // {{min width, min depth}, {max width, max depth}}
	Floors IntRange      `json:"floors"`
	Years  IntRange      `json:"years"`
}

// Material is a pipe or duct material with the install years it was used in
// and its outside diameter per nominal diameter (table, else DN × factor).
type Material struct {
	Name     string       `json:"name"`
	Years    IntRange     `json:"years"`
	ODMM     [][2]float64 `json:"od_mm,omitempty"`
	ODFactor float64      `json:"od_factor,omitempty"`
}

// loadRecipeOnce parses the embedded recipe once; it is never modified.
var loadRecipeOnce = sync.OnceValues(func() (*Recipe, error) {
	return LoadRecipe(assets.FS, RecipePath)
})

// DefaultRecipe returns the embedded recipe. Callers must not modify it.
func DefaultRecipe() (*Recipe, error) { return loadRecipeOnce() }

// LoadRecipe reads and checks a recipe file from fsys. Unknown keys are an
// error so that a misspelt parameter does not silently do nothing.
func LoadRecipe(fsys fs.FS, name string) (*Recipe, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("demo: read recipe: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Recipe
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("demo: recipe %s: %w", name, err)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("demo: recipe %s: %w", name, err)
	}
	return &r, nil
}

// od returns the outside diameter of nominal diameter dn in this material.
func (m Material) od(dn float64) float64 {
	for _, p := range m.ODMM {
		if p[0] == dn {
			return p[1]
		}
	}
	if m.ODFactor > 0 {
		return dn * m.ODFactor
	}
	return dn
}

// sortedKeys returns a map's keys in order, for deterministic weighted picks.
func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// UtilitiesRecipe holds the per-network parameters.
type UtilitiesRecipe struct {
	// CrossingClearanceM is the least vertical clearance regular crossings
	// keep; the deliberate problems are below it.
	CrossingClearanceM float64       `json:"crossing_clearance_m"`
	Water              WaterRecipe   `json:"water"`
	Gravity            GravityRecipe `json:"gravity"`
	Gas                NetRecipe     `json:"gas"`
	Heating            NetRecipe     `json:"heating"`
	Power              NetRecipe     `json:"power"`
	Telecom            NetRecipe     `json:"telecom"`
}

// NetRecipe describes a network laid along streets: where it lies in the
// street cross-section, how deep, how big, of what.
type NetRecipe struct {
	// OffsetM is the signed offset from the street centreline (positive
	// east of north-south streets and north of east-west streets); with
	// FromFacade it is measured inwards from the façade on that side.
	OffsetM    float64 `json:"offset_m"`
	FromFacade bool    `json:"from_facade,omitempty"`
	// DepthM is the depth of the axis below the ground.
	DepthM float64 `json:"depth_m"`
	// SpacingM is the largest distance between intermediate nodes (0: only
	// at intersections).
	SpacingM      float64    `json:"spacing_m,omitempty"`
	DNAvenue      []float64  `json:"dn_avenue,omitempty"`
	DNStreet      []float64  `json:"dn_street,omitempty"`
	DNTrunk       []float64  `json:"dn_trunk,omitempty"`
	DNBranch      []float64  `json:"dn_branch,omitempty"`
	PairSpacingM  float64    `json:"pair_spacing_m,omitempty"`
	WidthMM       Range      `json:"width_mm,omitempty"`
	HeightMM      Range      `json:"height_mm,omitempty"`
	Years         IntRange   `json:"years"`
	RenewalChance float64    `json:"renewal_chance,omitempty"`
	Materials     []Material `json:"materials"`
}

// WaterRecipe adds valves, hydrants and service pipes to a NetRecipe.
type WaterRecipe struct {
	NetRecipe
	ValveFromJunctionM float64    `json:"valve_from_junction_m"`
	HydrantSpacingM    Range      `json:"hydrant_spacing_m"`
	ServiceDN          []float64  `json:"service_dn"`
	ServiceMaterials   []Material `json:"service_materials"`
}

// GravityRecipe describes the sewer and storm networks, which share one
// drainage layout (see gravity.go).
type GravityRecipe struct {
	SewerOffsetM    float64 `json:"sewer_offset_m"`
	StormOffsetM    float64 `json:"storm_offset_m"`
	StormMinCrownM  float64 `json:"storm_min_crown_m"`
	HeadFromJunctM  float64 `json:"head_from_junction_m"`
	ManholeSpacingM float64 `json:"manhole_spacing_m"`
	SlopePct        Range   `json:"slope_pct"`
	MaxSlopePct     Range   `json:"max_slope_pct"`
	// SewerDN and StormDN map the pipe length drained (upstream length, m)
	// to a nominal diameter: {{from length, DN}, ...} in rising order.
	SewerDN        [][2]float64 `json:"sewer_dn"`
	StormDN        [][2]float64 `json:"storm_dn"`
	SewerYears     IntRange     `json:"sewer_years"`
	StormYears     IntRange     `json:"storm_years"`
	SewerMaterials []Material   `json:"sewer_materials"`
	StormMaterials []Material   `json:"storm_materials"`
	InletDN        float64      `json:"inlet_dn"`
	InletODMM      float64      `json:"inlet_od_mm"`
	InletSlopePct  float64      `json:"inlet_slope_pct"`
}
