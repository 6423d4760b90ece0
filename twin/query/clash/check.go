package clash

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// DefaultTimeout bounds a check whose context has no deadline.
const DefaultTimeout = 30 * time.Second

// maxRadiusM is the largest half-extent a stored utility can have
// (twin.MaxDiameterMM): the search grows by it since stored bounds leave
// the section out.
const maxRadiusM = twin.MaxDiameterMM / 2000

// tieTolM is how close an end of a pipe must come to an existing segment
// of its network for the two to count as connected.
const tieTolM = 0.05

// Check tests a proposed pipe or excavation against the utilities and
// buildings of s. It honours ctx (and applies DefaultTimeout when ctx has
// no deadline). Errors about the request wrap ErrInvalid.
func Check(ctx context.Context, s twin.Store, req Request) (Result, error) {
	if s == nil {
		return Result{}, errors.New("clash: no store")
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	o, err := checkOptions(req)
	if err != nil {
		return Result{}, err
	}
	pr, err := newProposal(ctx, s, req)
	if err != nil {
		return Result{}, err
	}
	c := &checker{ctx: ctx, o: o, pr: pr, seen: map[string]bool{}}
	c.res = Result{ProposalID: pr.id, ProposalKind: pr.kind, Ground: pr.ground, Table: o.table.Rows(), FoundationDepthM: o.foundation}
	if err := c.run(s); err != nil {
		return Result{}, err
	}
	c.finish()
	return c.res, nil
}

// checker holds the state of one check.
type checker struct {
	ctx  context.Context
	o    options
	pr   *proposal
	seen map[string]bool
	res  Result
	err  error
}

// run searches the store chunk by chunk and tests each new feature.
func (c *checker) run(s twin.Store) error {
	margin, zlo, zhi := c.margins()
	for _, ch := range c.pr.chunks {
		b := searchBounds(c.pr.f, ch, margin, ch.minZ-zlo, ch.maxZ+zhi)
		err := s.Search(c.ctx, b, c.o.filter, c.visit)
		if c.err != nil {
			return c.err
		}
		if err != nil {
			return fmt.Errorf("clash: search: %w", err)
		}
		if c.res.Truncated {
			break
		}
	}
	return nil
}

// margins returns how far around the proposal the search reaches in plan,
// below and above.
func (c *checker) margins() (plan, below, above float64) {
	h, v := 0.0, 0.0
	for _, r := range c.o.table.rows {
		h, v = max(h, r.HorizontalM), max(v, r.VerticalM)
	}
	plan = h + c.pr.tube.rh + maxRadiusM + 0.01
	below = v + c.pr.tube.rv + maxRadiusM + 0.01
	return plan, below, below + c.o.foundation
}

// visit tests one feature found by the search.
func (c *checker) visit(f twin.Feature) bool {
	id := f.Head().ID
	if c.seen[id] || c.o.exclude[id] {
		return true
	}
	c.seen[id] = true
	if err := c.ctx.Err(); err != nil {
		c.err = fmt.Errorf("clash: %w", err)
		return false
	}
	if c.res.Candidates >= MaxCandidates {
		c.res.Truncated = true
		return false
	}
	var cf Conflict
	var ok bool
	switch v := f.(type) {
	case *twin.UtilitySegment:
		cf, ok = c.segment(v)
	case *twin.Building:
		cf, ok = c.building(v)
	default:
		return true
	}
	c.res.Candidates++
	if ok {
		c.res.Conflicts = append(c.res.Conflicts, cf)
	}
	return true
}

func (c *checker) segment(s *twin.UtilitySegment) (Conflict, bool) {
	if len(s.Centreline) < 2 || (c.o.statuses != nil && !c.o.statuses[s.Status]) {
		return Conflict{}, false
	}
	x := tube{pts: c.pr.f.LocalAll(s.Centreline)}
	x.rh, x.rv = halfExtents(s.DiameterMM, s.WidthMM, s.HeightMM)
	req := c.o.table.Lookup(c.pr.party, string(s.Network))
	var h hit
	var ok bool
	if c.pr.isPipe {
		if s.Network == c.pr.network && tiedIn(x, c.pr.tube) {
			c.res.TieIns = append(c.res.TieIns, s.ID)
			return Conflict{}, false
		}
		h, ok = tubeVsTube(x, c.pr.tube, req)
	} else {
		h, ok = tubeVsPrism(x, c.pr.prism, req)
	}
	if !ok {
		return Conflict{}, false
	}
	cf := c.conflict(h, h.a, h.b, req)
	cf.FeatureID, cf.FeatureKind, cf.Network, cf.Status = s.ID, twin.KindSegment, s.Network, s.Status
	return cf, true
}

func (c *checker) building(b *twin.Building) (Conflict, bool) {
	rings := make([][]geo.Point3, 0, len(b.Footprint))
	for _, r := range b.Footprint {
		l := make([]geo.Point3, len(r))
		for i, p := range r {
			l[i] = c.pr.f.Local(geo.Point3{p[0], p[1], 0})
		}
		rings = append(rings, l)
	}
	if len(rings) == 0 || len(rings[0]) < 3 {
		return Conflict{}, false
	}
	y := newPrism(rings, b.BaseM-c.o.foundation, max(b.RoofM, b.BaseM))
	req := c.o.table.Lookup(c.pr.party, PartyBuilding)
	var h hit
	var ok bool
	var onB, onP geo.Point3
	if c.pr.isPipe {
		h, ok = tubeVsPrism(c.pr.tube, y, req)
		onB, onP = h.b, h.a
	} else {
		h, ok = prismVsPrism(y, c.pr.prism, req)
		onB, onP = h.a, h.b
	}
	if !ok {
		return Conflict{}, false
	}
	cf := c.conflict(h, onB, onP, req)
	cf.FeatureID, cf.FeatureKind = b.ID, twin.KindBuilding
	return cf, true
}

// conflict fills the fields every conflict has from a hit; onF is the
// point on the existing feature, onP the one on the proposal.
func (c *checker) conflict(h hit, onF, onP geo.Point3, req Required) Conflict {
	kind := KindClearance
	if h.dist <= clashTolM {
		kind = KindClash
	}
	return Conflict{
		ProposalID: c.pr.id, ProposalNetwork: c.pr.network, Kind: kind,
		DistanceM: round4(h.dist), HorizontalM: round4(h.h), VerticalM: round4(h.v),
		Required: req, Severity: round4(1 - h.m),
		Location: c.pr.f.LLH(onF), ProposalLocation: c.pr.f.LLH(onP),
	}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// tiedIn reports whether pipe y connects to segment x: an end of either
// lies on the other's axis (within x's radius and tieTolM).
func tiedIn(x, y tube) bool {
	xe := []geo.Point3{x.pts[0], x.pts[len(x.pts)-1]}
	ye := []geo.Point3{y.pts[0], y.pts[len(y.pts)-1]}
	for _, p := range ye {
		if axisDist(x.pts, p) <= max(x.rh, x.rv)+tieTolM {
			return true
		}
	}
	for _, p := range xe {
		if axisDist(y.pts, p) <= max(y.rh, y.rv)+tieTolM {
			return true
		}
	}
	return false
}

func axisDist(pts []geo.Point3, p geo.Point3) float64 {
	best := math.Inf(1)
	for i := 1; i < len(pts); i++ {
		best = min(best, geo.Segment3{A: pts[i-1], B: pts[i]}.DistanceToPoint(p))
	}
	return best
}

// finish sorts the conflicts and applies the result cap.
func (c *checker) finish() {
	slices.SortFunc(c.res.Conflicts, func(a, b Conflict) int {
		if (a.Kind == KindClash) != (b.Kind == KindClash) {
			if a.Kind == KindClash {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.DistanceM, b.DistanceM), cmp.Compare(a.FeatureID, b.FeatureID))
	})
	if len(c.res.Conflicts) > c.o.limit {
		c.res.Conflicts, c.res.Truncated = c.res.Conflicts[:c.o.limit], true
	}
	if c.res.Conflicts == nil {
		c.res.Conflicts = []Conflict{}
	}
	slices.Sort(c.res.TieIns)
}
