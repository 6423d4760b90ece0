package clash

import (
	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Limits of one check. A request beyond them is refused (ErrInvalid); the
// candidate and result caps end a check early with Result.Truncated set.
const (
	// MaxVertices bounds the proposal's centreline or polygon vertices.
	MaxVertices = 5000
	// MaxLengthM bounds the proposal's total plan length (or the polygon's
	// perimeter), metres.
	MaxLengthM = 20000.0
	// MaxClearanceM bounds every clearance of the table, metres.
	MaxClearanceM = 50.0
	// DefaultLimit and MaxLimit are the default and largest result caps.
	DefaultLimit = 500
	MaxLimit     = 10000
	// MaxCandidates bounds the features tested exactly in one check.
	MaxCandidates = 200000
	// DefaultFoundationDepthM is how far below its base (ground) a building
	// is assumed to reach when the request gives no depth: one basement
	// storey. An engineering default, not from a standard.
	DefaultFoundationDepthM = 2.0
	// GroundSearchM is how far from a point stored features are looked for
	// to estimate the ground elevation of depth-based input.
	GroundSearchM = 100.0
)

// Pipe is a proposed pipe, duct or cable.
//
// Heights: by default Centreline holds absolute heights of the axis (in the
// store's vertical datum). When DepthM is given (one value per vertex), the
// heights of Centreline are ignored and the axis at vertex i is set to
// ground_i − DepthM[i], where ground_i is GroundM if given, else estimated
// from the nearest stored feature within GroundSearchM (a segment's or
// node's ground_m, a building's base_m; see Result.Ground).
type Pipe struct {
	// ID names the proposal in conflicts ("proposal" if empty).
	ID string `json:"id,omitempty"`
	// Network is the proposal's network; it selects the clearance rows.
	Network twin.Network `json:"network"`
	// Centreline is the axis, lon°, lat°, h m (WGS84; 2+ points).
	Centreline []geo.Point3 `json:"centreline"`
	// DiameterMM is the outside diameter, millimetres. For a rectangular
	// duct give WidthMM and HeightMM instead.
	DiameterMM float64 `json:"diameter_mm,omitempty"`
	WidthMM    float64 `json:"width_mm,omitempty"`
	HeightMM   float64 `json:"height_mm,omitempty"`
	// DepthM, when set, gives the axis depth below ground per vertex.
	DepthM []float64 `json:"depth_m,omitempty"`
	// GroundM is the ground elevation for DepthM (nil: estimated).
	GroundM *float64 `json:"ground_m,omitempty"`
}

// Excavation is a proposed dig: a polygon (outer ring and holes, lon°,
// lat°; heights ignored) between two levels.
//
// Levels: TopM and BottomM give absolute heights; when they are nil,
// TopDepthM (default 0, the surface) and BottomDepthM give depths below
// the ground, the ground being GroundM or estimated at the polygon's
// centre as for Pipe.
type Excavation struct {
	ID           string         `json:"id,omitempty"`
	Polygon      [][]geo.Point3 `json:"polygon"`
	TopDepthM    float64        `json:"top_depth_m,omitempty"`
	BottomDepthM float64        `json:"bottom_depth_m,omitempty"`
	TopM         *float64       `json:"top_m,omitempty"`
	BottomM      *float64       `json:"bottom_m,omitempty"`
	GroundM      *float64       `json:"ground_m,omitempty"`
}

// Request is one clash and clearance check: exactly one of Pipe and
// Excavation.
type Request struct {
	Pipe       *Pipe       `json:"pipe,omitempty"`
	Excavation *Excavation `json:"excavation,omitempty"`
	// Clearances override rows of DefaultTable (a partial table merged over
	// it; pairs are symmetric).
	Clearances []Clearance `json:"clearances,omitempty"`
	// Networks limits the existing utilities checked (empty: all).
	Networks []twin.Network `json:"networks,omitempty"`
	// Datasets limits the features checked (empty: all).
	Datasets []string `json:"datasets,omitempty"`
	// Statuses limits the utilities checked by status (empty: all, since
	// abandoned pipes are still in the ground and planned ones are to come).
	Statuses []twin.Status `json:"statuses,omitempty"`
	// SkipBuildings leaves building foundations out.
	SkipBuildings bool `json:"skip_buildings,omitempty"`
	// FoundationDepthM is how far below base_m buildings reach
	// (0: DefaultFoundationDepthM).
	FoundationDepthM float64 `json:"foundation_depth_m,omitempty"`
	// Exclude lists feature ids not to check (the proposal itself when it is
	// already stored, the mains it ties into).
	Exclude []string `json:"exclude,omitempty"`
	// Limit caps the conflicts returned (0: DefaultLimit; at most MaxLimit).
	Limit int `json:"limit,omitempty"`
}

// Conflict kinds.
const (
	// KindClash: the surfaces touch or intersect.
	KindClash = "clash"
	// KindClearance: the surfaces are apart but closer than required.
	KindClearance = "clearance"
)

// Required is the clearance a pair must keep between outer surfaces,
// metres, and the table row it came from.
type Required struct {
	HorizontalM float64 `json:"horizontal_m"`
	VerticalM   float64 `json:"vertical_m"`
	// Pair is the matched row, e.g. "water/sewer" or "gas/*".
	Pair string `json:"pair"`
}

// Conflict is one existing feature too close to the proposal.
type Conflict struct {
	// FeatureID is the existing feature's stable id.
	FeatureID string `json:"feature_id"`
	// FeatureKind is "segment" or "building".
	FeatureKind twin.Kind `json:"feature_kind"`
	// Network is the existing utility's network ("" for a building).
	Network twin.Network `json:"network,omitempty"`
	// Status is the existing utility's status ("" for a building).
	Status twin.Status `json:"status,omitempty"`
	// ProposalID and ProposalNetwork name the proposal ("" network for an
	// excavation).
	ProposalID      string       `json:"proposal_id"`
	ProposalNetwork twin.Network `json:"proposal_network,omitempty"`
	// Kind is KindClash or KindClearance.
	Kind string `json:"kind"`
	// DistanceM is the minimum distance between the two surfaces, metres
	// (0 for a clash).
	DistanceM float64 `json:"distance_m"`
	// HorizontalM and VerticalM are the horizontal and vertical separations
	// between the surfaces where the pair comes closest to breaking the
	// required clearance (at Location), metres.
	HorizontalM float64 `json:"horizontal_m"`
	VerticalM   float64 `json:"vertical_m"`
	// Required is the clearance the pair must keep.
	Required Required `json:"required"`
	// Severity is 1 − max(HorizontalM/Required.HorizontalM,
	// VerticalM/Required.VerticalM), in (0, 1]: 1 when the surfaces touch.
	Severity float64 `json:"severity"`
	// Location is the point of the existing feature where it is closest:
	// on its axis for a utility, on its footprint boundary (at the height
	// of the proposal, clamped to the foundation) for a building; lon°,
	// lat°, h m.
	Location geo.Point3 `json:"location"`
	// ProposalLocation is the matching point on the proposal's axis (pipe)
	// or boundary (excavation); lon°, lat°, h m.
	ProposalLocation geo.Point3 `json:"proposal_location"`
}

// Result is the outcome of a check.
type Result struct {
	// ProposalID is the proposal's id ("proposal" if it had none);
	// ProposalKind is "pipe" or "excavation".
	ProposalID   string `json:"proposal_id"`
	ProposalKind string `json:"proposal_kind"`
	// Conflicts, clashes first, then by Severity (worst first), distance
	// and id.
	Conflicts []Conflict `json:"conflicts"`
	// Candidates is the number of features tested exactly.
	Candidates int `json:"candidates"`
	// Truncated is true when the result cap or the candidate cap cut the
	// answer short.
	Truncated bool `json:"truncated"`
	// Ground reports the ground elevations used for depth-based input
	// (one per pipe vertex, or one for an excavation); empty when the
	// input had absolute heights.
	Ground []GroundEstimate `json:"ground,omitempty"`
	// Table is the clearance table the check used (defaults merged with
	// the request's overrides).
	Table []Clearance `json:"table"`
	// FoundationDepthM is the foundation depth assumed for buildings.
	FoundationDepthM float64 `json:"foundation_depth_m"`
	// TieIns are the existing segments of the proposal's network that a
	// pipe connects to (see the package documentation); they are not
	// checked.
	TieIns []string `json:"tie_ins,omitempty"`
}

// GroundEstimate is one ground elevation used to turn a depth into a
// height.
type GroundEstimate struct {
	// GroundM is the ground elevation, metres.
	GroundM float64 `json:"ground_m"`
	// From is the id of the feature it was taken from, or "request".
	From string `json:"from"`
	// DistanceM is the plan distance to that feature, metres.
	DistanceM float64 `json:"distance_m"`
}
