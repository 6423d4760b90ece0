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
	// ErrConflict is returned by PutTiles when another build wrote the
	// tiles since the caller read their state.
	ErrConflict = errors.New("twin: tiles changed by another build")
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

	// PutTiles applies one tile update in one transaction: all of it or,
	// on any error, none of it. It fails with ErrConflict unless the
	// store's tile generation still is u.Generation, and returns the new
	// generation.
	PutTiles(ctx context.Context, u TileUpdate) (int64, error)
	// Tile returns one stored tile file with its data, or ErrNotFound.
	Tile(ctx context.Context, path string) (TileBlob, error)
	// ListTiles lists the tile files of a layer ("" is the root tileset's
	// layer) by path, without their data.
	ListTiles(ctx context.Context, layer string) ([]TileBlob, error)
	// TileState returns the tile generation and the state of every layer
	// that has tiles.
	TileState(ctx context.Context) (TileState, error)
	// TileGeneration returns the tile generation alone (TileState's
	// Generation): a cheap check whether the tiles changed.
	TileGeneration(ctx context.Context) (int64, error)

	Close() error
}

// TileBlob is one file of the 3D Tiles kept in a store: a GLB, a tileset
// JSON. Path is relative to the root tileset ("tileset.json",
// "layers/water/tileset.json", "layers/water/t/2/1/3-0123456789ab.glb"),
// slash-separated, and is what clients request.
type TileBlob struct {
	Path        string `json:"path"`
	Layer       string `json:"layer"`
	ContentType string `json:"content_type"`
	// Hash is the hex SHA-256 of Data; PutTiles computes it when empty.
	Hash string `json:"hash"`
	// Size is len(Data), also set when a listing leaves Data out.
	Size      int64     `json:"size"`
	Data      []byte    `json:"-"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TileLayerState is what a store records about the tiles of one layer.
type TileLayerState struct {
	Layer string `json:"layer"`
	// BuiltSeq is the change-log sequence number the layer's tiles reflect.
	BuiltSeq int64 `json:"built_seq"`
	// Version names the builder and settings that wrote the tiles; a tiler
	// rebuilds everything when its own version differs.
	Version string `json:"version"`
	// Meta is the tiler's own record of the layer's tile tree (opaque to
	// the store).
	Meta      []byte    `json:"-"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TileState is the state of all stored tiles.
type TileState struct {
	// Generation counts tile updates; 0 means tiles were never written.
	Generation int64            `json:"generation"`
	Layers     []TileLayerState `json:"layers"`
}

// TileUpdate is one atomic change of the stored tiles.
type TileUpdate struct {
	// Generation is the tile generation the update was computed from
	// (TileState.Generation); PutTiles refuses the update with ErrConflict
	// if it has moved on.
	Generation int64
	// Put adds or replaces files (by path).
	Put []TileBlob
	// Delete removes files by path; missing paths are ignored.
	Delete []string
	// DropLayers removes every file and the state of these layers.
	DropLayers []string
	// Layers adds or replaces layer states.
	Layers []TileLayerState
}
