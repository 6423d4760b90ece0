package geo

import (
	"math"

	"github.com/twpayne/go-proj/v10"
)

// heightScale returns the factor ToWGS84 applies to heights after PROJ so
// that they come out in metres. PROJ is not consistent about it: to a 2D
// target it passes the height of a compound CRS through untouched (feet stay
// feet) but converts the third axis of a 3D projected CRS (+vunits=us-ft)
// itself. A probe at the centre of the area of use decides; without a
// usable probe the kind of CRS does.
func (t *Transformer) heightScale() float64 {
	u := t.info.VerticalUnitM
	if u == 1 || u <= 0 || t.info.Kind == KindGeocentric {
		return 1
	}
	if r, ok := t.probeHeightRatio(); ok {
		switch {
		case closeRel(r, 1):
			return u // passed through in source units
		case closeRel(r, u):
			return 1 // PROJ converted to metres already
		}
	}
	if t.info.Kind == KindCompound || !t.info.HasVertical {
		return u
	}
	return 1
}

// probeHeightRatio converts one source point at two heights and returns
// Δh out / Δh in.
func (t *Transformer) probeHeightRatio() (float64, bool) {
	lon, lat := t.info.Area.Center()
	src, err := t.pj.Inverse(proj.NewCoord(lon, lat, 0, 0))
	if err != nil || !(Point3{src[0], src[1], src[2]}).Finite() {
		return 0, false
	}
	const dz = 100
	a, errA := t.pj.Forward(proj.NewCoord(src[0], src[1], 0, 0))
	b, errB := t.pj.Forward(proj.NewCoord(src[0], src[1], dz, 0))
	if errA != nil || errB != nil {
		return 0, false
	}
	r := (b[2] - a[2]) / dz
	return r, !math.IsNaN(r) && !math.IsInf(r, 0)
}

func closeRel(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Abs(b) }

// Center returns the middle of the area (0, 0 when unknown), taking an
// area across the antimeridian into account.
func (a AreaOfUse) Center() (lon, lat float64) {
	if !a.Known {
		return 0, 0
	}
	w := a.East - a.West
	if w < 0 {
		w += 360
	}
	lon = a.West + w/2
	if lon > 180 {
		lon -= 360
	}
	return lon, (a.South + a.North) / 2
}

// Near reports whether lon°, lat° lies within marginDeg of the area. An
// unknown area is near everything.
func (a AreaOfUse) Near(lon, lat, marginDeg float64) bool {
	if !a.Known {
		return true
	}
	if lat < a.South-marginDeg || lat > a.North+marginDeg {
		return false
	}
	width := a.East - a.West
	if width < 0 {
		width += 360
	}
	if width >= 360 {
		return true
	}
	east := math.Mod(lon-a.West+720, 360) // degrees east of West
	if east <= width {
		return true
	}
	return math.Min(east-width, 360-east) <= marginDeg
}
