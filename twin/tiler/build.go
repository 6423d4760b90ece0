package tiler

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/citytwin/citytwin/twin"
)

// Options tune Build. Zero values take the defaults named beside each
// field. Changing MaxBuildings, MaxUtility, MaxTileBytes, NoQuantize,
// Meshopt or SizeErrorFraction makes the next build a full one.
type Options struct {
	// MaxBuildings is the most buildings a tile holds (default 500).
	MaxBuildings int
	// MaxUtility is the most segments and nodes a utility tile holds
	// (default 2000).
	MaxUtility int
	// MaxTileBytes is the GLB size a tile should stay under (default 1 MiB):
	// tiles are planned from estimated sizes, and a leaf whose GLB comes
	// out larger is split.
	MaxTileBytes int
	// NoQuantize writes float32 positions instead of KHR_mesh_quantization.
	NoQuantize bool
	// Meshopt compresses the GLBs' vertex and index data with
	// EXT_meshopt_compression (off by default); it needs quantization, so
	// it cannot be combined with NoQuantize.
	Meshopt bool
	// SizeErrorFraction is the part of a parent tile's diagonal added to
	// its geometric error (default 0.01), so that parents refine
	// progressively as the camera nears.
	SizeErrorFraction float64
	// Full rebuilds every tile even if the stored tiles are up to date.
	Full bool
	// CacheFeatures is how many features a full build keeps in memory
	// between its scan of the store and the meshing (default 100000);
	// beyond it tiles read their features again.
	CacheFeatures int
	// Workers is how many tiles are meshed at once (default GOMAXPROCS).
	Workers int
}

// errMeshoptNoQuantize is Build's error for Options.Meshopt with NoQuantize.
var errMeshoptNoQuantize = errors.New("tiler: build: meshopt compression needs quantization (NoQuantize is set)")

// Defaults of Options.
const (
	DefaultMaxBuildings      = 500
	DefaultMaxUtility        = 2000
	DefaultMaxTileBytes      = 1 << 20
	DefaultSizeErrorFraction = 0.01
	DefaultCacheFeatures     = 100000
)

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxBuildings, DefaultMaxBuildings)
	def(&o.MaxUtility, DefaultMaxUtility)
	def(&o.MaxTileBytes, DefaultMaxTileBytes)
	def(&o.CacheFeatures, DefaultCacheFeatures)
	def(&o.Workers, runtime.GOMAXPROCS(0))
	if !(o.SizeErrorFraction > 0) {
		o.SizeErrorFraction = DefaultSizeErrorFraction
	}
	return o
}

// maxCount is the most features a tile of layer holds.
func (o Options) maxCount(layer string) int {
	if layer == LayerBuildings {
		return o.MaxBuildings
	}
	return o.MaxUtility
}

// Build brings the tiles in store up to date with its features and
// returns what it did. Without stored tiles, or when the builder, its
// schema or the tree options changed, it builds every layer; otherwise it
// reads the change log since the last build and rebuilds only the tiles
// whose features changed, and their ancestors. Everything it writes and
// deletes goes into the store in one transaction; if another build wrote
// tiles meanwhile, it fails with twin.ErrConflict and changes nothing.
func Build(ctx context.Context, store twin.Store, b ContentBuilder, opts Options) (Report, error) {
	start := time.Now()
	if opts.Meshopt && opts.NoQuantize {
		return Report{}, errMeshoptNoQuantize
	}
	bd, err := newBuild(ctx, store, b, opts.withDefaults())
	if err != nil {
		return Report{}, err
	}
	rep := Report{FromSeq: bd.since(), ToSeq: bd.target}
	if !bd.opts.Full && bd.upToDate() {
		rep.UpToDate = true
		rep.Elapsed = time.Since(start)
		return rep, nil
	}
	if rep.Changes, rep.Full, err = bd.collect(); err != nil {
		return Report{}, err
	}
	u := twin.TileUpdate{Generation: bd.state.generation}
	if rep.Layers, err = bd.buildLayers(&u); err != nil {
		return Report{}, err
	}
	if err := bd.writeRoot(&u); err != nil {
		return Report{}, err
	}
	if _, err := store.PutTiles(ctx, u); err != nil {
		return Report{}, fmt.Errorf("tiler: build: %w", err)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// build is one run of Build.
type build struct {
	ctx     context.Context
	store   twin.Store
	builder ContentBuilder
	opts    Options
	state   storedState
	target  int64 // the change-log sequence this build brings the tiles to
	inputs  map[string]*layerInput
	cache   featureCache
	// sem holds a token per tile being meshed (Options.Workers).
	sem chan struct{}
}

func newBuild(ctx context.Context, store twin.Store, b ContentBuilder, opts Options) (*build, error) {
	st, err := store.TileState(ctx)
	if err != nil {
		return nil, fmt.Errorf("tiler: build: %w", err)
	}
	// The sequence is read before any feature: what changes after it is
	// seen again by the next build.
	last, err := store.LastSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("tiler: build: %w", err)
	}
	return &build{ctx: ctx, store: store, builder: b, opts: opts, state: readState(st), target: last,
		inputs: map[string]*layerInput{}, cache: featureCache{limit: opts.CacheFeatures},
		sem: make(chan struct{}, opts.Workers)}, nil
}

// since is the sequence the stored tiles reflect (0 without tiles).
func (bd *build) since() int64 {
	if bd.state.root == nil {
		return 0
	}
	return bd.state.root.BuiltSeq
}

// upToDate reports whether the stored tiles need no work at all.
func (bd *build) upToDate() bool {
	root := bd.state.root
	if root == nil || root.BuiltSeq != bd.target || root.Version != layerVersion(bd.builder, bd.opts, rootLayer) {
		return false
	}
	for name, l := range bd.state.layers {
		if l.Version != layerVersion(bd.builder, bd.opts, name) {
			return false
		}
	}
	return true
}

// buildLayers builds the layers concurrently and gathers their files and
// reports into u, in layer order.
func (bd *build) buildLayers(u *twin.TileUpdate) ([]LayerReport, error) {
	names := bd.layerNames()
	type result struct {
		rep *LayerReport
		u   twin.TileUpdate
		err error
	}
	results := make([]result, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { results[i].rep, results[i].err = bd.buildLayer(name, &results[i].u) })
	}
	wg.Wait()
	var reps []LayerReport
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		if r.rep != nil {
			reps = append(reps, *r.rep)
		}
		u.Put = append(u.Put, r.u.Put...)
		u.Delete = append(u.Delete, r.u.Delete...)
		u.DropLayers = append(u.DropLayers, r.u.DropLayers...)
		u.Layers = append(u.Layers, r.u.Layers...)
	}
	return reps, nil
}

// layerNames lists the layers to consider, sorted.
func (bd *build) layerNames() []string {
	var names []string
	for name := range bd.inputs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
