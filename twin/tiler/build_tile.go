package tiler

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Content types of the stored files.
const (
	ContentTypeGLB  = "model/gltf-binary"
	ContentTypeJSON = "application/json"
)

// minInnerErrorM is the least geometric error of a tile with children, so
// that it is larger than its leaves' (which may be 0).
const minInnerErrorM = 0.5

// buildTile makes the tile of p: a leaf meshed at full detail, a parent
// at coarse detail with the largest features below it. A parent whose
// selection of features, frame and selected features did not change keeps
// its stored content; only its bounding volume and geometric error are
// worked out again.
func (lb *layerBuild) buildTile(p *planNode, ms []member, sig string, kids []*builtNode) (*builtNode, error) {
	frame := geo.NewENU(originOf(ms))
	b := &builtNode{changed: true, children: kids}
	b.meta = nodeMeta{Cell: p.cell, Leaf: p.leaf, Sig: sig, Origin: frame.Origin(), ContentBox: geo.EmptyBounds()}
	var (
		c   Content
		glb []byte
		err error
	)
	if p.leaf {
		c, glb, err = lb.leafContent(b, p, ms, frame)
	} else {
		sel := selectLargest(ms, lb.bd.opts.maxCount(lb.name), lb.parentBudget())
		b.meta.SelKey = signatureOf(sel.ids)
		if old, ok := lb.old[p.cell]; ok && lb.sameContent(&old, &b.meta, sel.ids) {
			b.meta.copyContent(&old)
			b.meta.DropM = lb.halve(ms, sel, old.Halvings).dropM // sizes may have changed
			lb.place(b, frame, kids)
			return b, nil
		}
		var r parentResult
		r, err = lb.parentContent(ms, sel, frame)
		c, glb, b.meshed, b.meta.Halvings, b.meta.DropM = r.c, r.glb, r.meshed, r.halvings, r.dropM
	}
	if err != nil {
		return nil, err
	}
	lb.setContent(b, c, glb)
	lb.place(b, frame, kids)
	return b, nil
}

// leafContent meshes a leaf's features at full detail and notes a leaf
// that came out too large.
func (lb *layerBuild) leafContent(b *builtNode, p *planNode, ms []member, frame geo.ENU) (Content, []byte, error) {
	feats, err := lb.leafFeatures(ms)
	if err != nil {
		return Content{}, nil, err
	}
	c, glb, err := lb.encode(feats, frame, DetailFull)
	b.meshed = len(feats)
	if len(glb) > lb.bd.opts.MaxTileBytes && len(ms) > 1 && p.cell.Z < MaxLevel {
		lb.mu.Lock()
		lb.oversize = append(lb.oversize, p.cell)
		lb.mu.Unlock()
	}
	return c, glb, err
}

// setContent records a tile's new content: its GLB (nil for none), named
// by its cell and hash.
func (lb *layerBuild) setContent(b *builtNode, c Content, glb []byte) {
	b.meta.ContentErrorM = c.ErrorM
	if glb == nil {
		return
	}
	cell := b.meta.Cell
	sum := sha256.Sum256(glb)
	b.meta.ContentBox = padForQuantization(meshBounds(c.Meshes))
	b.meta.Hash = hex.EncodeToString(sum[:])
	b.meta.Path = fmt.Sprintf("layers/%s/t/%d/%d/%d-%s.glb", lb.name, cell.Z, cell.X, cell.Y, b.meta.Hash[:12])
	b.meta.Bytes, b.meta.Features, b.data = len(glb), len(c.FeatureIDs), glb
}

// sameContent reports whether a parent's stored content is what meshing
// its selection again would give.
func (lb *layerBuild) sameContent(old, n *nodeMeta, ids []string) bool {
	if old.Leaf || old.SelKey != n.SelKey || old.Origin != n.Origin {
		return false
	}
	for _, id := range ids {
		if lb.dirtyID[id] {
			return false
		}
	}
	return true
}

// place works out a tile's bounding box (its content and its children's
// boxes) and its geometric error: a leaf's is its content's; a parent's is
// the larger of its content's and that of the features it leaves out,
// plus SizeErrorFraction of its size, and always above its children's.
func (lb *layerBuild) place(b *builtNode, frame geo.ENU, kids []*builtNode) {
	box, maxKid := b.meta.ContentBox, 0.0
	b.meta.Children = nil
	for _, k := range kids {
		b.meta.Children = append(b.meta.Children, k.meta.Cell)
		box = box.Union(boundsIn(frame, k.meta.frame(), k.meta.Box))
		maxKid = max(maxKid, k.meta.GeometricError)
	}
	b.meta.Box = box
	b.meta.GeometricError = b.meta.ContentErrorM
	if len(kids) > 0 {
		e := max(b.meta.ContentErrorM, b.meta.DropM) + lb.bd.opts.SizeErrorFraction*diagonal(box)
		b.meta.GeometricError = max(e, 1.25*maxKid, minInnerErrorM)
	}
}

// parentBudget is the estimated bytes a parent's selection starts from.
func (lb *layerBuild) parentBudget() int { return lb.bd.opts.MaxTileBytes * 3 / 4 }

// parentResult is what parentContent made.
type parentResult struct {
	c        Content
	glb      []byte
	meshed   int     // features meshed
	halvings int     // how often the selection was halved to fit
	dropM    float64 // the error of the features left out
}

// parentContent meshes the selection sel of ms at coarse detail, halving
// it while the GLB is too large. Coarse detail may leave every selected
// feature out (utility layers keep only mains); then the selection is
// drawn at full detail, so that no parent is empty.
func (lb *layerBuild) parentContent(ms []member, first selection, frame geo.ENU) (parentResult, error) {
	for r := (parentResult{}); ; r.halvings++ {
		sel := lb.halve(ms, first, r.halvings)
		feats, err := lb.byID(sel.ids)
		if err != nil {
			return r, err
		}
		r.c, r.glb, err = lb.encode(feats, frame, DetailCoarse)
		if err == nil && r.glb == nil {
			r.c, r.glb, err = lb.encode(feats, frame, DetailFull)
		}
		r.meshed, r.dropM = len(feats), sel.dropM
		if err != nil || len(r.glb) <= lb.bd.opts.MaxTileBytes || len(sel.ids) <= 1 {
			return r, err
		}
	}
}

// halve returns the selection of ms with the count and budget of first
// halved n times.
func (lb *layerBuild) halve(ms []member, first selection, n int) selection {
	if n == 0 {
		return first
	}
	return selectLargest(ms, max(1, len(first.ids)>>n), lb.parentBudget()>>n)
}

// encode builds and encodes content; glb is nil when there is nothing to
// draw.
func (lb *layerBuild) encode(feats []twin.Feature, frame geo.ENU, d Detail) (Content, []byte, error) {
	if len(feats) == 0 {
		return Content{}, nil, nil
	}
	lb.bd.sem <- struct{}{}
	defer func() { <-lb.bd.sem }()
	c, err := lb.bd.builder.Build(feats, frame, d)
	if err != nil {
		return c, nil, err
	}
	if len(c.Meshes) == 0 {
		return c, nil, nil
	}
	var buf bytes.Buffer
	err = tiles.EncodeGLB(&buf, c.Meshes, c.Table, lb.schema, tiles.GLBOptions{Quantize: !lb.bd.opts.NoQuantize, Meshopt: lb.bd.opts.Meshopt})
	if errors.Is(err, tiles.ErrNoMeshes) {
		return c, nil, nil
	}
	return c, buf.Bytes(), err
}

// meshBounds returns the bounds of every position of meshes.
func meshBounds(meshes []tiles.Mesh) geo.Bounds3 {
	b := geo.EmptyBounds()
	for i := range meshes {
		b = b.Union(tiles.MeshBounds(meshes[i].Positions))
	}
	return b
}

// leafFeatures returns the features of ms in their order: from the cache,
// else with one search over the box of their centres (any feature whose
// centre is in the box intersects it). Features deleted since the build
// began are left out; the next build sees their deletion.
func (lb *layerBuild) leafFeatures(ms []member) ([]twin.Feature, error) {
	found := make(map[string]twin.Feature, len(ms))
	area := geo.EmptyBounds()
	for _, m := range ms {
		if f, ok := lb.bd.cache.get(m.ID); ok {
			found[m.ID] = f
		} else {
			area = area.Extend(m.C)
		}
	}
	if !area.IsEmpty() {
		area.Min[2], area.Max[2] = world.Min[2], world.Max[2]
		want := make(map[string]bool, len(ms))
		for _, m := range ms {
			want[m.ID] = found[m.ID] == nil
		}
		err := lb.bd.store.Search(lb.bd.ctx, area, twin.Filter{Layers: []string{lb.name}}, func(f twin.Feature) bool {
			if want[f.Head().ID] {
				found[f.Head().ID] = f
			}
			return true
		})
		if err != nil {
			return nil, fmt.Errorf("read features: %w", err)
		}
	}
	out := make([]twin.Feature, 0, len(ms))
	for _, m := range ms {
		if f := found[m.ID]; f != nil {
			out = append(out, f)
		}
	}
	return out, nil
}

// byID returns the features with the given ids, from the cache or the
// store; features deleted meanwhile are left out.
func (lb *layerBuild) byID(ids []string) ([]twin.Feature, error) {
	out := make([]twin.Feature, 0, len(ids))
	for _, id := range ids {
		f, ok := lb.bd.cache.get(id)
		if !ok {
			var err error
			f, err = lb.bd.store.Feature(lb.bd.ctx, id)
			if errors.Is(err, twin.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("read feature: %w", err)
			}
		}
		out = append(out, f)
	}
	return out, nil
}
