package tiles

import "math"

// The broad phase of the edge check: edges are binned in a uniform grid
// over the polygon's bounding box, about four per cell, and only edges
// sharing a cell with overlapping boxes are tested, which keeps large
// polygons near linear.

// triEdge is edge k (vertex k to k+1) of cleaned ring r, with its box.
type triEdge struct {
	r, k           int
	x0, y0, x1, y1 float64
}

// triGrid maps points to the cells of a side × side grid.
type triGrid struct {
	minX, minY, invW, invH float64
	side                   int
}

// cell returns the column or row of coordinate v (lo, inv: the grid's
// origin and cells per unit along that axis).
func (g triGrid) cell(v, lo, inv float64) int {
	return min(max(int((v-lo)*inv), 0), g.side-1)
}

// index returns the cell holding x, y.
func (g triGrid) index(x, y float64) int {
	return g.cell(y, g.minY, g.invH)*g.side + g.cell(x, g.minX, g.invW)
}

// checkEdges tests every pair of edges whose boxes overlap.
func (p *triPolygon) checkEdges() error {
	var edges []triEdge
	g := triGrid{minX: math.Inf(1), minY: math.Inf(1)}
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for r, idx := range p.rings {
		for k := range idx {
			a, b := p.vertex(r, k), p.vertex(r, k+1)
			e := triEdge{r, k, min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])}
			edges = append(edges, e)
			g.minX, g.minY = min(g.minX, e.x0), min(g.minY, e.y0)
			maxX, maxY = max(maxX, e.x1), max(maxY, e.y1)
		}
	}
	g.side = max(1, int(math.Sqrt(float64(len(edges))/4)))
	if w := maxX - g.minX; w > 0 {
		g.invW = float64(g.side) / w
	}
	if h := maxY - g.minY; h > 0 {
		g.invH = float64(g.side) / h
	}
	cells := make([][]int32, g.side*g.side)
	for i, e := range edges {
		for cy := g.cell(e.y0, g.minY, g.invH); cy <= g.cell(e.y1, g.minY, g.invH); cy++ {
			for cx := g.cell(e.x0, g.minX, g.invW); cx <= g.cell(e.x1, g.minX, g.invW); cx++ {
				cells[cy*g.side+cx] = append(cells[cy*g.side+cx], int32(i))
			}
		}
	}
	for c, list := range cells {
		if err := p.checkCell(edges, list, g, c); err != nil {
			return err
		}
	}
	return nil
}

// checkCell tests the pairs of edges in cell c whose boxes overlap, each
// pair only in the cell holding the low corner of the boxes' overlap.
func (p *triPolygon) checkCell(edges []triEdge, list []int32, g triGrid, c int) error {
	for a, i := range list {
		e := edges[i]
		for _, j := range list[a+1:] {
			f := edges[j]
			if f.x0 > e.x1 || e.x0 > f.x1 || f.y0 > e.y1 || e.y0 > f.y1 {
				continue
			}
			if g.index(max(e.x0, f.x0), max(e.y0, f.y0)) != c {
				continue
			}
			if err := p.checkEdgePair(e, f); err != nil {
				return err
			}
		}
	}
	return nil
}
