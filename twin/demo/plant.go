package demo

import (
	"math"

	"github.com/citytwin/citytwin/twin"
)

// node is a utility node before it is written; pos is local x, y and the
// elevation of the pipe axis, metres.
type node struct {
	id       string
	net      twin.Network
	kind     twin.NodeKind
	pos      [3]float64
	status   twin.Status
	building string // source id of the building a service connection feeds
	attrs    twin.Attributes
}

// seg is a utility segment before it is written. pts runs from the start
// node's position to the end node's (newSeg guarantees both).
type seg struct {
	id              string
	net             twin.Network
	from, to        *node
	pts             [][3]float64
	dn, od          float64 // nominal and outside diameter, mm
	widthMM, height float64 // rectangular ducts, mm
	material        string
	year            int
	status          twin.Status
	attrs           twin.Attributes
}

// plant collects the nodes and segments of all networks in creation order.
type plant struct {
	nodes []*node
	segs  []*seg
	segBy map[string]*seg
}

func newPlant() *plant { return &plant{segBy: map[string]*seg{}} }

// node adds a node at local position p (x, y) and axis elevation z.
func (p *plant) node(id string, net twin.Network, kind twin.NodeKind, at vec, z float64, attrs twin.Attributes) *node {
	n := &node{id: id, net: net, kind: kind, pos: at.at(z), status: twin.StatusExisting, attrs: attrs}
	p.nodes = append(p.nodes, n)
	return n
}

// seg adds a segment from a to b through the optional interior points.
func (p *plant) seg(id string, net twin.Network, a, b *node, via ...[3]float64) *seg {
	pts := make([][3]float64, 0, len(via)+2)
	pts = append(pts, a.pos)
	pts = append(pts, via...)
	pts = append(pts, b.pos)
	s := &seg{id: id, net: net, from: a, to: b, pts: pts, status: twin.StatusExisting, attrs: twin.Attributes{}}
	p.segs = append(p.segs, s)
	p.segBy[id] = s
	return s
}

// pipe sets a round section.
func (s *seg) pipe(dn, od float64, m Material, year int) *seg {
	s.dn, s.od, s.material, s.year = dn, roundTo(od, 0.1), m.Name, year
	return s
}

// length is the 3D length of the segment, metres.
func (s *seg) length() float64 {
	l := 0.0
	for i := 1; i < len(s.pts); i++ {
		a, b := s.pts[i-1], s.pts[i]
		l += math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
	}
	return l
}

// meanZ is the length-weighted mean axis elevation.
func (s *seg) meanZ() float64 {
	sum, total := 0.0, 0.0
	for i := 1; i < len(s.pts); i++ {
		a, b := s.pts[i-1], s.pts[i]
		l := math.Hypot(a[0]-b[0], a[1]-b[1])
		sum += l * (a[2] + b[2]) / 2
		total += l
	}
	if total == 0 {
		return (s.pts[0][2] + s.pts[len(s.pts)-1][2]) / 2
	}
	return sum / total
}

// lerp returns the point a fraction f from a to b.
func lerp(a, b [3]float64, f float64) [3]float64 {
	return [3]float64{a[0] + (b[0]-a[0])*f, a[1] + (b[1]-a[1])*f, a[2] + (b[2]-a[2])*f}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
