package network

import (
	"errors"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// Errors a trace returns; callers test them with errors.Is. A start id that
// names no feature wraps twin.ErrNotFound.
var (
	// ErrBadRequest: the request is malformed (unknown kind, no start id,
	// a start that is not a segment or node, isolation on a network
	// without valves such as sewer).
	ErrBadRequest = errors.New("network: bad request")
	// ErrTooLarge: the network has more segments or nodes than
	// Options.MaxGraphSegments / MaxGraphNodes allow.
	ErrTooLarge = errors.New("network: network too large")
)

// Kind is what a trace computes.
type Kind string

// Trace kinds.
const (
	// KindConnected: every segment and node reachable from the start.
	KindConnected Kind = "connected"
	// KindUpstream: the start and everything that flows into it.
	KindUpstream Kind = "upstream"
	// KindDownstream: the start and everything it flows into.
	KindDownstream Kind = "downstream"
	// KindIsolate: the valves to close to isolate a break at the start,
	// and what loses service.
	KindIsolate Kind = "isolate"
)

// Kinds lists every trace kind.
var Kinds = []Kind{KindConnected, KindUpstream, KindDownstream, KindIsolate}

// Request is one trace. The start feature fixes the dataset and the network:
// a trace never leaves them.
type Request struct {
	Kind Kind `json:"kind"`
	// Start is the stable id of a segment or node ("<dataset>:<source id>").
	Start string `json:"start"`
	// IncludeInactive lets the trace cross planned and abandoned segments
	// too; by default only existing ones carry flow (the start is always
	// included).
	IncludeInactive bool `json:"include_inactive,omitempty"`
	// PassClosedValves lets connected/upstream/downstream traces cross
	// valves that are closed; by default they stop there and list them
	// in Result.Valves.
	PassClosedValves bool `json:"pass_closed_valves,omitempty"`
	// InoperableValves are valve ids that cannot be closed: isolation
	// searches on past them to the next valves.
	InoperableValves []string `json:"inoperable_valves,omitempty"`
	// Sources are extra source node ids (feeds) besides the nodes the
	// network marks as sources (see the package doc).
	Sources []string `json:"sources,omitempty"`
	// MaxResults caps every id list of the result (0: Options.MaxResults;
	// larger values are clamped to it).
	MaxResults int `json:"max_results,omitempty"`
	// TimeoutMS shortens the engine's deadline for this trace (0: the
	// engine's Options.Timeout).
	TimeoutMS int `json:"timeout_ms,omitempty"`
}

// Valve is a valve in a result: one to close (isolation) or a closed valve
// where a trace stopped.
type Valve struct {
	ID       string     `json:"id"`
	Position geo.Point3 `json:"position"`
	// Closed is true when the valve is already closed (normally closed).
	Closed bool `json:"closed,omitempty"`
}

// Counts are the true sizes of a result's lists, also when they were
// truncated.
type Counts struct {
	Segments    int `json:"segments"`
	Nodes       int `json:"nodes"`
	Buildings   int `json:"buildings"`
	Valves      int `json:"valves"`
	CutSegments int `json:"cut_segments"`
	CutNodes    int `json:"cut_nodes"`
}

// Direction says how the segments a directed trace crossed were oriented
// (see the package doc): counts of segments per rule.
type Direction struct {
	// Rule is "gravity" (sewer, storm) or "sources" (pressure networks
	// with sources) or "digitised" (pressure networks without sources).
	Rule        string `json:"rule"`
	ByAttribute int    `json:"by_attribute"`
	ByInvert    int    `json:"by_invert"`
	BySources   int    `json:"by_sources"`
	ByDigitised int    `json:"by_digitised"`
	// Undirected counts segments no rule could orient (pressure network:
	// both ends equally far from a source, or unreachable from one); a
	// directed trace does not cross them.
	Undirected int `json:"undirected"`
}

// Topology describes how the graph of a dataset's network was built.
type Topology struct {
	Dataset  string       `json:"dataset"`
	Network  twin.Network `json:"network"`
	Segments int          `json:"segments"`
	Nodes    int          `json:"nodes"`
	// Ends is 2 × Segments; ByNodeID ends joined through their node id,
	// Snapped ends without a usable id joined by position, Dangling ends
	// that met nothing (free ends).
	Ends     int `json:"ends"`
	ByNodeID int `json:"by_node_id"`
	Snapped  int `json:"snapped"`
	Dangling int `json:"dangling"`
	// SnappedNodes counts node features no segment names that were joined
	// to ends or nodes by position.
	SnappedNodes int `json:"snapped_nodes"`
	// Vertices is the number of graph vertices (node features plus joints
	// that have no node feature); Components the connected pieces.
	Vertices   int `json:"vertices"`
	Components int `json:"components"`
	Sources    int `json:"sources"`
	// ToleranceM is the snapping tolerance, metres (horizontal).
	ToleranceM float64 `json:"tolerance_m"`
	// Seq is the store's change-log sequence the graph reflects.
	Seq int64 `json:"seq"`
}

// Result is the answer to a Request. Every id is a store feature id, the
// same as in the tiles. Lists are in search order (nearest first) and capped
// at the request's result cap; Counts holds the true sizes.
type Result struct {
	Kind    Kind         `json:"kind"`
	Start   string       `json:"start"`
	Dataset string       `json:"dataset"`
	Network twin.Network `json:"network"`
	// StartKind is "segment" or "node".
	StartKind twin.Kind `json:"start_kind"`
	// Segments and Nodes: what a trace reached; for isolation the part
	// between the valves to close (the start included).
	Segments []string `json:"segments"`
	Nodes    []string `json:"nodes"`
	// Valves: for isolation the valves to close; for the other kinds the
	// closed valves where the trace stopped.
	Valves []Valve `json:"valves"`
	// CutSegments and CutNodes (isolation only): what lies beyond the
	// closed valves and is no longer supplied.
	CutSegments []string `json:"cut_segments,omitempty"`
	CutNodes    []string `json:"cut_nodes,omitempty"`
	// Buildings: buildings whose service connection node is in Nodes (a
	// trace) or in Nodes or CutNodes (isolation: the buildings that lose
	// service).
	Buildings []string `json:"buildings"`
	Counts    Counts   `json:"counts"`
	// LengthM is the plan length of Segments, CutLengthM of CutSegments,
	// metres.
	LengthM    float64 `json:"length_m"`
	CutLengthM float64 `json:"cut_length_m,omitempty"`
	// Truncated is true when a list was cut at the result cap.
	Truncated bool `json:"truncated"`
	// Direction (upstream/downstream only) says how segments were oriented.
	Direction *Direction `json:"direction,omitempty"`
	// Supply (isolation only) is how supplied parts were decided:
	// "sources" or "largest_piece" (no source in the network).
	Supply string `json:"supply,omitempty"`
	// Sources (isolation, and upstream/downstream on pressure networks)
	// are the source node ids used, capped like the other lists.
	Sources []string `json:"sources,omitempty"`
	// Notes are remarks for the user (a source inside the isolated part,
	// dangling ends met, ...).
	Notes    []string `json:"notes,omitempty"`
	Topology Topology `json:"topology"`
	// ElapsedMS is the time the trace took, graph loading included.
	ElapsedMS float64 `json:"elapsed_ms"`
}

// Options configure an Engine. Zero values take the defaults below.
type Options struct {
	// SnapToleranceM is the horizontal distance within which segment ends
	// without a usable node id are joined, metres (default 0.5).
	SnapToleranceM float64
	// MaxResults caps each id list of a result (default 50,000).
	MaxResults int
	// MaxGraphSegments and MaxGraphNodes refuse larger networks with
	// ErrTooLarge (defaults 2,000,000 and 4,000,000).
	MaxGraphSegments int
	MaxGraphNodes    int
	// Timeout bounds every trace, graph loading included (default 10 s).
	Timeout time.Duration
	// CacheGraphs is how many built graphs the engine keeps (default 8).
	CacheGraphs int
}

// Defaults of Options.
const (
	DefaultSnapToleranceM   = 0.5
	DefaultMaxResults       = 50_000
	DefaultMaxGraphSegments = 2_000_000
	DefaultMaxGraphNodes    = 4_000_000
	DefaultTimeout          = 10 * time.Second
	DefaultCacheGraphs      = 8
)

func (o Options) withDefaults() Options {
	if o.SnapToleranceM <= 0 {
		o.SnapToleranceM = DefaultSnapToleranceM
	}
	if o.MaxResults <= 0 {
		o.MaxResults = DefaultMaxResults
	}
	if o.MaxGraphSegments <= 0 {
		o.MaxGraphSegments = DefaultMaxGraphSegments
	}
	if o.MaxGraphNodes <= 0 {
		o.MaxGraphNodes = DefaultMaxGraphNodes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.CacheGraphs <= 0 {
		o.CacheGraphs = DefaultCacheGraphs
	}
	return o
}
