package clash

import (
	"context"
	"math"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/local"
)

// chunkM is the plan length of the pieces of a proposal searched one by
// one, so that a long diagonal line does not search its whole bounding box.
const chunkM = 50.0

// proposal is a checked request's proposal in local metres.
type proposal struct {
	id, kind string
	// party is the proposal's row name in the clearance table: its network
	// or "excavation".
	party   string
	network twin.Network
	f       local.Frame
	isPipe  bool
	tube    tube  // a pipe's axis and section
	prism   prism // an excavation's volume
	chunks  []box2
	ground  []GroundEstimate
}

// newProposal checks the request's proposal and converts it to local
// metres, estimating the ground for depth-based input.
func newProposal(ctx context.Context, s twin.Store, req Request) (*proposal, error) {
	switch {
	case (req.Pipe == nil) == (req.Excavation == nil):
		return nil, invalid("give exactly one of pipe and excavation")
	case req.Pipe != nil:
		p := *req.Pipe
		if err := checkPipe(&p); err != nil {
			return nil, err
		}
		return pipeProposal(ctx, s, p, req.Datasets)
	}
	e := *req.Excavation
	if err := checkExcavation(&e); err != nil {
		return nil, err
	}
	return excavationProposal(ctx, s, e, req.Datasets)
}

func pipeProposal(ctx context.Context, s twin.Store, p Pipe, datasets []string) (*proposal, error) {
	pr := &proposal{id: orDefault(p.ID), kind: "pipe", party: string(p.Network), network: p.Network, isPipe: true}
	pr.f = local.Around(p.Centreline)
	pts := pr.f.LocalAll(p.Centreline)
	if l := polylineLength2D(pts); l > MaxLengthM {
		return nil, invalid("pipe: %.0f m long, at most %v m", l, MaxLengthM)
	}
	if p.DepthM != nil {
		if err := pr.setGround(ctx, s, pts, p.GroundM, datasets); err != nil {
			return nil, err
		}
		for i := range pts {
			pts[i][2] = pr.ground[i].GroundM - p.DepthM[i]
		}
	}
	pr.tube.pts = pts
	pr.tube.rh, pr.tube.rv = halfExtents(p.DiameterMM, p.WidthMM, p.HeightMM)
	pr.chunks = lineChunks(pts)
	return pr, nil
}

// setGround fills pr.ground for the plan positions pts.
func (pr *proposal) setGround(ctx context.Context, s twin.Store, pts []geo.Point3, given *float64, datasets []string) error {
	if given != nil {
		pr.ground = make([]GroundEstimate, len(pts))
		for i := range pr.ground {
			pr.ground[i] = GroundEstimate{GroundM: *given, From: "request"}
		}
		return nil
	}
	g, err := estimateGround(ctx, s, pr.f, pts, datasets)
	pr.ground = g
	return err
}

func excavationProposal(ctx context.Context, s twin.Store, e Excavation, datasets []string) (*proposal, error) {
	pr := &proposal{id: orDefault(e.ID), kind: "excavation", party: PartyExcavation}
	pr.f = local.Around(e.Polygon[0])
	rings := make([][]geo.Point3, len(e.Polygon))
	perimeter := 0.0
	for i, r := range e.Polygon {
		rings[i] = pr.f.LocalAll(r)
		perimeter += polylineLength2D(rings[i])
	}
	if perimeter > MaxLengthM {
		return nil, invalid("excavation: perimeter %.0f m, at most %v m", perimeter, MaxLengthM)
	}
	var top, bottom float64
	if e.TopM != nil {
		top, bottom = *e.TopM, *e.BottomM
	} else {
		if err := pr.setGround(ctx, s, []geo.Point3{{0, 0, 0}}, e.GroundM, datasets); err != nil {
			return nil, err
		}
		top, bottom = pr.ground[0].GroundM-e.TopDepthM, pr.ground[0].GroundM-e.BottomDepthM
	}
	pr.prism = newPrism(rings, bottom, top)
	pr.chunks = gridChunks(pr.prism.box)
	return pr, nil
}

func orDefault(id string) string {
	if id == "" {
		return "proposal"
	}
	return id
}

// lineChunks cuts a polyline into boxes of at most chunkM plan length.
func lineChunks(pts []geo.Point3) []box2 {
	var out []box2
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		n := max(1, int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1])/chunkM)))
		for k := range n {
			out = append(out, segBox(a.Lerp(b, float64(k)/float64(n)), a.Lerp(b, float64(k+1)/float64(n))))
		}
	}
	return out
}

// gridChunks cuts a box into cells of about 2·chunkM.
func gridChunks(b box2) []box2 {
	nx := max(1, int(math.Ceil((b.maxX-b.minX)/(2*chunkM))))
	ny := max(1, int(math.Ceil((b.maxY-b.minY)/(2*chunkM))))
	w, h := (b.maxX-b.minX)/float64(nx), (b.maxY-b.minY)/float64(ny)
	out := make([]box2, 0, nx*ny)
	for i := range nx {
		for j := range ny {
			x0, y0 := b.minX+float64(i)*w, b.minY+float64(j)*h
			out = append(out, box2{x0, y0, x0 + w, y0 + h, b.minZ, b.maxZ})
		}
	}
	return out
}
