package twin

import (
	"context"
	"errors"
	"time"

	"github.com/citytwin/citytwin/geo"
)

// Errors the stores return; callers test them with errors.Is.
var (
	ErrNotFound       = errors.New("twin: not found")
	ErrInvalidName    = errors.New("twin: invalid dataset name")
	ErrDuplicateID    = errors.New("twin: duplicate feature id")
	ErrInvalidFeature = errors.New("twin: invalid feature")
)

// DatasetMeta describes a dataset as its loader gives it.
type DatasetMeta struct {
	Name string `json:"name"`
	// Sources are the file names (or "demo:seed=N") the dataset came from.
	Sources []string `json:"sources"`
	// CRS is the source coordinate reference system, e.g. "EPSG:7415".
	CRS string `json:"crs"`
	// Synthetic is true for generated content (the demo district).
	Synthetic bool `json:"synthetic,omitempty"`
	// Description is free text shown to users.
	Description string `json:"description,omitempty"`
}

// Dataset is a stored dataset with its counts and extent.
type Dataset struct {
	DatasetMeta
	LoadedAt  time.Time   `json:"loaded_at"`
	Buildings int         `json:"buildings"`
	Segments  int         `json:"segments"`
	Nodes     int         `json:"nodes"`
	Meshes    int         `json:"meshes"`
	Extent    geo.Bounds3 `json:"extent"`
	// Networks counts segments per utility network.
	Networks map[Network]int `json:"networks,omitempty"`
}

// ChangeOp is what happened to a feature.
type ChangeOp string

// Change operations.
const (
	OpUpsert ChangeOp = "upsert"
	OpDelete ChangeOp = "delete"
)

// Change is one entry of the store's change log. Seq grows by one for every
// change and never goes back, across restarts.
type Change struct {
	Seq       int64    `json:"seq"`
	Op        ChangeOp `json:"op"`
	FeatureID string   `json:"id"`
	Kind      Kind     `json:"kind"`
	Layer     string   `json:"layer"`
	Dataset   string   `json:"dataset"`
	// OldBounds is where the feature was before (empty for a new feature),
	// NewBounds where it is now (empty after a delete): a tiler rebuilds the
	// tiles that either touches.
	OldBounds geo.Bounds3 `json:"old_bounds"`
	NewBounds geo.Bounds3 `json:"new_bounds"`
	At        time.Time   `json:"at"`
}

// FeatureWriter receives the features of one dataset load. Put may be called
// any number of times; every feature must have a unique id.
type FeatureWriter interface {
	Put(f Feature) error
}

// LoadStats says what a dataset load changed.
type LoadStats struct {
	Added, Changed, Unchanged, Deleted int
	// FirstSeq and LastSeq bound the change-log entries the load wrote
	// (both 0 when nothing changed).
	FirstSeq, LastSeq int64
}

// Filter narrows a spatial search. Zero values match everything.
type Filter struct {
	Kinds    []Kind
	Layers   []string
	Datasets []string
}

// Info is a summary of the whole store.
type Info struct {
	Path          string    `json:"path"`
	SizeBytes     int64     `json:"size_bytes"`
	SchemaVersion int       `json:"schema_version"`
	LastSeq       int64     `json:"last_seq"`
	Datasets      []Dataset `json:"datasets"`
}

// Store keeps features, datasets and the change log. Implementations are safe
// for concurrent use: readers keep working while a load runs.
type Store interface {
	// LoadDataset replaces the dataset meta.Name with the features that fill
	// writes, in one transaction: if fill or the store fails, the store is
	// left as it was. Features whose content did not change are not logged.
	// fill may complete *meta (the CRS the files declared, say): the store
	// records meta as it is when fill returns.
	LoadDataset(ctx context.Context, meta *DatasetMeta, fill func(FeatureWriter) error) (LoadStats, error)
	// DeleteDataset removes a dataset and all its features (logged as deletes).
	DeleteDataset(ctx context.Context, name string) error
	// Datasets lists the datasets by name.
	Datasets(ctx context.Context) ([]Dataset, error)
	// Dataset returns one dataset, or ErrNotFound.
	Dataset(ctx context.Context, name string) (Dataset, error)
	// Feature returns one feature by stable id, or ErrNotFound.
	Feature(ctx context.Context, id string) (Feature, error)
	// Search calls fn for each feature whose bounds intersect b and that
	// passes f, until fn returns false, ctx ends or an error occurs.
	Search(ctx context.Context, b geo.Bounds3, f Filter, fn func(Feature) bool) error
	// Changes returns up to limit change-log entries with Seq > since, in order.
	Changes(ctx context.Context, since int64, limit int) ([]Change, error)
	// LastSeq is the sequence number of the newest change (0 if none).
	LastSeq(ctx context.Context) (int64, error)
	// Info summarises the store.
	Info(ctx context.Context) (Info, error)
	Close() error
}
