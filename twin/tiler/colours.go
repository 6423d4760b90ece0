package tiler

import (
	"math"

	"github.com/citytwin/citytwin/twin"
)

// Colours of tile content. They are chosen in sRGB (what a legend or a
// CSS swatch shows) and written to glTF as linear RGBA, which is what a
// glTF baseColorFactor holds (Linear).
//
// Utilities follow the APWA one-call colour code where it has a colour:
//
//	power    red           (1, 0, 0)
//	gas      yellow        (1, 1, 0)
//	water    blue          (0, 0.4, 1)      APWA potable water
//	sewer    green         (0, 0.7, 0)      APWA sewers and drain lines
//	telecom  orange        (1, 0.5, 0)
//
// and picks a distinct colour where it has none:
//
//	storm    teal          (0, 0.6, 0.55)   APWA puts storm drains with sewers
//	                                        (green); teal keeps the two apart
//	heating  pink          (1, 0.3, 0.65)   APWA has no district heating; its
//	                                        purple means reclaimed water, so
//	                                        heating stays clear of purple
//	other    grey          (0.6, 0.6, 0.6)
//
// Status changes the colour: planned features keep their network's hue at
// alpha 0.5 (drawn semi-transparent, "not there yet"); abandoned features
// are a dark grey (0.3, 0.3, 0.3) whatever their network, like dead lines
// on a utility plan.

// RGB is an sRGB colour, components in 0…1.
type RGB [3]float64

// PlannedAlpha is the opacity of planned utilities.
const PlannedAlpha = 0.5

// NetworkSRGB returns the sRGB colour of a utility network (grey for an
// unknown one).
func NetworkSRGB(n twin.Network) RGB {
	switch n {
	case twin.NetworkPower:
		return RGB{1, 0, 0}
	case twin.NetworkGas:
		return RGB{1, 1, 0}
	case twin.NetworkWater:
		return RGB{0, 0.4, 1}
	case twin.NetworkSewer:
		return RGB{0, 0.7, 0}
	case twin.NetworkTelecom:
		return RGB{1, 0.5, 0}
	case twin.NetworkStorm:
		return RGB{0, 0.6, 0.55}
	case twin.NetworkHeating:
		return RGB{1, 0.3, 0.65}
	}
	return RGB{0.6, 0.6, 0.6}
}

// UtilitySRGBA returns the sRGB colour and alpha a utility of network n
// with status s is drawn with.
func UtilitySRGBA(n twin.Network, s twin.Status) (RGB, float64) {
	switch s {
	case twin.StatusAbandoned:
		return RGB{0.3, 0.3, 0.3}, 1
	case twin.StatusPlanned:
		return NetworkSRGB(n), PlannedAlpha
	}
	return NetworkSRGB(n), 1
}

// BuildingSRGB returns the sRGB colour of building walls (a light
// grey-beige), or of roofs when roof is true (darker and redder, like tiles
// and weathered roofing).
func BuildingSRGB(roof bool) RGB {
	if roof {
		return RGB{0.68, 0.52, 0.46}
	}
	return RGB{0.86, 0.83, 0.77}
}

// Linear converts an sRGB colour and an alpha to the linear RGBA of a glTF
// baseColorFactor (IEC 61966-2-1 transfer function; alpha is linear).
func Linear(c RGB, alpha float64) [4]float32 {
	return [4]float32{
		float32(srgbToLinear(c[0])),
		float32(srgbToLinear(c[1])),
		float32(srgbToLinear(c[2])),
		float32(min(max(alpha, 0), 1)),
	}
}

// srgbToLinear decodes one sRGB component (clamped to 0…1).
func srgbToLinear(c float64) float64 {
	c = min(max(c, 0), 1)
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}
