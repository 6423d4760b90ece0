package section

import (
	"fmt"
	"math"
	"strings"

	"github.com/citytwin/citytwin/twin"
)

// ground draws the soil band under the ground profile and the ground line.
func (d *drawing) ground() {
	g := d.r.Ground
	if len(g) == 0 {
		fmt.Fprintf(&d.b, `<text class="note" x="0" y="%s">ground unknown</text>`+"\n", n(d.y(d.groundHi)-d.fs))
		return
	}
	var line strings.Builder
	for _, p := range g {
		fmt.Fprintf(&line, "%s,%s ", n(p.StationM), n(d.y(p.GroundM)))
	}
	pts := strings.TrimSpace(line.String())
	fmt.Fprintf(&d.b, `<g id="ground"><polygon class="soil" points="%s %s,%s %s,%s" fill="#efe4cf"/>`,
		pts, n(g[len(g)-1].StationM), n(d.y(d.bottom)), n(g[0].StationM), n(d.y(d.bottom)))
	fmt.Fprintf(&d.b, `<polyline class="ground" points="%s" fill="none" stroke="#6b4f2a" stroke-width="%s"/></g>`+"\n", pts, n(2*d.sw))
}

// buildings draws each span of a building as an outline above its base,
// cut at MaxAboveGroundM (the cut edge dashed).
func (d *drawing) buildings() {
	d.b.WriteString(`<g id="buildings">` + "\n")
	for _, b := range d.r.Buildings {
		top := b.BaseM + min(b.HeightM, d.o.MaxAboveGroundM)
		for _, sp := range b.Spans {
			fmt.Fprintf(&d.b, `<polyline class="building" data-id="%s" points="%s,%s %s,%s %s,%s %s,%s" fill="#f4f1ea" stroke="#555555" stroke-width="%s"/>`+"\n",
				esc(b.FeatureID), n(sp[0]), n(d.y(b.BaseM)), n(sp[0]), n(d.y(top)), n(sp[1]), n(d.y(top)), n(sp[1]), n(d.y(b.BaseM)), n(d.sw))
			dash := ""
			if b.HeightM > d.o.MaxAboveGroundM {
				dash = fmt.Sprintf(` stroke-dasharray="%s %s"`, n(d.fs/2), n(d.fs/3))
			}
			fmt.Fprintf(&d.b, `<line class="building-top" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555" stroke-width="%s"%s/>`+"\n",
				n(sp[0]), n(d.y(top)), n(sp[1]), n(d.y(top)), n(d.sw), dash)
			fmt.Fprintf(&d.b, `<text class="building-label" x="%s" y="%s" text-anchor="middle" font-size="%s">%s</text>`+"\n",
				n((sp[0]+sp[1])/2), n(d.y(top)-d.fs/3), n(d.fs*0.7), esc(fmt.Sprintf("%s, %s m", shortID(b.FeatureID), n(b.HeightM))))
		}
	}
	d.b.WriteString("</g>\n")
}

// along draws utilities running along the line as bands of their height.
func (d *drawing) along() {
	d.b.WriteString(`<g id="along">` + "\n")
	for _, a := range d.r.Along {
		_, rv := half(a.DiameterMM, a.WidthMM, a.HeightMM)
		rv = max(rv, 0.01)
		fmt.Fprintf(&d.b, `<polygon class="along" data-id="%s" points="%s,%s %s,%s %s,%s %s,%s" fill="%s" fill-opacity="0.45" stroke="%s" stroke-width="%s"/>`+"\n",
			esc(a.FeatureID), n(a.FromM), n(d.y(a.FromCentreM+rv)), n(a.ToM), n(d.y(a.ToCentreM+rv)),
			n(a.ToM), n(d.y(a.ToCentreM-rv)), n(a.FromM), n(d.y(a.FromCentreM-rv)), colour(a.Network, a.Status), "#333333", n(d.sw/2))
	}
	d.b.WriteString("</g>\n")
}

// crossings draws each crossing to scale with a leader to its label above
// the ground.
func (d *drawing) crossings() {
	d.b.WriteString(`<g id="crossings">` + "\n")
	for _, c := range d.r.Crossings {
		x, y := c.StationM, d.y(c.CentreM)
		rh, rv := half(c.DiameterMM, c.WidthMM, c.HeightMM)
		fill, dash := colour(c.Network, c.Status), ""
		if c.Status == twin.StatusPlanned {
			dash = fmt.Sprintf(` stroke-dasharray="%s %s"`, n(d.sw*2), n(d.sw*2))
		}
		common := fmt.Sprintf(`data-id="%s" data-network="%s" fill="%s" stroke="#222222" stroke-width="%s"%s`, esc(c.FeatureID), esc(string(c.Network)), fill, n(d.sw/2), dash)
		switch {
		case c.DiameterMM > 0 && d.e == 1:
			fmt.Fprintf(&d.b, `<circle class="pipe" cx="%s" cy="%s" r="%s" %s/>`+"\n", n(x), n(y), n(rh), common)
		case c.DiameterMM > 0:
			fmt.Fprintf(&d.b, `<ellipse class="pipe" cx="%s" cy="%s" rx="%s" ry="%s" %s/>`+"\n", n(x), n(y), n(rh), n(rv*d.e), common)
		default:
			fmt.Fprintf(&d.b, `<rect class="duct" x="%s" y="%s" width="%s" height="%s" %s/>`+"\n", n(x-rh), n(y-rv*d.e), n(2*rh), n(2*rv*d.e), common)
		}
		d.label(c, x, y-rv*d.e)
	}
	d.b.WriteString("</g>\n")
}

// maxLabelRows is how many rows of labels the drawing stacks above the
// ground before labels may overlap.
const maxLabelRows = 6

// label writes a crossing's label (network, Ø, depth) above the ground,
// in the lowest row where it does not overlap the labels left of it.
func (d *drawing) label(c Crossing, x, ytop float64) {
	size := fmt.Sprintf("Ø%s", n(c.DiameterMM))
	if c.DiameterMM == 0 {
		size = fmt.Sprintf("%s×%s", n(c.WidthMM), n(c.HeightMM))
	}
	text := fmt.Sprintf("%s %s %s m", c.Network, size, n(c.DepthM))
	half := 0.3 * d.fs * 0.6 * float64(len([]rune(text)))
	row := 0
	for row < len(d.rows) && d.rows[row] > x-half {
		row++
	}
	if row == len(d.rows) {
		if row < maxLabelRows {
			d.rows = append(d.rows, 0)
		} else {
			row = 0
			for k, end := range d.rows {
				if end < d.rows[row] {
					row = k
				}
			}
		}
	}
	d.rows[row] = x + half + d.fs*0.3
	yl := d.y(c.GroundM) - d.fs*(0.6+float64(row)*0.8)
	fmt.Fprintf(&d.b, `<line class="leader" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888888" stroke-width="%s"/>`+"\n",
		n(x), n(ytop), n(x), n(yl+d.fs*0.2), n(d.sw/2))
	fmt.Fprintf(&d.b, `<text class="label" x="%s" y="%s" text-anchor="middle" font-size="%s">%s</text>`+"\n",
		n(x), n(yl), n(d.fs*0.6), esc(text))
}

// stations draws ticks and chainage labels along the bottom.
func (d *drawing) stations() {
	step := niceStep(d.r.LengthM / 8)
	yb := d.y(d.bottom)
	fmt.Fprintf(&d.b, `<g id="stations"><line class="axis" x1="0" y1="%s" x2="%s" y2="%s" stroke="#000000" stroke-width="%s"/>`+"\n",
		n(yb), n(d.r.LengthM), n(yb), n(d.sw))
	for k := 0; float64(k)*step <= d.r.LengthM+1e-9; k++ {
		s := float64(k) * step
		fmt.Fprintf(&d.b, `<line class="tick" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000000" stroke-width="%s"/>`,
			n(s), n(yb), n(s), n(yb+d.fs*0.4), n(d.sw))
		fmt.Fprintf(&d.b, `<text class="station" x="%s" y="%s" text-anchor="middle" font-size="%s">%s</text>`+"\n",
			n(s), n(yb+d.fs*1.2), n(d.fs*0.7), chainage(s, step))
	}
	d.b.WriteString("</g>\n")
}

// heights draws elevation ticks and labels left of station 0.
func (d *drawing) heights() {
	step := niceStep((d.top - d.bottom) / 5)
	d.b.WriteString(`<g id="heights">`)
	for h := math.Ceil(d.bottom/step) * step; h <= d.top+1e-9; h += step {
		fmt.Fprintf(&d.b, `<line class="tick" x1="%s" y1="%s" x2="0" y2="%s" stroke="#000000" stroke-width="%s"/>`,
			n(-d.fs*0.4), n(d.y(h)), n(d.y(h)), n(d.sw))
		fmt.Fprintf(&d.b, `<text class="height" x="%s" y="%s" text-anchor="end" font-size="%s">%s</text>`,
			n(-d.fs*0.5), n(d.y(h)+d.fs*0.2), n(d.fs*0.5), n(h))
	}
	d.b.WriteString("</g>\n")
}

// scaleBar draws a bar of a round length at the bottom left.
func (d *drawing) scaleBar() {
	l := niceStep(d.r.LengthM / 5)
	x, y := 0.0, d.y(d.bottom)+d.fs*2.2
	fmt.Fprintf(&d.b, `<g id="scale"><rect class="scale-bar" x="%s" y="%s" width="%s" height="%s" fill="#000000"/>`,
		n(x), n(y), n(l/2), n(d.fs/3))
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" stroke="#000000" stroke-width="%s"/>`,
		n(x+l/2), n(y), n(l/2), n(d.fs/3), n(d.sw/2))
	fmt.Fprintf(&d.b, `<text class="scale-label" x="%s" y="%s" font-size="%s">%s m</text></g>`+"\n",
		n(x+l+d.fs/3), n(y+d.fs/3), n(d.fs*0.7), n(l))
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// chainage formats a station as km+metres ("0+050"), with decimals when
// the step is below a metre.
func chainage(s, step float64) string {
	km := math.Floor(s / 1000)
	m := s - km*1000
	if step < 1 {
		return fmt.Sprintf("%.0f+%06.2f", km, m)
	}
	return fmt.Sprintf("%.0f+%03.0f", km, m)
}

func shortID(id string) string {
	if i := strings.LastIndexByte(id, ':'); i >= 0 {
		return id[i+1:]
	}
	return id
}
