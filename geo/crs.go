package geo

import (
	"fmt"
	"sync"

	"github.com/twpayne/go-proj/v10"
)

// WGS84CRS is the horizontal CRS features are stored in (lon°, lat°). The
// target is 2D on purpose: without geoid grids PROJ falls back to a
// "ballpark" operation for compound CRSs to EPSG:4979 that drops the datum
// shift (100 m off for RD New + NAP); to EPSG:4326 it keeps the Helmert shift
// and passes heights through unchanged, which is the height policy of
// INTERNALS.md (heights stay in the source's vertical datum).
const WGS84CRS = "EPSG:4326"

// Transformer converts positions from a source CRS to WGS84 lon°, lat°, h m.
// It is safe for concurrent use.
type Transformer struct {
	crs string
	mu  sync.Mutex
	ctx *proj.Context
	pj  *proj.PJ
}

// NewTransformer returns a transformer from crs (anything PROJ accepts:
// "EPSG:7415", an OGC URN or URL, WKT) to WGS84.
func NewTransformer(crs string) (*Transformer, error) {
	name, err := NormalizeCRS(crs)
	if err != nil {
		return nil, err
	}
	ctx := proj.NewContext()
	pj, err := ctx.NewCRSToCRS(name, WGS84CRS, nil)
	if err != nil {
		ctx.Destroy()
		return nil, fmt.Errorf("geo: unknown CRS %q: %w", crs, err)
	}
	norm, err := pj.NormalizeForVisualization()
	pj.Destroy()
	if err != nil {
		ctx.Destroy()
		return nil, fmt.Errorf("geo: CRS %q: %w", crs, err)
	}
	return &Transformer{crs: name, ctx: ctx, pj: norm}, nil
}

// CRS returns the normalised name of the source CRS.
func (t *Transformer) CRS() string { return t.crs }

// ToWGS84 converts pts in place.
func (t *Transformer) ToWGS84(pts []Point3) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, p := range pts {
		c, err := t.pj.Forward(proj.NewCoord(p[0], p[1], p[2], 0))
		if err != nil {
			return fmt.Errorf("geo: transform %v from %s: %w", p, t.crs, err)
		}
		q := Point3{c[0], c[1], c[2]}
		if !q.Finite() {
			return fmt.Errorf("geo: %v lies outside %s", p, t.crs)
		}
		pts[i] = q
	}
	return nil
}

// Close frees the PROJ objects.
func (t *Transformer) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pj != nil {
		t.pj.Destroy()
		t.ctx.Destroy()
		t.pj, t.ctx = nil, nil
	}
}
