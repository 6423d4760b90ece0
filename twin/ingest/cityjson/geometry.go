package cityjson

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// polygon is one surface of a geometry: its semantic type ("" if none) and
// its rings as vertex indices, outer ring first.
type polygon struct {
	semantic string
	rings    [][]int
}

// supportedGeometry reports whether a building geometry type is read.
func supportedGeometry(t string) bool {
	switch t {
	case "MultiSurface", "CompositeSurface", "Solid", "MultiSolid", "CompositeSolid":
		return true
	}
	return false
}

// flatten decodes the boundaries of a surface or solid geometry into its
// polygons with their semantic types. Interior shells of solids are kept
// like exterior ones.
func flatten(g *geometry) ([]polygon, error) {
	types, err := semanticTypes(g.Semantics)
	if err != nil {
		return nil, err
	}
	var out []polygon
	switch g.Type {
	case "MultiSurface", "CompositeSurface":
		var b [][][]int
		var v []*int
		if err := decodeBoundaries(g, &b, &v); err != nil {
			return nil, err
		}
		return appendPolygons(out, b, v, types)
	case "Solid":
		var b [][][][]int
		var v [][]*int
		if err := decodeBoundaries(g, &b, &v); err != nil {
			return nil, err
		}
		for i, shell := range b {
			if out, err = appendPolygons(out, shell, at(v, i), types); err != nil {
				return nil, err
			}
		}
		return out, nil
	case "MultiSolid", "CompositeSolid":
		return flattenSolids(g, types)
	}
	return nil, fmt.Errorf("geometry type %q is not a surface or solid type a building can have", g.Type)
}

func flattenSolids(g *geometry, types []string) ([]polygon, error) {
	var b [][][][][]int
	var v [][][]*int
	if err := decodeBoundaries(g, &b, &v); err != nil {
		return nil, err
	}
	var out []polygon
	var err error
	for i, solid := range b {
		for j, shell := range solid {
			if out, err = appendPolygons(out, shell, at(at(v, i), j), types); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// decodeBoundaries decodes the boundaries and semantic values of g into
// the nested slices its type calls for.
func decodeBoundaries(g *geometry, boundaries, values any) error {
	if len(g.Boundaries) == 0 {
		return fmt.Errorf("%s has no boundaries", g.Type)
	}
	if err := json.Unmarshal(g.Boundaries, boundaries); err != nil {
		return fmt.Errorf("%s boundaries: %w", g.Type, err)
	}
	if g.Semantics != nil && len(g.Semantics.Values) > 0 {
		if err := json.Unmarshal(g.Semantics.Values, values); err != nil {
			return fmt.Errorf("%s semantic values: %w", g.Type, err)
		}
	}
	return nil
}

// semanticTypes lists the type of each semantic surface.
func semanticTypes(s *semantics) ([]string, error) {
	if s == nil {
		return nil, nil
	}
	types := make([]string, len(s.Surfaces))
	for i, surf := range s.Surfaces {
		if surf.Type == "" {
			return nil, fmt.Errorf("semantic surface %d has no type", i)
		}
		types[i] = surf.Type
	}
	return types, nil
}

// appendPolygons appends the surfaces of one shell (or multi-surface) with
// the semantic type their value points at.
func appendPolygons(out []polygon, surfaces [][][]int, values []*int, types []string) ([]polygon, error) {
	for i, rings := range surfaces {
		if len(rings) == 0 {
			return nil, fmt.Errorf("surface %d has no rings", len(out))
		}
		for j, ring := range rings {
			if len(ring) < 3 {
				return nil, fmt.Errorf("surface %d ring %d has %d vertices, want at least 3", len(out), j, len(ring))
			}
		}
		p := polygon{rings: rings}
		if i < len(values) && values[i] != nil {
			k := *values[i]
			if k < 0 || k >= len(types) {
				return nil, fmt.Errorf("surface %d: semantic value %d out of range (%d semantic surfaces)", len(out), k, len(types))
			}
			p.semantic = types[k]
		}
		out = append(out, p)
	}
	return out, nil
}

// at returns s[i], or the zero value when i is out of range (semantic
// values may be null or shorter than the boundaries).
func at[T any](s []T, i int) T {
	var zero T
	if i < 0 || i >= len(s) {
		return zero
	}
	return s[i]
}

// parseLoD reads a level of detail as a number ("2.2" → 2.2).
func parseLoD(s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf(`no level of detail ("lod")`)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(f) || f < 0 {
		return 0, fmt.Errorf("level of detail %q is not a number", s)
	}
	return f, nil
}
