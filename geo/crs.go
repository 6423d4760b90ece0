package geo

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"unsafe"

	"github.com/twpayne/go-proj/v10"
)

// WGS84CRS is the horizontal CRS features are stored in (lon°, lat°). The
// target is 2D on purpose: without geoid grids PROJ falls back to a
// "ballpark" operation for compound CRSs to EPSG:4979 that drops the datum
// shift (100 m off for RD New + NAP); to EPSG:4326 it keeps the Helmert shift
// and passes heights through unchanged, which is the height policy of
// INTERNALS.md (heights stay in the source's vertical datum).
const WGS84CRS = "EPSG:4326"

// DomainMarginDeg is how far, in degrees, a converted point may lie outside
// the area of use of its source CRS before ToWGS84 rejects it. It is wide
// because national grids are used beyond their nominal zone (Norway keeps
// all of the country in UTM zone 33, 12°E–18°E, out to 31°E); what it
// catches is a point far outside the projection's domain or a wrong CRS,
// which PROJ turns into finite but meaningless positions. It cannot catch
// every such position: LV95 (1e8, 1e8) lands at 43°N, 7°E, near enough.
const DomainMarginDeg = 15

// chunkLen is the number of points converted per PROJ call.
const chunkLen = 256

// Errors returned (wrapped) by NewTransformer and ToWGS84.
var (
	ErrUnknownCRS    = errors.New("geo: unknown CRS")
	ErrOutsideDomain = errors.New("geo: point outside the domain of its CRS")
	ErrNotFinite     = errors.New("geo: coordinate is not a finite number")
	ErrClosed        = errors.New("geo: transformer is closed")
)

// Transformer converts positions from a source CRS to WGS84 lon°, lat°, h m.
// It is safe for concurrent use.
type Transformer struct {
	crs    string
	info   CRSInfo
	zScale float64 // applied to heights after PROJ
	mu     sync.Mutex
	ctx    *proj.Context
	pj     *proj.PJ
	buf    []Point3
}

// NewTransformer returns a transformer from crs (anything PROJ accepts:
// "EPSG:7415", an OGC URN or URL, WKT, a PROJ string) to WGS84. Input
// points are always easting, northing (or lon, lat), height, whatever the
// axis order the CRS defines.
func NewTransformer(crs string) (*Transformer, error) {
	name, err := NormalizeCRS(crs)
	if err != nil {
		return nil, err
	}
	info, err := DescribeCRS(name)
	if err != nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownCRS, crs)
	}
	if info.Kind == KindVertical || info.Horizontal == KindOther {
		return nil, fmt.Errorf("geo: CRS %q has no geodetic horizontal axes (%s)", crs, info.Kind)
	}
	ctx := proj.NewContext()
	pj, err := ctx.NewCRSToCRS(name, WGS84CRS, nil)
	if err != nil {
		ctx.Destroy()
		return nil, fmt.Errorf("%w %q: %w", ErrUnknownCRS, crs, err)
	}
	norm, err := pj.NormalizeForVisualization()
	pj.Destroy()
	if err != nil {
		ctx.Destroy()
		return nil, fmt.Errorf("geo: CRS %q: %w", crs, err)
	}
	t := &Transformer{crs: name, info: info, ctx: ctx, pj: norm, buf: make([]Point3, chunkLen)}
	t.zScale = t.heightScale()
	return t, nil
}

// CRS returns the normalised name of the source CRS.
func (t *Transformer) CRS() string { return t.crs }

// Info describes the source CRS.
func (t *Transformer) Info() CRSInfo { return t.info }

// VerticalUnitM is metres per unit of the source heights (see
// CRSInfo.VerticalUnitM). ToWGS84 always returns metres.
func (t *Transformer) VerticalUnitM() float64 { return t.info.VerticalUnitM }

// HorizontalUnitM is metres per unit of the source's horizontal axes, 0 for
// a geographic source.
func (t *Transformer) HorizontalUnitM() float64 { return t.info.HorizontalUnitM }

// IsCompound reports whether the source is a compound (horizontal +
// vertical) CRS.
func (t *Transformer) IsCompound() bool { return t.info.Kind == KindCompound }

// HasVertical reports whether the source CRS has an explicit height axis.
func (t *Transformer) HasVertical() bool { return t.info.HasVertical }

// ToWGS84 converts pts in place to lon°, lat°, h m. Heights keep their
// vertical datum but are scaled to metres. A non-finite input gives an
// error wrapping ErrNotFinite; a point PROJ cannot convert, that comes out
// beyond |lon| ≤ 180, |lat| ≤ 90, or that lands more than DomainMarginDeg
// outside the CRS's area of use, one wrapping ErrOutsideDomain. Errors name
// the point's index and source coordinates; pts may then be partly
// converted.
func (t *Transformer) ToWGS84(pts []Point3) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pj == nil {
		return ErrClosed
	}
	for start := 0; start < len(pts); start += chunkLen {
		end := min(start+chunkLen, len(pts))
		if err := t.convert(pts[start:end], start); err != nil {
			return err
		}
	}
	return nil
}

// convert transforms up to chunkLen points through t.buf, so that an error
// can name the source coordinates.
func (t *Transformer) convert(pts []Point3, offset int) error {
	buf := t.buf[:len(pts)]
	for i, p := range pts {
		if !p.Finite() {
			return fmt.Errorf("%w: point %d %v", ErrNotFinite, offset+i, p)
		}
		buf[i] = p
	}
	flat := unsafe.Slice(&buf[0][0], 3*len(buf))
	if err := t.pj.ForwardFlatCoords(flat, 3, 2, -1); err != nil {
		return fmt.Errorf("geo: transform from %s: %w", t.crs, err)
	}
	for i, q := range buf {
		if !q.Finite() || math.Abs(q[1]) > 90 || math.Abs(q[0]) > 180 {
			return fmt.Errorf("%w: point %d %v in %s", ErrOutsideDomain, offset+i, pts[i], t.crs)
		}
		if !t.info.Area.Near(q[0], q[1], DomainMarginDeg) {
			return fmt.Errorf("%w: point %d %v in %s maps to lon %.4f° lat %.4f°, far outside its area of use",
				ErrOutsideDomain, offset+i, pts[i], t.crs, q[0], q[1])
		}
		buf[i][2] = q[2] * t.zScale
	}
	copy(pts, buf)
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
