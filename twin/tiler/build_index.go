package tiler

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// layerInput is what a build knows of one layer before planning it.
type layerInput struct {
	// members are the layer's features; when loaded is false they are
	// still in old's record (see load).
	members map[string]member
	loaded  bool
	// dirty holds the ids of members whose feature changed since the
	// stored tiles were built.
	dirty map[string]bool
	// old is the stored record of the layer; nil builds it in full.
	old *layerMeta
	// rebuild is false for a layer whose stored tiles stay as they are.
	rebuild bool
}

func (bd *build) input(layer string) *layerInput {
	in := bd.inputs[layer]
	if in == nil {
		in = &layerInput{members: map[string]member{}, loaded: true, dirty: map[string]bool{}, rebuild: true}
		bd.inputs[layer] = in
	}
	return in
}

// load decodes the members of the stored record, once.
func (in *layerInput) load() error {
	if in.loaded {
		return nil
	}
	if err := in.old.decodeMembers(); err != nil {
		return err
	}
	for _, m := range in.old.Members {
		in.members[m.ID] = m
	}
	in.loaded = true
	return nil
}

// count is the number of members.
func (in *layerInput) count() int {
	if in.loaded {
		return len(in.members)
	}
	return in.old.Count
}

// changesPage is how many change-log entries one Changes call reads.
const changesPage = 1000

// collect fills bd.inputs: from a scan of every feature for a full build,
// else from the stored layer records and the change log. It returns how
// many change-log entries it read and whether the build is a full one.
func (bd *build) collect() (changes int, full bool, err error) {
	root := bd.state.root
	if bd.opts.Full || root == nil || root.Version != layerVersion(bd.builder, bd.opts, rootLayer) {
		return 0, true, bd.scanAll()
	}
	total, err := bd.loadStored()
	if err != nil {
		return 0, false, err
	}
	ids, changes, err := bd.changedIDs()
	if err != nil {
		return 0, false, err
	}
	if len(ids) > max(1000, total/2) { // cheaper to read everything in order
		for _, in := range bd.inputs { // full builds of every layer
			in.old, in.loaded, in.rebuild = nil, true, true
		}
		return changes, true, bd.scanAll()
	}
	if err := bd.applyChanges(ids); err != nil {
		return 0, false, err
	}
	for name, in := range bd.inputs {
		if in.old == nil { // a new layer, or one whose version changed
			in.members, in.loaded = map[string]member{}, true
			if err := bd.scan(name); err != nil {
				return 0, false, err
			}
		}
	}
	return changes, false, nil
}

// scanAll reads every tileable feature; stored layers without features
// get an empty input, so that their tiles are removed.
func (bd *build) scanAll() error {
	for _, name := range bd.state.layerNames() {
		bd.input(name)
	}
	return bd.scan("")
}

// tileableKinds are the kinds the tiler draws; reality meshes are tiled
// elsewhere.
var tileableKinds = []twin.Kind{twin.KindBuilding, twin.KindSegment, twin.KindNode}

// layerName is what a layer name must look like to name a folder.
var layerName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

func tileable(f twin.Feature) bool {
	return slices.Contains(tileableKinds, f.Kind()) && layerName.MatchString(f.Layer())
}

// world is the search box holding every feature.
var world = geo.Bounds3{Min: geo.Point3{-180, -90, math.Inf(-1)}, Max: geo.Point3{180, 90, math.Inf(1)}}

// scan reads the tileable features of one layer ("" for all) into the
// inputs, keeping them in the cache while it has room.
func (bd *build) scan(layer string) error {
	filter := twin.Filter{Kinds: tileableKinds}
	if layer != "" {
		filter.Layers = []string{layer}
	}
	err := bd.store.Search(bd.ctx, world, filter, func(f twin.Feature) bool {
		if m, ok := memberOf(f); ok && tileable(f) {
			bd.input(f.Layer()).members[m.ID] = m
			bd.cache.put(f)
		}
		return true
	})
	if err != nil {
		return fmt.Errorf("tiler: read features: %w", err)
	}
	return nil
}

// loadStored reads the tree of every stored layer, not its members. A
// layer whose record is unreadable or whose version changed gets no old
// record and is rebuilt in full. It returns the number of members
// recorded.
func (bd *build) loadStored() (int, error) {
	total := 0
	for _, name := range bd.state.layerNames() {
		st := bd.state.layers[name]
		in := bd.input(name)
		in.rebuild = false
		if st.Version != layerVersion(bd.builder, bd.opts, name) {
			in.rebuild = true
			continue
		}
		old, err := decodeLayerMeta(st.Meta)
		if err != nil || old == nil {
			in.rebuild = true
			continue
		}
		in.old, in.loaded = old, false
		total += old.Count
	}
	return total, nil
}

// changed is what the change log says about one feature since the
// stored tiles were built.
type changed struct {
	id string
	// layers are the layers its entries name: the new layer of an upsert,
	// the old one of a delete.
	layers []string
	// existed is true when the feature was there when the tiles were built.
	existed bool
}

// changedIDs reads the change log from the stored tiles' sequence up to
// the build's target and returns the features it names, in order of
// first change, and the number of entries read.
func (bd *build) changedIDs() (out []*changed, n int, err error) {
	byID := map[string]*changed{}
	for since := bd.since(); since < bd.target; {
		cs, err := bd.store.Changes(bd.ctx, since, changesPage)
		if err != nil {
			return nil, 0, fmt.Errorf("tiler: read changes: %w", err)
		}
		if len(cs) == 0 {
			break
		}
		for _, c := range cs {
			if c.Seq > bd.target {
				return out, n, nil
			}
			n++
			since = c.Seq
			ch := byID[c.FeatureID]
			if ch == nil {
				ch = &changed{id: c.FeatureID, existed: !c.OldBounds.IsEmpty()}
				byID[c.FeatureID] = ch
				out = append(out, ch)
			}
			if !slices.Contains(ch.layers, c.Layer) {
				ch.layers = append(ch.layers, c.Layer)
			}
		}
	}
	return out, n, nil
}

// applyChanges moves each changed feature out of the layer that held it
// and, unless it is gone, into the layer it is in now, marked dirty.
func (bd *build) applyChanges(chs []*changed) error {
	for _, ch := range chs {
		if err := bd.remove(ch); err != nil {
			return err
		}
		f, err := bd.store.Feature(bd.ctx, ch.id)
		if errors.Is(err, twin.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("tiler: read changed feature: %w", err)
		}
		m, ok := memberOf(f)
		if !ok || !tileable(f) {
			continue
		}
		in := bd.input(f.Layer())
		if err := in.load(); err != nil {
			return err
		}
		in.members[ch.id], in.dirty[ch.id], in.rebuild = m, true, true
		bd.cache.put(f)
	}
	return nil
}

// remove takes a changed feature out of the layer that held it: one its
// change entries name, or, for a feature that moved to another layer,
// any stored layer.
func (bd *build) remove(ch *changed) error {
	search := ch.layers
	if ch.existed {
		search = append(slices.Clone(ch.layers), bd.layerNames()...)
	}
	for _, name := range search {
		in := bd.inputs[name]
		if in == nil {
			continue
		}
		if err := in.load(); err != nil {
			return err
		}
		if _, ok := in.members[ch.id]; ok {
			delete(in.members, ch.id)
			in.rebuild = true
			return nil
		}
	}
	return nil
}

// featureCache keeps features read by a scan or for a change, up to a
// limit, so that meshing need not read them again.
type featureCache struct {
	limit int
	m     map[string]twin.Feature
}

func (c *featureCache) put(f twin.Feature) {
	if c.m == nil {
		c.m = map[string]twin.Feature{}
	}
	if len(c.m) < c.limit {
		c.m[f.Head().ID] = f
	}
}

func (c *featureCache) get(id string) (twin.Feature, bool) {
	f, ok := c.m[id]
	return f, ok
}
