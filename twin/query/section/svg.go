package section

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/citytwin/citytwin/twin"
)

// SVGOptions steer the drawing of a section.
type SVGOptions struct {
	// VerticalExaggeration scales heights (0: 1, pipes to scale as
	// circles; otherwise round pipes become ellipses). At most 100.
	VerticalExaggeration float64 `json:"vertical_exaggeration,omitempty"`
	// MaxAboveGroundM cuts buildings this high above their base (0: 6 m);
	// labels give their full height.
	MaxAboveGroundM float64 `json:"max_above_ground_m,omitempty"`
	// WidthPx is the drawing's width attribute (0: 1200); the viewBox is
	// in metres (heights times the exaggeration, y pointing down).
	WidthPx int `json:"width_px,omitempty"`
	// Title is shown at the top left and as the SVG title.
	Title string `json:"title,omitempty"`
}

// Colours of the networks, sRGB hex: the APWA one-call colours copied
// from twin/tiler/colours.go (NetworkSRGB, UtilitySRGBA) so that drawings
// match the 3D tiles: power (1,0,0), gas (1,1,0), water (0,0.4,1), sewer
// (0,0.7,0), telecom (1,0.5,0), storm (0,0.6,0.55), heating
// (1,0.3,0.65), other (0.6,0.6,0.6); abandoned (0.3,0.3,0.3).
var networkHex = map[twin.Network]string{
	twin.NetworkPower: "#ff0000", twin.NetworkGas: "#ffff00", twin.NetworkWater: "#0066ff",
	twin.NetworkSewer: "#00b300", twin.NetworkTelecom: "#ff8000", twin.NetworkStorm: "#00998c",
	twin.NetworkHeating: "#ff4da6", twin.NetworkOther: "#999999",
}

const abandonedHex = "#4d4d4d"

func colour(n twin.Network, s twin.Status) string {
	if s == twin.StatusAbandoned {
		return abandonedHex
	}
	if c, ok := networkHex[n]; ok {
		return c
	}
	return networkHex[twin.NetworkOther]
}

// SVG draws r as an SVG document.
func SVG(r Result, o SVGOptions) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteSVG(&b, r, o); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteSVG draws r to w: the ground line over a soil band, buildings as
// outlines above it, crossing pipes as circles (ducts as rectangles) to
// scale in their network's colour with a label (network, Ø, depth),
// along-runs as bands, station ticks and a scale bar.
func WriteSVG(w io.Writer, r Result, o SVGOptions) error {
	d, err := newDrawing(r, o)
	if err != nil {
		return err
	}
	d.header()
	d.ground()
	d.buildings()
	d.along()
	d.crossings()
	d.stations()
	d.heights()
	d.scaleBar()
	d.b.WriteString("</svg>\n")
	_, err = io.WriteString(w, d.b.String())
	return err
}

// drawing lays a section out in viewBox units: x = station m, y = −height
// m × exaggeration.
type drawing struct {
	r                  Result
	o                  SVGOptions
	e                  float64
	top, bottom        float64   // heights, m
	x0, y0, w, h       float64   // viewBox
	fs, sw             float64   // font size and stroke width
	rows               []float64 // right end of the last label in each label row
	b                  strings.Builder
	groundLo, groundHi float64
}

func newDrawing(r Result, o SVGOptions) (*drawing, error) {
	if o.VerticalExaggeration == 0 {
		o.VerticalExaggeration = 1
	}
	if e := o.VerticalExaggeration; math.IsNaN(e) || e <= 0 || e > 100 {
		return nil, fmt.Errorf("%w: vertical exaggeration %v outside (0, 100]", ErrInvalid, e)
	}
	if o.MaxAboveGroundM == 0 {
		o.MaxAboveGroundM = 6
	}
	if o.WidthPx == 0 {
		o.WidthPx = 1200
	}
	if math.IsNaN(o.MaxAboveGroundM) || o.MaxAboveGroundM < 0 || o.WidthPx < 0 || r.LengthM <= 0 {
		return nil, fmt.Errorf("%w: bad drawing options or empty section", ErrInvalid)
	}
	d := &drawing{r: r, o: o, e: o.VerticalExaggeration}
	d.extent()
	return d, nil
}

// extent finds the heights the drawing spans and sets the viewBox.
func (d *drawing) extent() {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, g := range d.r.Ground {
		lo, hi = min(lo, g.GroundM), max(hi, g.GroundM)
	}
	for _, c := range d.r.Crossings {
		_, rv := half(c.DiameterMM, c.WidthMM, c.HeightMM)
		lo, hi = min(lo, c.CentreM-rv, c.GroundM), max(hi, c.CentreM+rv, c.GroundM)
	}
	for _, a := range d.r.Along {
		lo, hi = min(lo, a.FromCentreM, a.ToCentreM, a.GroundM), max(hi, a.GroundM)
	}
	for _, b := range d.r.Buildings {
		lo, hi = min(lo, b.BaseM), max(hi, b.BaseM+min(b.HeightM, d.o.MaxAboveGroundM))
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0, 0
	}
	d.groundLo, d.groundHi = lo, hi
	d.bottom, d.top = lo-0.5, max(hi, lo+3)+0.5
	span := (d.top - d.bottom) * d.e
	d.fs = max(min(span/15, d.r.LengthM/100), 1e-3)
	d.sw = d.fs / 12
	pad := max(d.r.LengthM*0.03, 4*d.fs)
	d.x0, d.w = -pad, d.r.LengthM+2*pad
	d.y0 = d.y(d.top) - 2*d.fs
	d.h = span + 6*d.fs
}

func (d *drawing) y(h float64) float64 { return -h * d.e }

// n formats a number for the SVG.
func n(x float64) string { return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64) }

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (d *drawing) header() {
	hpx := float64(d.o.WidthPx) * d.h / d.w
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s %s %s %s" width="%d" height="%s" font-family="sans-serif" font-size="%s">`+"\n",
		n(d.x0), n(d.y0), n(d.w), n(d.h), d.o.WidthPx, n(math.Max(1, math.Round(hpx))), n(d.fs))
	title := d.o.Title
	if title == "" {
		title = fmt.Sprintf("Cross-section, %s m", n(d.r.LengthM))
	}
	fmt.Fprintf(&d.b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&d.b, `<rect class="background" x="%s" y="%s" width="%s" height="%s" fill="#ffffff"/>`+"\n", n(d.x0), n(d.y0), n(d.w), n(d.h))
	note := title
	if d.e != 1 {
		note += fmt.Sprintf(" (vertical exaggeration ×%s)", n(d.e))
	}
	fmt.Fprintf(&d.b, `<text class="title" x="%s" y="%s">%s</text>`+"\n", n(d.x0+d.fs/2), n(d.y0+1.2*d.fs), esc(note))
}

// half returns the horizontal and vertical half-extents, metres.
func half(diameterMM, widthMM, heightMM float64) (float64, float64) {
	if diameterMM > 0 {
		return diameterMM / 2000, diameterMM / 2000
	}
	return widthMM / 2000, heightMM / 2000
}
