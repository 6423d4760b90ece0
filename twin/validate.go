package twin

import (
	"fmt"
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
)

// Plausibility limits for positions and sizes; anything outside is an error.
const (
	MinElevationM = -12000.0 // below the deepest ocean trench
	MaxElevationM = 9000.0   // above the highest mountain
	MaxDiameterMM = 10000.0  // a 10 m tunnel is the largest "pipe" we accept
	MaxDepthM     = 1000.0
)

// Validate checks that a feature is complete and physically plausible: an id,
// finite coordinates within WGS84 ranges, closed rings of at least three
// distinct points, centrelines of at least two points, sizes within limits.
// The error wraps ErrInvalidFeature and names what is wrong.
func Validate(f Feature) error {
	if err := validate(f); err != nil {
		return fmt.Errorf("%w: %s %q: %v", ErrInvalidFeature, f.Kind(), f.Head().SourceID, err)
	}
	return nil
}

func validate(f Feature) error {
	h := f.Head()
	if h.ID == "" || h.SourceID == "" || h.Dataset == "" {
		return fmt.Errorf("missing id or dataset")
	}
	switch v := f.(type) {
	case *Building:
		return validateBuilding(v)
	case *UtilitySegment:
		return validateSegment(v)
	case *UtilityNode:
		return validateNode(v)
	}
	return fmt.Errorf("unsupported feature type %T", f)
}

func validateBuilding(b *Building) error {
	if len(b.Footprint) == 0 && len(b.Surfaces) == 0 {
		return fmt.Errorf("no footprint and no surfaces")
	}
	for _, h := range []struct {
		name string
		m    float64
	}{{"base", b.BaseM}, {"roof", b.RoofM}, {"eave", b.EaveM}} {
		if err := checkHeight(h.m); err != nil {
			return fmt.Errorf("%s: %v", h.name, err)
		}
	}
	if b.RoofM < b.BaseM {
		return fmt.Errorf("roof %.2f m below base %.2f m", b.RoofM, b.BaseM)
	}
	for i, ring := range b.Footprint {
		pts := make([]geo.Point3, len(ring))
		for j, p := range ring {
			pts[j] = geo.Point3{p[0], p[1], b.BaseM}
		}
		if err := checkRing(pts); err != nil {
			return fmt.Errorf("footprint ring %d: %v", i, err)
		}
	}
	for i, s := range b.Surfaces {
		for j, ring := range s.Rings {
			if err := checkRing(ring); err != nil {
				return fmt.Errorf("surface %d ring %d: %v", i, j, err)
			}
		}
	}
	return nil
}

func validateSegment(s *UtilitySegment) error {
	if len(s.Centreline) < 2 {
		return fmt.Errorf("centreline has %d points, want at least 2", len(s.Centreline))
	}
	for i, p := range s.Centreline {
		if err := checkPosition(p); err != nil {
			return fmt.Errorf("centreline point %d: %v", i, err)
		}
	}
	sizes := []struct {
		name string
		mm   float64
	}{{"diameter", s.DiameterMM}, {"width", s.WidthMM}, {"height", s.HeightMM}}
	for _, size := range sizes {
		if math.IsNaN(size.mm) || size.mm < 0 || size.mm > MaxDiameterMM {
			return fmt.Errorf("%s %v mm out of range 0..%v", size.name, size.mm, MaxDiameterMM)
		}
	}
	if err := checkHeight(s.GroundM); err != nil {
		return fmt.Errorf("ground: %v", err)
	}
	return checkDepth(s.DepthM)
}

func validateNode(n *UtilityNode) error {
	if err := checkPosition(n.Position); err != nil {
		return fmt.Errorf("position: %v", err)
	}
	if err := checkHeight(n.GroundM); err != nil {
		return fmt.Errorf("ground: %v", err)
	}
	return checkDepth(n.DepthM)
}

func checkRing(ring []geo.Point3) error {
	if len(ring) < 3 {
		return fmt.Errorf("%d points, want at least 3", len(ring))
	}
	for i, p := range ring {
		if err := checkPosition(p); err != nil {
			return fmt.Errorf("point %d: %v", i, err)
		}
	}
	if n := distinctPoints(ring); n < 3 {
		return fmt.Errorf("degenerate: %d distinct points", n)
	}
	return nil
}

// distinctPoints counts the distinct points of ring up to 3, enough to tell
// a ring from a degenerate one. Repeated points count once wherever they are
// (A, B, A, B is degenerate), so a closing point needs no special case.
func distinctPoints(ring []geo.Point3) int {
	var buf [3]geo.Point3
	seen := buf[:0]
	for _, p := range ring {
		if !slices.Contains(seen, p) {
			if seen = append(seen, p); len(seen) == len(buf) {
				break
			}
		}
	}
	return len(seen)
}

func checkPosition(p geo.Point3) error {
	if !p.Finite() {
		return fmt.Errorf("coordinate is not a finite number: %v", p)
	}
	if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
		return fmt.Errorf("lon/lat %.6f, %.6f outside WGS84 range (wrong CRS?)", p[0], p[1])
	}
	return checkHeight(p[2])
}

func checkHeight(h float64) error {
	if math.IsNaN(h) || h < MinElevationM || h > MaxElevationM {
		return fmt.Errorf("height %v m outside %v..%v m", h, MinElevationM, MaxElevationM)
	}
	return nil
}

func checkDepth(d float64) error {
	if math.IsNaN(d) || d < -MaxDepthM || d > MaxDepthM {
		return fmt.Errorf("depth %v m outside ±%v m", d, MaxDepthM)
	}
	return nil
}
