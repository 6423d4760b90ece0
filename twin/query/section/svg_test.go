package section

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// svgShape is one drawn element with the attributes the tests read.
type svgShape struct {
	name                     string
	class, id                string
	r, rx, ry, width, height float64
}

// parseSVG decodes an SVG document with encoding/xml and returns its
// root's viewBox and every element.
func parseSVG(t *testing.T, doc []byte) ([]float64, []svgShape) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var view []float64
	var shapes []svgShape
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		sh := svgShape{name: se.Name.Local}
		for _, a := range se.Attr {
			v, _ := strconv.ParseFloat(a.Value, 64)
			switch a.Name.Local {
			case "viewBox":
				for _, f := range strings.Fields(a.Value) {
					x, err := strconv.ParseFloat(f, 64)
					if err != nil {
						t.Fatalf("viewBox %q", a.Value)
					}
					view = append(view, x)
				}
			case "class":
				sh.class = a.Value
			case "data-id":
				sh.id = a.Value
			case "r":
				sh.r = v
			case "rx":
				sh.rx = v
			case "ry":
				sh.ry = v
			case "width":
				sh.width = v
			case "height":
				sh.height = v
			}
		}
		shapes = append(shapes, sh)
	}
	if len(shapes) == 0 || shapes[0].name != "svg" || len(view) != 4 {
		t.Fatalf("root %v, viewBox %v", shapes[:min(1, len(shapes))], view)
	}
	return view, shapes
}

// TestSVG draws demo sections and checks that every crossing is drawn to
// scale: a circle of radius D/2 for a round pipe (an ellipse stretched by
// the exaggeration), a rectangle W × H for a duct.
func TestSVG(t *testing.T) {
	s, sum := stores.Demo(t)
	res := mustCut(t, s, Request{Line: acrossDemo(sum, [2]float64{12, -400}, [2]float64{12, 400})})
	for _, tc := range []struct {
		name string
		e    float64
	}{
		{"to scale", 1},
		{"exaggerated", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := SVG(res, SVGOptions{VerticalExaggeration: tc.e, Title: "N–S <section>"})
			if err != nil {
				t.Fatal(err)
			}
			view, shapes := parseSVG(t, doc)
			if view[2] < res.LengthM {
				t.Errorf("viewBox %v narrower than the %v m line", view, res.LengthM)
			}
			byID := map[string]svgShape{}
			counts := map[string]int{}
			for _, sh := range shapes {
				counts[sh.name+"."+sh.class]++
				if sh.class == "pipe" || sh.class == "duct" {
					byID[sh.id] = sh
				}
			}
			round, ducts := 0, 0
			for _, c := range res.Crossings {
				sh, ok := byID[c.FeatureID]
				switch {
				case !ok:
					t.Errorf("crossing %s not drawn", c.FeatureID)
				case c.DiameterMM > 0 && tc.e == 1 && (sh.name != "circle" || math.Abs(sh.r-c.DiameterMM/2000) > 1e-4):
					t.Errorf("%s Ø%v drawn as %s r %v", c.FeatureID, c.DiameterMM, sh.name, sh.r)
				case c.DiameterMM > 0 && tc.e != 1 && (sh.name != "ellipse" || math.Abs(sh.rx-c.DiameterMM/2000) > 1e-4 || math.Abs(sh.ry-tc.e*c.DiameterMM/2000) > 1e-4):
					t.Errorf("%s Ø%v drawn as %s rx %v ry %v", c.FeatureID, c.DiameterMM, sh.name, sh.rx, sh.ry)
				case c.DiameterMM == 0 && (sh.name != "rect" || math.Abs(sh.width-c.WidthMM/1000) > 1e-4 || math.Abs(sh.height-tc.e*c.HeightMM/1000) > 1e-4):
					t.Errorf("%s %v×%v drawn as %s %v×%v", c.FeatureID, c.WidthMM, c.HeightMM, sh.name, sh.width, sh.height)
				}
				if c.DiameterMM > 0 {
					round++
				} else {
					ducts++
				}
			}
			pipeShape := "circle.pipe"
			if tc.e != 1 {
				pipeShape = "ellipse.pipe"
			}
			if counts[pipeShape] != round || counts["rect.duct"] != ducts || counts["text.label"] != len(res.Crossings) {
				t.Errorf("%d %s, %d ducts, %d labels; want %d, %d, %d", counts[pipeShape], pipeShape, counts["rect.duct"], counts["text.label"], round, ducts, len(res.Crossings))
			}
			if counts["polyline.ground"] != 1 || counts["rect.scale-bar"] != 1 || counts["text.station"] < 2 || counts["polygon.along"] != len(res.Along) {
				t.Errorf("ground, scale bar, stations or along-runs missing: %v", counts)
			}
		})
	}
	if _, err := SVG(res, SVGOptions{VerticalExaggeration: -1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative exaggeration: err = %v", err)
	}
}
