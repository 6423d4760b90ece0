package tiler

import (
	"errors"
	"fmt"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Mesher is the ContentBuilder of CityTwin: it meshes buildings and
// utility features in a tile's local frame (meshbuild_building.go,
// meshbuild_utility.go, meshbuild_node.go) and builds their property
// table. It holds only its options and is safe for concurrent use.
type Mesher struct {
	opts MesherOptions
}

// MesherOptions tune the meshing. Zero values take the defaults named
// beside each field.
type MesherOptions struct {
	// MainDiameterMM is the least diameter of a main: the pipes a coarse
	// tile keeps (default 200 mm). Ducts count by their larger side.
	MainDiameterMM float64
	// GravityMainDiameterMM is the same for sewers and storm drains, whose
	// house connections alone are 150–250 mm (default 300 mm).
	GravityMainDiameterMM float64
	// DefaultDiameterMM is the diameter drawn for a segment of unknown
	// size (default 100 mm; the row's diameter_mm stays noData).
	DefaultDiameterMM float64
	// TubeToleranceM is the largest distance between a drawn tube and the
	// true cylinder at full detail (default tiles.DefaultTubeToleranceM).
	TubeToleranceM float64
	// CoarseToleranceM is the Douglas–Peucker tolerance of the centrelines
	// of coarse tiles (default 0.5 m).
	CoarseToleranceM float64
	// FootprintToleranceM is the deviation up to which a coarse building
	// is a rectangle; beyond it the convex hull is used when closer
	// (default 1 m).
	FootprintToleranceM float64
	// Joint is how tubes turn corners (default tiles.JointMiter).
	Joint tiles.JointStyle
	// Bottoms closes buildings with a floor at their base, for views from
	// below ground (default off).
	Bottoms bool
}

// Defaults of MesherOptions.
const (
	DefaultMainDiameterMM        = 200.0
	DefaultGravityMainDiameterMM = 300.0
	DefaultDiameterMM            = 100.0
	DefaultCoarseToleranceM      = 0.5
	DefaultFootprintToleranceM   = 1.0
)

// NewMesher returns a Mesher with opts, defaults filled in.
func NewMesher(opts MesherOptions) *Mesher {
	def := func(v *float64, d float64) {
		if !(*v > 0) {
			*v = d
		}
	}
	def(&opts.MainDiameterMM, DefaultMainDiameterMM)
	def(&opts.GravityMainDiameterMM, DefaultGravityMainDiameterMM)
	def(&opts.DefaultDiameterMM, DefaultDiameterMM)
	def(&opts.TubeToleranceM, tiles.DefaultTubeToleranceM)
	def(&opts.CoarseToleranceM, DefaultCoarseToleranceM)
	def(&opts.FootprintToleranceM, DefaultFootprintToleranceM)
	return &Mesher{opts: opts}
}

// Options returns the options in use, defaults filled in.
func (m *Mesher) Options() MesherOptions { return m.opts }

// ErrMixedLayers is returned by Build for features of more than one layer.
var ErrMixedLayers = errors.New("tiler: features of more than one layer in one tile")

// ErrUnsupported is returned by Build for a feature type or layer it
// cannot mesh.
var ErrUnsupported = errors.New("tiler: unsupported feature")

// Build implements ContentBuilder. Features that cannot be meshed in part
// (a degenerate surface, say) lose that part; features that yield no
// geometry at all get no row. Both are listed in Content.Skipped. A tile
// with nothing to draw has no meshes and a nil table.
func (m *Mesher) Build(features []twin.Feature, frame geo.ENU, detail Detail) (Content, error) {
	if detail != DetailFull && detail != DetailCoarse {
		return Content{}, fmt.Errorf("tiler: build: unknown detail %d", detail)
	}
	if len(features) == 0 {
		return Content{Bounds: geo.EmptyBounds()}, nil
	}
	layer := features[0].Layer()
	for _, f := range features[1:] {
		if f.Layer() != layer {
			return Content{}, fmt.Errorf("%w: %q (%s) and %q", ErrMixedLayers, f.Layer(), f.Head().ID, layer)
		}
	}
	var (
		c   Content
		err error
	)
	switch {
	case layer == LayerBuildings:
		c, err = m.buildBuildings(features, frame, detail)
	case LayerSchema(layer) != nil:
		c, err = m.buildUtilities(features, frame, detail, layer)
	default:
		return Content{}, fmt.Errorf("%w: layer %q", ErrUnsupported, layer)
	}
	if err != nil {
		return Content{}, err
	}
	if len(c.FeatureIDs) == 0 {
		c.Table = nil
	}
	return c, nil
}

// skipf formats one Content.Skipped entry: "<id>: <what>".
func skipf(id, format string, args ...any) string {
	return id + ": " + fmt.Sprintf(format, args...)
}

// localRing converts a ring of lon°, lat°, h m to the frame.
func localRing(frame geo.ENU, ring []geo.Point3) []geo.Point3 {
	return frame.AppendLocal(make([]geo.Point3, 0, len(ring)), ring)
}
