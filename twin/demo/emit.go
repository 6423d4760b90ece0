package demo

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// emitter turns local plans into twin features, writes them and counts them.
type emitter struct {
	ctx     context.Context
	w       twin.FeatureWriter
	dataset string
	enu     geo.ENU
	pos     map[string]geo.Point3 // written node positions by source id
	count   int
	sum     Summary
}

func newEmitter(ctx context.Context, w twin.FeatureWriter, dataset string, o OriginRecipe) *emitter {
	return &emitter{
		ctx: ctx, w: w, dataset: dataset,
		enu: geo.NewENU(geo.Point3{o.Lon, o.Lat, o.GroundM}),
		pos: map[string]geo.Point3{},
		sum: newSummary(dataset),
	}
}

// llh converts local x, y and an elevation to lon°, lat°, h m. The ground is
// a level surface at the origin's height, so the elevation is used as is
// rather than following the ENU plane's curvature.
func (e *emitter) llh(p [3]float64) geo.Point3 {
	q := e.enu.ToLLH(geo.Point3{p[0], p[1], 0})
	q[2] = p[2]
	return q
}

func (e *emitter) put(f twin.Feature) error {
	e.count++
	if e.count%256 == 0 {
		if err := e.ctx.Err(); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	if err := e.w.Put(f); err != nil {
		return fmt.Errorf("demo: write %s: %w", f.Head().ID, err)
	}
	e.sum.add(f)
	return nil
}

func (e *emitter) header(id string, attrs twin.Attributes) twin.Header {
	a := twin.Attributes{"synthetic": true}
	for k, v := range attrs {
		a[k] = v
	}
	return twin.Header{ID: twin.FeatureID(e.dataset, id), Dataset: e.dataset, SourceID: id, Attributes: a}
}

func (e *emitter) building(h *house, ground float64) error {
	poly := make(orb.Polygon, 0, len(h.rings))
	for _, r := range h.rings {
		ring := make(orb.Ring, 0, len(r)+1)
		for _, p := range r {
			q := e.llh(p.at(ground))
			ring = append(ring, orb.Point{q[0], q[1]})
		}
		poly = append(poly, append(ring, ring[0]))
	}
	eave := ground + roundTo(float64(h.floors)*h.floorM, 0.01)
	b := &twin.Building{
		Header: e.header(h.id, twin.Attributes{
			"use": h.use, "floors": int64(h.floors), "year": int64(h.year), "era": h.era,
			"address": h.address, "street": h.street, "form": h.kind,
			"block": fmt.Sprintf("%d-%d", h.block[0], h.block[1]), "floor_height_m": h.floorM,
		}),
		Footprint: poly, BaseM: ground, RoofM: eave, RoofShape: h.roof, LoD: "1",
	}
	if h.pitchM > 0 {
		b.EaveM, b.RoofM = eave, eave+h.pitchM
	}
	return e.put(b)
}

func (e *emitter) node(n *node, ground float64) error {
	p := e.llh(n.pos)
	e.pos[n.id] = p
	u := &twin.UtilityNode{
		Header:  e.header(n.id, n.attrs),
		Network: n.net, NodeKind: n.kind, Position: p,
		GroundM: ground, DepthM: round3(ground - n.pos[2]),
		Vertical: twin.VerticalDepth, Status: n.status,
	}
	if n.building != "" {
		u.Building = twin.FeatureID(e.dataset, n.building)
	}
	return e.put(u)
}

func (e *emitter) segment(s *seg, ground float64) error {
	a, okA := e.pos[s.from.id]
	b, okB := e.pos[s.to.id]
	if !okA || !okB || s.pts[0] != s.from.pos || s.pts[len(s.pts)-1] != s.to.pos {
		return fmt.Errorf("demo: internal error: segment %s does not meet its nodes", s.id)
	}
	line := make([]geo.Point3, len(s.pts))
	for i, p := range s.pts {
		line[i] = e.llh(p)
	}
	line[0], line[len(line)-1] = a, b
	attrs := s.attrs
	if s.dn > 0 {
		attrs["dn"] = int64(s.dn)
	}
	u := &twin.UtilitySegment{
		Header: e.header(s.id, attrs), Network: s.net, Centreline: line,
		DiameterMM: s.od, WidthMM: s.widthMM, HeightMM: s.height,
		DepthM: round3(ground - s.meanZ()), GroundM: ground, Vertical: twin.VerticalDepth,
		Material: s.material, InstallYear: s.year, Status: s.status,
		StartNode: twin.FeatureID(e.dataset, s.from.id), EndNode: twin.FeatureID(e.dataset, s.to.id),
	}
	e.sum.LengthM[s.net] += math.Round(s.length()*10) / 10
	return e.put(u)
}

// Summary says what Generate wrote.
type Summary struct {
	Dataset   string `json:"dataset"`
	Seed      int64  `json:"seed"`
	Buildings int    `json:"buildings"`
	Segments  int    `json:"segments"`
	Nodes     int    `json:"nodes"`
	// SegmentsBy and NodesBy count per network; NodeKinds per node kind.
	SegmentsBy map[twin.Network]int  `json:"segments_by_network"`
	NodesBy    map[twin.Network]int  `json:"nodes_by_network"`
	NodeKinds  map[twin.NodeKind]int `json:"node_kinds"`
	// LengthM is the total segment length per network, metres.
	LengthM map[twin.Network]float64 `json:"length_m"`
	// Extent bounds every feature (lon°, lat°, h m).
	Extent geo.Bounds3 `json:"extent"`
	// Issues are the deliberate problems planted for planning queries to find.
	Issues []Issue `json:"issues"`
}

// Issue is one deliberate problem in the district.
type Issue struct {
	// Kind is "clearance" (too close), "clash" (pipes intersect) or
	// "abandoned" (a disused line still in the ground).
	Kind string `json:"kind"`
	// Features are the stable ids involved, the main one first.
	Features []string `json:"features"`
	Note     string   `json:"note"`
}

func newSummary(dataset string) Summary {
	return Summary{
		Dataset: dataset, Extent: geo.EmptyBounds(),
		SegmentsBy: map[twin.Network]int{}, NodesBy: map[twin.Network]int{},
		NodeKinds: map[twin.NodeKind]int{}, LengthM: map[twin.Network]float64{},
	}
}

func (s *Summary) add(f twin.Feature) {
	s.Extent = s.Extent.Union(f.Bounds())
	switch v := f.(type) {
	case *twin.Building:
		s.Buildings++
	case *twin.UtilitySegment:
		s.Segments++
		s.SegmentsBy[v.Network]++
	case *twin.UtilityNode:
		s.Nodes++
		s.NodesBy[v.Network]++
		s.NodeKinds[v.NodeKind]++
	}
}

// String renders the summary as stable text: totals, one line per network,
// node kinds, and the planted issues.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dataset %s seed %d: %d buildings, %d segments, %d nodes\n",
		s.Dataset, s.Seed, s.Buildings, s.Segments, s.Nodes)
	for _, n := range twin.Networks {
		if s.SegmentsBy[n] == 0 && s.NodesBy[n] == 0 {
			continue
		}
		fmt.Fprintf(&b, "%-8s %4d segments %4d nodes %7.0f m\n", n, s.SegmentsBy[n], s.NodesBy[n], math.Round(s.LengthM[n]))
	}
	var kinds []string
	for _, k := range twin.NodeKinds {
		if c := s.NodeKinds[k]; c > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, c))
		}
	}
	fmt.Fprintf(&b, "nodes: %s\n", strings.Join(kinds, ", "))
	for _, is := range s.Issues {
		fmt.Fprintf(&b, "issue %s: %s (%d features)\n", is.Kind, is.Note, len(is.Features))
	}
	return b.String()
}
