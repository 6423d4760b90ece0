package network

import (
	"context"
	"fmt"
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// WGS84 ellipsoid: semi-major axis (m) and first eccentricity squared.
const (
	wgs84A  = 6_378_137.0
	wgs84E2 = 6.69437999014e-3
)

// checkEvery is how many loop steps run between context checks.
const checkEvery = 4096

// topoBuilder joins node features and segment ends into vertices. Elements
// are numbered nodes first (0..N-1), then segment ends (N+2j start, N+2j+1
// end of segment j).
type topoBuilder struct {
	segs   []*twin.UtilitySegment
	nodes  []*twin.UtilityNode
	tol    float64
	frame  localFrame
	uf     unionFind
	named  []bool  // node i is named by some segment end
	vertex []int32 // element -> vertex, after vertices()
	nv     int
}

// localFrame maps lon°, lat° to metres east and north of the network's
// centre (equirectangular on the WGS84 ellipsoid) for the snapping grid.
// Its scales are exact only at the centre's latitude; stretch is the most it
// overstates a distance anywhere in the network, so grid cells of tolerance
// × stretch hold every neighbour in the 3 × 3 cells around a point.
// Distances themselves are measured with the scales at the pair's own
// latitude (dist), accurate to far better than a millimetre at snapping
// range.
type localFrame struct{ lon0, lat0, kx, ky, stretch float64 }

func newLocalFrame(b geo.Bounds3) localFrame {
	c := b.Center()
	if b.IsEmpty() {
		c, b.Min, b.Max = geo.Point3{}, geo.Point3{}, geo.Point3{}
	}
	kx, ky := scales(c[1])
	stretch := 1.0
	for _, lat := range []float64{b.Min[1], b.Max[1]} {
		x, y := scales(lat)
		stretch = max(stretch, kx/max(x, 1e-3), ky/y)
	}
	return localFrame{lon0: c[0], lat0: c[1], kx: kx, ky: ky, stretch: stretch}
}

// scales returns the metres per degree of longitude and of latitude at a
// latitude on the WGS84 ellipsoid.
func scales(lat float64) (float64, float64) {
	phi := lat * math.Pi / 180
	sin := math.Sin(phi)
	w := 1 - wgs84E2*sin*sin
	n := wgs84A / math.Sqrt(w)                       // prime vertical radius
	m := wgs84A * (1 - wgs84E2) / (w * math.Sqrt(w)) // meridian radius
	return n * math.Cos(phi) * math.Pi / 180, m * math.Pi / 180
}

func (f localFrame) xy(p geo.Point3) (float64, float64) {
	return (p[0] - f.lon0) * f.kx, (p[1] - f.lat0) * f.ky
}

// dist is the horizontal distance between two nearby points, metres.
func (f localFrame) dist(p, q geo.Point3) float64 {
	kx, ky := scales((p[1] + q[1]) / 2)
	return math.Hypot((q[0]-p[0])*kx, (q[1]-p[1])*ky)
}

func newTopoBuilder(segs []*twin.UtilitySegment, nodes []*twin.UtilityNode, tol float64) *topoBuilder {
	b := geo.EmptyBounds()
	for _, s := range segs {
		b = b.Extend(s.Centreline[0]).Extend(s.Centreline[len(s.Centreline)-1])
	}
	for _, n := range nodes {
		b = b.Extend(n.Position)
	}
	return &topoBuilder{segs: segs, nodes: nodes, tol: tol, frame: newLocalFrame(b),
		uf: newUnionFind(len(nodes) + 2*len(segs)), named: make([]bool, len(nodes))}
}

func (t *topoBuilder) nodeElem(i int) int32   { return int32(i) }
func (t *topoBuilder) endElem(j, k int) int32 { return int32(len(t.nodes) + 2*j + k) }

// elemPoint is the position of an element.
func (t *topoBuilder) elemPoint(e int32) geo.Point3 {
	if int(e) < len(t.nodes) {
		return t.nodes[e].Position
	}
	j, k := (int(e)-len(t.nodes))/2, (int(e)-len(t.nodes))%2
	line := t.segs[j].Centreline
	if k == 0 {
		return line[0]
	}
	return line[len(line)-1]
}

func (t *topoBuilder) endID(j, k int) string {
	if k == 0 {
		return t.segs[j].StartNode
	}
	return t.segs[j].EndNode
}

// join applies the topology rules and records what they did in topo.
func (t *topoBuilder) join(ctx context.Context, topo *Topology) error {
	loose := t.joinByID(topo)
	grid := t.grid()
	for i, e := range loose {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return errDeadline(ctx, "build graph")
		}
		if t.snap(grid, e) {
			topo.Snapped++
		} else {
			topo.Dangling++
		}
	}
	for i := range t.nodes {
		if !t.named[i] && t.snap(grid, t.nodeElem(i)) {
			topo.SnappedNodes++
		}
	}
	return nil
}

// joinByID joins ends to the node features they name, and ends that share a
// node id no feature has; it returns the ends left without a usable id.
func (t *topoBuilder) joinByID(topo *Topology) []int32 {
	nodeIdx := make(map[string]int32, len(t.nodes))
	for i, n := range t.nodes {
		nodeIdx[n.ID] = int32(i)
	}
	uses := map[string]int{}
	for j := range t.segs {
		for k := range 2 {
			if id := t.endID(j, k); id != "" {
				if _, ok := nodeIdx[id]; !ok {
					uses[id]++
				}
			}
		}
	}
	first := map[string]int32{}
	var loose []int32
	for j := range t.segs {
		for k := range 2 {
			e, id := t.endElem(j, k), t.endID(j, k)
			if i, ok := nodeIdx[id]; ok && id != "" {
				t.uf.union(e, i)
				t.named[i] = true
				topo.ByNodeID++
				continue
			}
			if id == "" || uses[id] < 2 {
				loose = append(loose, e)
				continue
			}
			if f, ok := first[id]; ok {
				t.uf.union(e, f)
			} else {
				first[id] = e
			}
			topo.ByNodeID++
		}
	}
	return loose
}

type cell struct{ x, y int64 }

// grid hashes every element into square cells of the tolerance's size.
func (t *topoBuilder) grid() map[cell][]int32 {
	n := len(t.nodes) + 2*len(t.segs)
	g := make(map[cell][]int32, n)
	for e := range int32(n) {
		c := t.cellOf(t.elemPoint(e))
		g[c] = append(g[c], e)
	}
	return g
}

func (t *topoBuilder) cellOf(p geo.Point3) cell {
	x, y := t.frame.xy(p)
	size := t.tol * t.frame.stretch
	return cell{int64(math.Floor(x / size)), int64(math.Floor(y / size))}
}

// snap joins element e with every node and end within the tolerance
// (except the other end of its own segment) and reports whether it met any.
func (t *topoBuilder) snap(grid map[cell][]int32, e int32) bool {
	p := t.elemPoint(e)
	c := t.cellOf(p)
	other := int32(-1)
	if k := int(e) - len(t.nodes); k >= 0 {
		other = e + 1
		if k%2 == 1 {
			other = e - 1
		}
	}
	met := false
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			for _, o := range grid[cell{c.x + dx, c.y + dy}] {
				if o == e || o == other {
					continue
				}
				if t.frame.dist(p, t.elemPoint(o)) <= t.tol {
					t.uf.union(e, o)
					met = true
				}
			}
		}
	}
	return met
}

// vertices numbers the joined classes in element order and returns their
// count.
func (t *topoBuilder) vertices() int {
	n := len(t.nodes) + 2*len(t.segs)
	t.vertex = make([]int32, n)
	byRoot := make(map[int32]int32, n)
	for e := range int32(n) {
		r := t.uf.find(e)
		v, ok := byRoot[r]
		if !ok {
			v = int32(len(byRoot))
			byRoot[r] = v
		}
		t.vertex[e] = v
	}
	t.nv = len(byRoot)
	return t.nv
}

func (t *topoBuilder) vertexOf(e int32) int32 { return t.vertex[e] }

// planLength is the horizontal length of a segment's centreline, metres.
func (t *topoBuilder) planLength(s *twin.UtilitySegment) float64 {
	sum := 0.0
	for i := 1; i < len(s.Centreline); i++ {
		sum += t.frame.dist(s.Centreline[i-1], s.Centreline[i])
	}
	return sum
}

func errTooLarge(dataset string, net twin.Network, o Options) error {
	return fmt.Errorf("%w: %s/%s has more than %d segments or %d nodes",
		ErrTooLarge, dataset, net, o.MaxGraphSegments, o.MaxGraphNodes)
}

// unionFind is a disjoint-set forest with path halving and union by size.
type unionFind struct{ parent, size []int32 }

func newUnionFind(n int) unionFind {
	u := unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = int32(i), 1
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if u.size[ra] < u.size[rb] {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
}
