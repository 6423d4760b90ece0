package demo

import (
	"context"
	"fmt"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// DefaultDataset is the dataset name the demo district is generated under.
const DefaultDataset = "demo"

// MaxBlocks bounds the grid along each axis (keeps the district within
// about 1.5 km of its centre).
const MaxBlocks = 10

// Options steer one generation. Zero values take the recipe's defaults.
type Options struct {
	// Seed picks the district; the same seed gives the same features, byte
	// for byte.
	Seed int64
	// Dataset is the dataset name; ids become "<Dataset>:<source id>".
	Dataset string
	// BlocksX and BlocksY are the numbers of blocks west-east and
	// south-north (1..MaxBlocks).
	BlocksX, BlocksY int
	// Recipe replaces the embedded assets/demo/district.json.
	Recipe *Recipe
}

// resolve fills defaults and checks the options.
func (o Options) resolve() (Options, error) {
	if o.Dataset == "" {
		o.Dataset = DefaultDataset
	}
	if o.Recipe == nil {
		r, err := DefaultRecipe()
		if err != nil {
			return o, err
		}
		o.Recipe = r
	}
	if o.BlocksX == 0 {
		o.BlocksX = o.Recipe.Grid.BlocksX
	}
	if o.BlocksY == 0 {
		o.BlocksY = o.Recipe.Grid.BlocksY
	}
	if o.BlocksX < 1 || o.BlocksX > MaxBlocks || o.BlocksY < 1 || o.BlocksY > MaxBlocks {
		return o, fmt.Errorf("demo: blocks %d×%d out of range 1..%d", o.BlocksX, o.BlocksY, MaxBlocks)
	}
	return o, nil
}

// Meta describes the generated dataset.
func Meta(opts Options) twin.DatasetMeta {
	name := opts.Dataset
	if name == "" {
		name = DefaultDataset
	}
	return twin.DatasetMeta{
		Name:      name,
		Sources:   []string{fmt.Sprintf("demo:seed=%d", opts.Seed)},
		CRS:       geo.WGS84CRS,
		Synthetic: true,
		Description: fmt.Sprintf("SYNTHETIC demo district (seed %d): invented buildings and utility networks "+
			"placed in central Moscow for demonstration only; nothing in it describes real objects.", opts.Seed),
	}
}

// Generate writes the demo district for opts.Seed to w: buildings first,
// then the utility nodes and segments of every network. It returns what it
// wrote. Every feature has Attributes["synthetic"] = true.
func Generate(ctx context.Context, opts Options, w twin.FeatureWriter) (Summary, error) {
	opts, err := opts.resolve()
	if err != nil {
		return Summary{}, err
	}
	rec := opts.Recipe
	lay := newLayout(newRand(opts.Seed, "grid"), rec.Grid, opts.BlocksX, opts.BlocksY)
	houses := genHouses(opts.Seed, rec.Buildings, lay)
	d := &district{seed: opts.Seed, dataset: opts.Dataset, rec: rec, lay: lay, houses: houses, ground: rec.Origin.GroundM, p: newPlant()}
	if err := d.build(); err != nil {
		return Summary{}, err
	}
	em := newEmitter(ctx, w, opts.Dataset, rec.Origin)
	em.sum.Seed = opts.Seed
	for _, h := range houses {
		if err := em.building(h, d.ground); err != nil {
			return em.sum, err
		}
	}
	for _, n := range d.p.nodes {
		if err := em.node(n, d.ground); err != nil {
			return em.sum, err
		}
	}
	for _, s := range d.p.segs {
		if err := em.segment(s, d.ground); err != nil {
			return em.sum, err
		}
	}
	em.sum.Issues = d.issues
	return em.sum, nil
}

// district holds what the network builders share.
type district struct {
	seed    int64
	dataset string
	rec     *Recipe
	lay     *layout
	houses  []*house
	ground  float64
	p       *plant
	issues  []Issue
	// services lists the water service pipes by street edge key.
	services map[string][]service
	// heat holds the heating lines by street edge key.
	heat map[string][]heatLine
}

// build runs the network builders in a fixed order.
func (d *district) build() error {
	d.water()
	d.gravity()
	d.heating()
	d.gas()
	d.ducts(twin.NetworkPower, d.rec.Utilities.Power)
	d.ducts(twin.NetworkTelecom, d.rec.Utilities.Telecom)
	return d.problems()
}
