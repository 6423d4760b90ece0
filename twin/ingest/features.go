package ingest

import (
	"strings"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Record is one source feature on its way to becoming a twin feature: its
// id, its properties and its geometry already in WGS84 (lon°, lat°, h m).
type Record struct {
	File     string
	SourceID string
	Props    Props
	// Has3D says whether the geometry carried measured heights.
	Has3D bool
}

// Segment builds a utility segment from a line through the mapping.
func (m *Mapping) Segment(dataset string, r Record, line []geo.Point3) (*twin.UtilitySegment, error) {
	s := &twin.UtilitySegment{Header: m.header(dataset, r)}
	var err error
	if s.Network, err = m.network(r.Props); err != nil {
		return nil, Errorf(r.File, r.SourceID, "%v", err)
	}
	if err := m.utilityCommon(r, &s.Material, &s.InstallYear, &s.Status); err != nil {
		return nil, err
	}
	dia, _, err := r.Props.Metres(m.Diameter)
	if err != nil {
		return nil, Errorf(r.File, r.SourceID, "diameter: %v", err)
	}
	width, _, err := r.Props.Metres(m.Width)
	if err != nil {
		return nil, Errorf(r.File, r.SourceID, "width: %v", err)
	}
	s.DiameterMM, s.WidthMM = metresToMM(dia), metresToMM(width)
	if v, ok := r.Props.String(m.StartNode); ok {
		s.StartNode = twin.FeatureID(dataset, v)
	}
	if v, ok := r.Props.String(m.EndNode); ok {
		s.EndNode = twin.FeatureID(dataset, v)
	}
	s.Centreline = append([]geo.Point3(nil), line...)
	depth, vert, err := m.vertical(r, s.Network, s.Centreline)
	if err != nil {
		return nil, err
	}
	s.DepthM, s.Vertical = depth, vert
	s.GroundM = meanZ(s.Centreline) + depth
	m.dropMapped(s.Attributes)
	if err := twin.Validate(s); err != nil {
		return nil, twinErr(r, err)
	}
	return s, nil
}

// Node builds a utility node from a point through the mapping.
func (m *Mapping) Node(dataset string, r Record, p geo.Point3) (*twin.UtilityNode, error) {
	n := &twin.UtilityNode{Header: m.header(dataset, r)}
	var err error
	if n.Network, err = m.network(r.Props); err != nil {
		return nil, Errorf(r.File, r.SourceID, "%v", err)
	}
	var material string
	var year int
	if err := m.utilityCommon(r, &material, &year, &n.Status); err != nil {
		return nil, err
	}
	kind := m.NodeKind
	if v, ok := r.Props.String(m.NodeKindProperty); ok {
		kind = v
	}
	if n.NodeKind, err = twin.ParseNodeKind(kind); err != nil {
		n.NodeKind = twin.NodeOther
		n.Attributes["node_kind_source"] = kind
	}
	pts := []geo.Point3{p}
	depth, vert, err := m.vertical(r, n.Network, pts)
	if err != nil {
		return nil, err
	}
	n.Position, n.DepthM, n.Vertical = pts[0], depth, vert
	n.GroundM = n.Position[2] + depth
	m.dropMapped(n.Attributes)
	if err := twin.Validate(n); err != nil {
		return nil, twinErr(r, err)
	}
	return n, nil
}

// Building builds a block-model building from a footprint (outer ring first)
// and height properties: Height, else Levels × LevelHeightM, else
// DefaultBuildingHeightM; MinHeight raises the base (building parts).
// groundM is the terrain elevation under the footprint.
func (m *Mapping) Building(dataset string, r Record, footprint orb.Polygon, groundM float64) (*twin.Building, error) {
	b := &twin.Building{Header: m.header(dataset, r), Footprint: footprint, LoD: "1"}
	tags := BuildingHeights{Ground: groundM, LevelHeightM: m.LevelHeightM}
	var err error
	if tags.Height, tags.HasHeight, err = r.Props.Metres(m.Height); err != nil {
		return nil, Errorf(r.File, r.SourceID, "height: %v", err)
	}
	if tags.MinHeight, _, err = r.Props.Metres(m.MinHeight); err != nil {
		return nil, Errorf(r.File, r.SourceID, "min_height: %v", err)
	}
	if tags.Levels, tags.HasLevels, err = r.Props.Number(m.Levels); err != nil {
		return nil, Errorf(r.File, r.SourceID, "levels: %v", err)
	}
	b.BaseM, b.RoofM, b.Attributes["height_source"] = tags.Resolve()
	m.dropMapped(b.Attributes)
	if err := twin.Validate(b); err != nil {
		return nil, twinErr(r, err)
	}
	return b, nil
}

// BuildingHeights resolves a block building's base and roof elevations.
type BuildingHeights struct {
	Ground            float64
	Height, MinHeight float64
	HasHeight         bool
	Levels, MinLevels float64
	HasLevels         bool
	LevelHeightM      float64
}

// Resolve returns the base and roof elevations and which rule gave the
// height: "height", "levels" or "default".
func (h BuildingHeights) Resolve() (base, roof float64, source string) {
	lh := h.LevelHeightM
	if lh <= 0 {
		lh = DefaultLevelHeightM
	}
	minH := h.MinHeight
	if minH == 0 && h.MinLevels > 0 {
		minH = h.MinLevels * lh
	}
	total, source := DefaultBuildingHeightM, "default"
	switch {
	case h.HasHeight && h.Height > 0:
		total, source = h.Height, "height"
	case h.HasLevels && h.Levels > 0:
		total, source = h.Levels*lh, "levels"
	}
	if total <= minH {
		total = minH + lh
	}
	return h.Ground + minH, h.Ground + total, source
}

func (m *Mapping) header(dataset string, r Record) twin.Header {
	id := r.SourceID
	if v, ok := r.Props.String(m.ID); ok {
		id = v
	}
	attrs := make(twin.Attributes, len(r.Props))
	for k, v := range r.Props {
		attrs[k] = v
	}
	return twin.Header{ID: twin.FeatureID(dataset, id), Dataset: dataset, SourceID: id, Attributes: attrs}
}

// dropMapped is a hook for removing mapped properties from the free
// attributes; they are kept, so that users see the source as it was.
func (m *Mapping) dropMapped(twin.Attributes) {}

func (m *Mapping) network(p Props) (twin.Network, error) {
	if v, ok := p.String(m.NetworkProperty); ok {
		if mapped, ok := m.NetworkValues[v]; ok {
			v = mapped
		}
		if n, err := twin.ParseNetwork(v); err == nil || m.Network == "" {
			return n, err
		}
	}
	return twin.ParseNetwork(m.Network)
}

func (m *Mapping) utilityCommon(r Record, material *string, year *int, status *twin.Status) error {
	*material, _ = r.Props.String(m.Material)
	y, ok, err := r.Props.Number(m.InstallYear)
	if err != nil {
		return Errorf(r.File, r.SourceID, "install year: %v", err)
	}
	if ok && y != 0 {
		if y < 1700 || y > 2200 {
			return Errorf(r.File, r.SourceID, "install year %v is not plausible", y)
		}
		*year = int(y)
	}
	st, _ := r.Props.String(m.Status)
	if *status, err = twin.ParseStatus(st); err != nil {
		return Errorf(r.File, r.SourceID, "%v", err)
	}
	return nil
}

// vertical sets the heights of pts (in place) and returns the axis depth.
// Measured 3D geometry or an elevation property wins; else the depth
// property, else the network's default depth, below a ground at 0 m.
func (m *Mapping) vertical(r Record, n twin.Network, pts []geo.Point3) (float64, twin.VerticalRef, error) {
	depth, hasDepth, err := r.Props.Metres(m.Depth)
	if err != nil {
		return 0, "", Errorf(r.File, r.SourceID, "depth: %v", err)
	}
	elev, hasElev, err := r.Props.Metres(m.Elevation)
	if err != nil {
		return 0, "", Errorf(r.File, r.SourceID, "elevation: %v", err)
	}
	if !hasDepth {
		depth = m.defaultDepth(n)
	}
	switch {
	case r.Has3D:
		return depth, twin.VerticalElevation, nil
	case hasElev:
		for i := range pts {
			pts[i][2] = elev - depth
		}
		return depth, twin.VerticalElevation, nil
	}
	for i := range pts {
		pts[i][2] = -depth
	}
	return depth, twin.VerticalDepth, nil
}

func (m *Mapping) defaultDepth(n twin.Network) float64 {
	if d, ok := m.DefaultDepthM[string(n)]; ok {
		return d
	}
	return DefaultDepthsM[n]
}

func meanZ(pts []geo.Point3) float64 {
	if len(pts) == 0 {
		return 0
	}
	var s float64
	for _, p := range pts {
		s += p[2]
	}
	return s / float64(len(pts))
}

// twinErr names the file and the feature in an error of twin.Validate. It
// drops the "twin: " prefix from the message but keeps the error in the
// chain, so that errors.Is(err, twin.ErrInvalidFeature) holds.
func twinErr(r Record, err error) error {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return &FeatureError{File: r.File, Feature: r.SourceID, Err: &renamedError{msg: msg, err: err}}
}

// renamedError is err with another message.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// Warner is implemented by a FeatureWriter that wants to hear about source
// records a reader skipped or changed by a documented rule instead of
// failing (a null shape, a deleted dBase record, a duplicate id stored under
// "<id>#<n>"). The errors are *FeatureError.
type Warner interface {
	Warn(err error)
}

// Warn hands err to w when w is a Warner and drops it otherwise.
func Warn(w twin.FeatureWriter, err error) {
	if wr, ok := w.(Warner); ok {
		wr.Warn(err)
	}
}
