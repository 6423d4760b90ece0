package tiler

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// maxSplitRounds bounds how often a layer is planned again because a leaf
// came out larger than MaxTileBytes.
const maxSplitRounds = 8

// layerBuild plans and builds the tiles of one layer.
type layerBuild struct {
	bd     *build
	name   string
	schema *tiles.Schema
	ms     []member // sorted by sortMembers
	dirty  []bool   // parallel to ms
	// dirtyID holds the ids of the members whose feature changed
	dirtyID map[string]bool
	old     map[Cell]nodeMeta
	split   map[Cell]bool
	// mu guards done and oversize, written as leaves are built at once.
	mu sync.Mutex
	// leaves built in an earlier round, by cell and signature
	done     map[string]*builtNode
	oversize []Cell
	rep      *LayerReport
}

// builtNode is a tile of the new tree: built in this run, or kept.
type builtNode struct {
	meta nodeMeta
	// changed is true when the tile is not the stored one: its parent must
	// be worked out again too.
	changed  bool
	data     []byte // the GLB when meshed in this run
	children []*builtNode
	meshed   int // features meshed for it
}

// buildLayer builds one layer's tiles into u and reports on them; it
// returns nil for a layer whose stored tiles stay as they are.
func (bd *build) buildLayer(name string, u *twin.TileUpdate) (*LayerReport, error) {
	in := bd.inputs[name]
	if !in.rebuild {
		return nil, nil
	}
	if err := in.load(); err != nil {
		return nil, err
	}
	rep := &LayerReport{Layer: name, Full: in.old == nil, Features: len(in.members)}
	if len(in.members) == 0 {
		if _, stored := bd.state.layers[name]; !stored {
			return nil, nil
		}
		u.DropLayers = append(u.DropLayers, name)
		rep.Removed = true
		if in.old != nil {
			rep.Deleted = len(in.old.Nodes)
		}
		return rep, nil
	}
	lb := newLayerBuild(bd, name, in, rep)
	root, err := lb.run()
	if err != nil {
		return nil, err
	}
	return rep, lb.write(root, in, u)
}

func newLayerBuild(bd *build, name string, in *layerInput, rep *LayerReport) *layerBuild {
	lb := &layerBuild{bd: bd, name: name, schema: bd.builder.Schema(name), old: map[Cell]nodeMeta{},
		split: map[Cell]bool{}, done: map[string]*builtNode{}, rep: rep}
	lb.ms = slices.Collect(maps.Values(in.members))
	sortMembers(lb.ms)
	lb.dirty, lb.dirtyID = make([]bool, len(lb.ms)), in.dirty
	for i, m := range lb.ms {
		lb.dirty[i] = in.dirty[m.ID]
	}
	if in.old != nil {
		for _, n := range in.old.Nodes {
			lb.old[n.Cell] = n
		}
		for _, c := range in.old.Split {
			lb.split[c] = true
		}
	}
	return lb
}

// run plans the tree and builds it. Leaves are built first, and the tree
// planned again with the cells of leaves that came out too large split,
// until every leaf fits; then the parents are built.
func (lb *layerBuild) run() (*builtNode, error) {
	opts := lb.bd.opts
	for round := 0; ; round++ {
		p := plan(lb.ms, opts.maxCount(lb.name), opts.MaxTileBytes, lb.split)
		lb.oversize = lb.oversize[:0]
		if err := lb.leaves(p); err != nil {
			return nil, err
		}
		if len(lb.oversize) == 0 || round == maxSplitRounds {
			lb.pruneSplit(p)
			return lb.node(p)
		}
		for _, c := range lb.oversize {
			lb.split[c] = true
		}
	}
}

// leaves builds the leaves of p concurrently.
func (lb *layerBuild) leaves(p *planNode) error {
	var leaves []*planNode
	p.walk(func(n *planNode) {
		if n.leaf {
			leaves = append(leaves, n)
		}
	})
	errs := make([]error, len(leaves))
	var wg sync.WaitGroup
	for i, n := range leaves {
		wg.Go(func() { _, errs[i] = lb.node(n) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// pruneSplit forgets split marks of cells that are no longer in the tree.
func (lb *layerBuild) pruneSplit(p *planNode) {
	inTree := map[Cell]bool{}
	p.walk(func(n *planNode) { inTree[n.cell] = true })
	for c := range lb.split {
		if !inTree[c] {
			delete(lb.split, c)
		}
	}
}

// node builds (or keeps) the tile of p after its children.
func (lb *layerBuild) node(p *planNode) (*builtNode, error) {
	kids := make([]*builtNode, len(p.children))
	kidChanged := false
	for i, c := range p.children {
		var err error
		if kids[i], err = lb.node(c); err != nil {
			return nil, err
		}
		kidChanged = kidChanged || kids[i].changed
	}
	ms := lb.ms[p.lo:p.hi]
	sig := signature(ms)
	if old, ok := lb.old[p.cell]; ok && !kidChanged && old.Leaf == p.leaf && old.Sig == sig &&
		!slices.Contains(lb.dirty[p.lo:p.hi], true) {
		return &builtNode{meta: old, children: kids}, nil
	}
	key := fmt.Sprintf("%v|%s", p.cell, sig)
	lb.mu.Lock()
	b, ok := lb.done[key]
	lb.mu.Unlock()
	if ok && p.leaf {
		return b, nil
	}
	b, err := lb.buildTile(p, ms, sig, kids)
	if err != nil {
		return nil, fmt.Errorf("tiler: layer %s, tile %v: %w", lb.name, p.cell, err)
	}
	if p.leaf {
		lb.mu.Lock()
		lb.done[key] = b
		lb.mu.Unlock()
	}
	return b, nil
}

// write puts the layer's new tiles, its tileset and its record into u,
// deletes the files of tiles that are gone, and fills the report.
func (lb *layerBuild) write(root *builtNode, in *layerInput, u *twin.TileUpdate) error {
	meta := &layerMeta{Members: lb.ms}
	keep := map[string]bool{}
	lb.visit(root, meta, keep, u)
	lb.rep.Tiles = len(meta.Nodes)
	if in.old != nil {
		for _, n := range in.old.Nodes {
			if n.Path != "" && !keep[n.Path] {
				u.Delete = append(u.Delete, n.Path)
				lb.rep.Deleted++
			}
		}
	}
	for c := range lb.split {
		meta.Split = append(meta.Split, c)
	}
	slices.SortFunc(meta.Split, compareCells)
	return lb.bd.writeLayerTileset(lb.name, root, meta, u)
}

// visit records b and its descendants in meta, their paths in keep and
// their new GLBs in u, and reports on them.
func (lb *layerBuild) visit(b *builtNode, meta *layerMeta, keep map[string]bool, u *twin.TileUpdate) {
	meta.Nodes = append(meta.Nodes, b.meta)
	if b.meta.Path != "" {
		keep[b.meta.Path] = true
	}
	switch {
	case b.data != nil || (b.changed && b.meshed > 0):
		lb.rep.Rebuilt = append(lb.rep.Rebuilt, b.meta.Cell.String())
		lb.rep.Meshed += b.meshed
	case b.changed:
		lb.rep.Updated = append(lb.rep.Updated, b.meta.Cell.String())
	default:
		lb.rep.Kept++
	}
	if b.data != nil {
		u.Put = append(u.Put, twin.TileBlob{Path: b.meta.Path, Layer: lb.name, ContentType: ContentTypeGLB,
			Hash: b.meta.Hash, Data: b.data})
		lb.rep.Bytes += int64(len(b.data))
	}
	for _, c := range b.children {
		lb.visit(c, meta, keep, u)
	}
}

func compareCells(a, b Cell) int {
	switch {
	case a.Z != b.Z:
		return int(a.Z) - int(b.Z)
	case a.X != b.X:
		return int(int64(a.X) - int64(b.X))
	}
	return int(int64(a.Y) - int64(b.Y))
}
