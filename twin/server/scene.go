package server

import (
	"cmp"
	"math"
	"net/http"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/tiler"
)

// layerInfo is one layer of /api/v1/layers and /api/v1/scene.
type layerInfo struct {
	Name string `json:"name"`
	// Kind is "building", "utility" or "mesh".
	Kind     string       `json:"kind"`
	Network  twin.Network `json:"network,omitempty"`
	Features layerCounts  `json:"features"`
	// Tileset is the URL of the layer's tileset, "" when it has no tiles.
	Tileset string `json:"tileset"`
	// BuiltSeq is the change-log sequence the layer's tiles were last
	// written at (a layer no change touched keeps an older one).
	BuiltSeq int64 `json:"built_seq"`
	// UpToDate is false when the layer has changes its tiles do not show
	// (or no tiles).
	UpToDate bool `json:"up_to_date"`
}

// camera is a viewpoint: position lon°, lat°, height m (the data's
// vertical datum), and orientation in degrees as CesiumJS takes them.
type camera struct {
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	Height     float64 `json:"height"`
	HeadingDeg float64 `json:"heading_deg"`
	PitchDeg   float64 `json:"pitch_deg"`
	RollDeg    float64 `json:"roll_deg"`
}

// scene is what a viewer needs to start.
type scene struct {
	// Extent bounds every dataset (lon°, lat°, h m); null when empty.
	Extent geo.Bounds3 `json:"extent"`
	// Center is the middle of the extent at ground height.
	Center  *geo.Point3 `json:"center"`
	GroundM float64     `json:"ground_m"`
	// Home looks at the data from the south, 35° down; nil without data.
	Home      *camera     `json:"home"`
	Tileset   string      `json:"tileset"`
	Tiles     tilesStatus `json:"tiles"`
	Layers    []layerInfo `json:"layers"`
	Datasets  []string    `json:"datasets"`
	Synthetic bool        `json:"synthetic"`
	Version   string      `json:"version"`
}

// tilesStatus says whether tiles exist and what they reflect.
type tilesStatus struct {
	Built    bool  `json:"built"`
	BuiltSeq int64 `json:"built_seq"`
	LastSeq  int64 `json:"last_seq"`
	Stale    bool  `json:"stale"`
}

func (s *Server) handleLayers(w http.ResponseWriter, r *http.Request) {
	layers, _, err := s.layers(r)
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.serveJSON(w, r, map[string]any{"layers": layers}, "")
}

// layers lists the layers with features or tiles: buildings first, then
// the networks in twin.Networks order, then the others by name.
func (s *Server) layers(r *http.Request) ([]layerInfo, *featureStats, error) {
	snap, err := s.tileState(r.Context())
	if err != nil {
		return nil, nil, err
	}
	st, err := s.featureStats(r.Context(), snap.lastSeq)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]bool{}
	for n := range st.layers {
		names[n] = true
	}
	for n := range snap.layers {
		names[n] = true
	}
	out := make([]layerInfo, 0, len(names))
	for n := range names {
		li := layerInfo{Name: n, Kind: "utility", UpToDate: !snap.layerStale(n)}
		if c := st.layers[n]; c != nil {
			li.Features = *c
		}
		switch net, err := twin.ParseNetwork(n); {
		case n == tiler.LayerBuildings:
			li.Kind = "building"
		case n == "meshes":
			li.Kind = "mesh"
		case err == nil && string(net) == n:
			li.Network = net
		}
		if l, ok := snap.layers[n]; ok {
			li.Tileset, li.BuiltSeq = tilesetURL(n), l.BuiltSeq
		} else {
			li.UpToDate = false
		}
		out = append(out, li)
	}
	slices.SortFunc(out, func(a, b layerInfo) int {
		return cmp.Or(cmp.Compare(layerRank(a), layerRank(b)), cmp.Compare(a.Name, b.Name))
	})
	return out, st, nil
}

func layerRank(l layerInfo) int {
	if l.Kind == "building" {
		return -1
	}
	if i := slices.Index(twin.Networks, l.Network); i >= 0 {
		return i
	}
	return len(twin.Networks)
}

func (s *Server) handleScene(w http.ResponseWriter, r *http.Request) {
	ds, err := s.store.Datasets(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	layers, st, err := s.layers(r)
	if err != nil {
		s.storeError(w, err)
		return
	}
	snap, err := s.tileState(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	sc := scene{Extent: geo.EmptyBounds(), GroundM: st.groundM, Tileset: tilesetURL(""), Layers: layers,
		Datasets: []string{}, Version: s.version,
		Tiles: tilesStatus{Built: snap.hasTiles(), BuiltSeq: snap.builtSeq(), LastSeq: snap.lastSeq, Stale: snap.stale()}}
	for _, d := range ds {
		sc.Extent = sc.Extent.Union(d.Extent)
		sc.Datasets = append(sc.Datasets, d.Name)
		sc.Synthetic = sc.Synthetic || d.Synthetic
	}
	if !sc.Extent.IsEmpty() {
		c := sc.Extent.Center()
		c[2] = sc.GroundM
		sc.Center = &c
		sc.Home = homeCamera(sc.Extent, sc.GroundM)
	}
	s.serveJSON(w, r, sc, "")
}

// homeCamera places the camera south of the extent's centre, looking
// north and 35° down at it from far enough to see all of it.
func homeCamera(b geo.Bounds3, groundM float64) *camera {
	const pitchDeg = -35.0
	const mPerDegLat = 111320.0
	c := b.Center()
	widthM := (b.Max[0] - b.Min[0]) * mPerDegLat * math.Cos(c[1]*math.Pi/180)
	depthM := (b.Max[1] - b.Min[1]) * mPerDegLat
	rangeM := max(math.Hypot(widthM, depthM)*1.1, 150)
	pitch := -pitchDeg * math.Pi / 180
	back := rangeM * math.Cos(pitch)
	return &camera{
		Lon:        c[0],
		Lat:        c[1] - back/mPerDegLat,
		Height:     groundM + rangeM*math.Sin(pitch),
		HeadingDeg: 0,
		PitchDeg:   pitchDeg,
	}
}
