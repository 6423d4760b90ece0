package viewer

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// A screenshot of the Cesium test page shows a plain globe and an empty
// sky of one colour each, so structure on screen comes from the tiles.
// screenshotStats measures it: the standard deviation of luma, and the
// fraction of pixels that differ clearly from the most common colour (the
// background). A blank or nearly blank image fails both thresholds.

const (
	minLumaStdDev  = 6.0  // on 0–255; a uniform image has 0
	minForeground  = 0.01 // of all pixels
	foregroundDist = 24.0 // RGB distance (0–255 per channel) from the background
)

// shotStats are the measures of one screenshot.
type shotStats struct {
	lumaStdDev, foreground float64
	width, height          int
}

func (s shotStats) String() string {
	return fmt.Sprintf("%dx%d, luma σ %.1f, %.1f%% foreground", s.width, s.height, s.lumaStdDev, 100*s.foreground)
}

// blank reports why s looks blank, or "" when something is drawn.
func (s shotStats) blank() string {
	switch {
	case s.lumaStdDev < minLumaStdDev:
		return fmt.Sprintf("luma σ %.2f below %.0f", s.lumaStdDev, minLumaStdDev)
	case s.foreground < minForeground:
		return fmt.Sprintf("foreground %.2f%% below %.0f%%", 100*s.foreground, 100*minForeground)
	}
	return ""
}

// screenshotStats decodes the PNG at path and measures it.
func screenshotStats(path string) (shotStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return shotStats{}, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return shotStats{}, fmt.Errorf("screenshot %s: %w", path, err)
	}
	return imageStats(img), nil
}

// imageStats measures img (see screenshotStats).
func imageStats(img image.Image) shotStats {
	b := img.Bounds()
	s := shotStats{width: b.Dx(), height: b.Dy()}
	n := float64(b.Dx() * b.Dy())
	if n == 0 {
		return s
	}
	counts := map[[3]uint8]int{}
	var sum, sum2 float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := rgb8(img.At(x, y))
			counts[c]++
			l := 0.2126*float64(c[0]) + 0.7152*float64(c[1]) + 0.0722*float64(c[2])
			sum, sum2 = sum+l, sum2+l*l
		}
	}
	mean := sum / n
	s.lumaStdDev = math.Sqrt(max(0, sum2/n-mean*mean))
	var bg [3]uint8
	for c, k := range counts {
		if k > counts[bg] || (k == counts[bg] && less(c, bg)) {
			bg = c
		}
	}
	fg := 0
	for c, k := range counts {
		if rgbDist(c, bg) > foregroundDist {
			fg += k
		}
	}
	s.foreground = float64(fg) / n
	return s
}

func rgb8(c color.Color) [3]uint8 {
	r, g, b, _ := c.RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

func rgbDist(a, b [3]uint8) float64 {
	var d float64
	for i := range 3 {
		x := float64(a[i]) - float64(b[i])
		d += x * x
	}
	return math.Sqrt(d)
}

func less(a, b [3]uint8) bool {
	for i := range 3 {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// shotDir is where the Cesium tests keep their screenshots:
// testdata-out/viewer at the module root (ignored by git), so that they
// can be looked at after a run.
func shotDir(t *testing.T, h harness) string {
	t.Helper()
	dir := filepath.Join(h.root, "testdata-out", "viewer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestScreenshotStats checks the blank-screenshot check on synthetic
// images: uniform, faint noise, a small speck, and a drawn scene.
func TestScreenshotStats(t *testing.T) {
	bg := color.RGBA{0x5a, 0x64, 0x70, 0xff}
	cases := []struct {
		name      string
		draw      func(img *image.RGBA)
		wantBlank bool
	}{
		{"uniform", func(*image.RGBA) {}, true},
		{"faint noise", func(img *image.RGBA) {
			for i := 0; i < len(img.Pix); i += 4 * 7 {
				img.Pix[i]++
			}
		}, true},
		{"one speck", func(img *image.RGBA) { fillRect(img, 10, 10, 14, 14, color.RGBA{255, 255, 255, 255}) }, true},
		{"buildings", func(img *image.RGBA) {
			for i := range 12 {
				fillRect(img, 20+i*25, 60-i*3, 38+i*25, 150, color.RGBA{0xd9, 0xc7, 0xa6, 0xff})
				fillRect(img, 20+i*25, 60-i*3, 38+i*25, 66-i*3, color.RGBA{0x80, 0x80, 0x80, 0xff})
			}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, 320, 200))
			fillRect(img, 0, 0, 320, 200, bg)
			tc.draw(img)
			s := imageStats(img)
			if why := s.blank(); (why != "") != tc.wantBlank {
				t.Errorf("%v: blank %q, want blank %v", s, why, tc.wantBlank)
			}
		})
	}
}

func fillRect(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}
