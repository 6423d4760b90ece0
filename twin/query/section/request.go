package section

import (
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Limits of one section. A request beyond them is refused (ErrInvalid);
// the candidate and result caps end a section early with Truncated set.
const (
	// MaxVertices bounds the line's vertices.
	MaxVertices = 1000
	// MaxLengthM bounds the line's plan length, metres.
	MaxLengthM = 5000.0
	// DefaultHalfWidthM and MaxHalfWidthM are the default and largest
	// corridor half-widths, metres.
	DefaultHalfWidthM = 1.0
	MaxHalfWidthM     = 25.0
	// DefaultLimit and MaxLimit are the default and largest caps on the
	// crossings, along-runs and buildings returned (together).
	DefaultLimit = 1000
	MaxLimit     = 10000
	// MaxCandidates bounds the features examined in one section.
	MaxCandidates = 200000
	// GroundMarginM is how far beside the line stored features still give
	// ground samples, metres.
	GroundMarginM = 10.0
	// DefaultTimeout bounds a section whose context has no deadline.
	DefaultTimeout = 30 * time.Second
)

// Request is one cross-section along a line.
type Request struct {
	// Line is the section line, lon°, lat° (heights ignored), 2+ points.
	Line []geo.Point3 `json:"line"`
	// HalfWidthM is the corridor half-width: utilities whose axis stays
	// within it along the line are reported as running along
	// (0: DefaultHalfWidthM; at most MaxHalfWidthM).
	HalfWidthM float64 `json:"half_width_m,omitempty"`
	// Layers limits the layers: "buildings" and network names (empty: all).
	Layers []string `json:"layers,omitempty"`
	// Datasets limits the datasets (empty: all).
	Datasets []string `json:"datasets,omitempty"`
	// Limit caps the crossings, along-runs and buildings returned
	// (0: DefaultLimit; at most MaxLimit).
	Limit int `json:"limit,omitempty"`
}

// Result is a cross-section. Stations are plan distances along the line
// from its first point, metres.
type Result struct {
	// LengthM is the line's plan length, metres.
	LengthM    float64 `json:"length_m"`
	HalfWidthM float64 `json:"half_width_m"`
	// Vertices are the stations of the line's vertices.
	Vertices []float64 `json:"vertices"`
	// Ground is the ground profile, by station (see GroundPoint).
	Ground []GroundPoint `json:"ground"`
	// Crossings are the utilities whose axis crosses the line, by station.
	Crossings []Crossing `json:"crossings"`
	// Along are the utilities running along the line inside the corridor.
	Along []Along `json:"along"`
	// Buildings are the buildings the line passes through, by station.
	Buildings []Building `json:"buildings"`
	// Candidates is the number of features examined.
	Candidates int `json:"candidates"`
	// Truncated is true when a cap cut the answer short.
	Truncated bool `json:"truncated"`
}

// GroundPoint is one point of the ground profile: the ground elevation at
// a station and the feature it was taken from.
type GroundPoint struct {
	StationM float64 `json:"station_m"`
	GroundM  float64 `json:"ground_m"`
	// From is the id of the feature that gave the sample.
	From string `json:"from"`
}

// Crossing is one place where a utility's axis crosses the line in plan.
type Crossing struct {
	FeatureID string       `json:"feature_id"`
	Network   twin.Network `json:"network"`
	Status    twin.Status  `json:"status"`
	Material  string       `json:"material,omitempty"`
	// StationM is where the axis crosses the line.
	StationM float64 `json:"station_m"`
	// CentreM is the axis height there, metres.
	CentreM float64 `json:"centre_m"`
	// GroundM is the utility's ground elevation (its ground_m) and DepthM
	// the depth of the axis below it at the crossing, metres.
	GroundM float64 `json:"ground_m"`
	DepthM  float64 `json:"depth_m"`
	// DiameterMM, or WidthMM × HeightMM for a duct, is the section.
	DiameterMM float64 `json:"diameter_mm,omitempty"`
	WidthMM    float64 `json:"width_mm,omitempty"`
	HeightMM   float64 `json:"height_mm,omitempty"`
	// AngleDeg is the plan angle between the line and the axis, 0..90°.
	AngleDeg float64 `json:"angle_deg"`
	// Location is the crossing point, lon°, lat°, h m (the axis height).
	Location geo.Point3 `json:"location"`
}

// Along is a utility running along the line inside the corridor.
type Along struct {
	FeatureID string       `json:"feature_id"`
	Network   twin.Network `json:"network"`
	Status    twin.Status  `json:"status"`
	Material  string       `json:"material,omitempty"`
	// FromM and ToM bound the stations the axis runs along inside the
	// corridor.
	FromM float64 `json:"from_m"`
	ToM   float64 `json:"to_m"`
	// OffsetM is the axis' smallest plan distance from the line there.
	OffsetM float64 `json:"offset_m"`
	// FromCentreM and ToCentreM are the axis heights at FromM and ToM.
	FromCentreM float64 `json:"from_centre_m"`
	ToCentreM   float64 `json:"to_centre_m"`
	GroundM     float64 `json:"ground_m"`
	// DepthM is the utility's mean axis depth (its depth_m).
	DepthM     float64 `json:"depth_m"`
	DiameterMM float64 `json:"diameter_mm,omitempty"`
	WidthMM    float64 `json:"width_mm,omitempty"`
	HeightMM   float64 `json:"height_mm,omitempty"`
}

// Building is a building the line passes through.
type Building struct {
	FeatureID string `json:"feature_id"`
	// Spans are the station ranges inside the footprint (entering,
	// leaving), by station.
	Spans [][2]float64 `json:"spans"`
	// BaseM is the ground elevation of the footprint, RoofM the top,
	// HeightM their difference, metres.
	BaseM   float64 `json:"base_m"`
	RoofM   float64 `json:"roof_m"`
	HeightM float64 `json:"height_m"`
}
