package query

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/citytwin/citytwin/twin"
)

// vocabulary is what a store holds: its datasets and layers, against
// which filters are checked so that a typo is a 400, not an empty answer.
type vocabulary struct {
	datasets []string
	layers   []string
}

// loadVocabulary reads the datasets and layers of store.
func loadVocabulary(ctx context.Context, store twin.Store) (vocabulary, error) {
	ds, err := store.Datasets(ctx)
	if err != nil {
		return vocabulary{}, fmt.Errorf("query: datasets: %w", err)
	}
	var v vocabulary
	add := func(layer string) {
		if !slices.Contains(v.layers, layer) {
			v.layers = append(v.layers, layer)
		}
	}
	for _, d := range ds {
		v.datasets = append(v.datasets, d.Name)
		if d.Buildings > 0 {
			add("buildings")
		}
		if d.Meshes > 0 {
			add("meshes")
		}
		for _, n := range twin.Networks {
			if d.Networks[n] > 0 {
				add(string(n))
			}
		}
	}
	slices.Sort(v.layers)
	return v, nil
}

// checkLayers checks layer names against the store's layers.
func (v vocabulary) checkLayers(names []string) ([]string, error) {
	for _, n := range names {
		if !slices.Contains(v.layers, n) {
			return nil, badRequest("layers", "unknown layer %q (this store has the layers: %s)", n, listOrNone(v.layers))
		}
	}
	return names, nil
}

// checkDatasets checks dataset names against the store's datasets.
func (v vocabulary) checkDatasets(names []string) ([]string, error) {
	for _, n := range names {
		if !slices.Contains(v.datasets, n) {
			return nil, badRequest("datasets", "unknown dataset %q (this store has: %s)", n, listOrNone(v.datasets))
		}
	}
	return names, nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
