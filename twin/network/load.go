package network

import (
	"context"
	"fmt"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// world bounds every feature a store can hold.
var world = geo.Bounds3{Min: geo.Point3{-180, -90, -1e7}, Max: geo.Point3{180, 90, 1e7}}

// Load reads the segments and nodes of one network of one dataset from a
// store and builds their graph. It fails with ErrTooLarge when the network
// exceeds opts.MaxGraphSegments or MaxGraphNodes, and stops when ctx ends.
func Load(ctx context.Context, store twin.Store, dataset string, net twin.Network, opts Options) (*Graph, error) {
	opts = opts.withDefaults()
	var segs []*twin.UtilitySegment
	var nodes []*twin.UtilityNode
	var tooLarge error
	filter := twin.Filter{
		Kinds:    []twin.Kind{twin.KindSegment, twin.KindNode},
		Layers:   []string{string(net)},
		Datasets: []string{dataset},
	}
	err := store.Search(ctx, world, filter, func(f twin.Feature) bool {
		switch v := f.(type) {
		case *twin.UtilitySegment:
			if v.Network == net && v.Dataset == dataset {
				segs = append(segs, v)
			}
		case *twin.UtilityNode:
			if v.Network == net && v.Dataset == dataset {
				nodes = append(nodes, v)
			}
		}
		if len(segs) > opts.MaxGraphSegments || len(nodes) > opts.MaxGraphNodes {
			tooLarge = errTooLarge(dataset, net, opts)
			return false
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("network: load %s/%s: %w", dataset, net, err)
	}
	if tooLarge != nil {
		return nil, tooLarge
	}
	if len(segs) == 0 && len(nodes) == 0 {
		return nil, fmt.Errorf("network: load %s/%s: %w: no segments or nodes", dataset, net, twin.ErrNotFound)
	}
	return Build(ctx, dataset, net, segs, nodes, opts)
}
