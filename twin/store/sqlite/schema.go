package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// applicationID marks a SQLite file as a CityTwin store (PRAGMA
// application_id; "CTWN" in ASCII).
const applicationID = 0x4354574e

// ErrSchemaTooNew is returned by Open for a store written by a newer version
// of CityTwin than this one.
var ErrSchemaTooNew = errors.New("sqlite: store schema is newer than this program")

// migration is one step of the schema history. Steps are applied in order,
// each in its own transaction; the store's version (PRAGMA user_version) is
// the number of steps applied. Never edit a released step: append a new one.
type migration struct {
	name string
	sql  string
}

// migrations is the schema history; SchemaVersion is its length.
var migrations = []migration{
	{name: "initial schema", sql: schemaV1},
	{name: "tiles", sql: schemaV2},
}

// SchemaVersion is the schema version this package writes and reads.
func SchemaVersion() int { return len(migrations) }

// schemaV1: datasets, features (JSON in data), the 3D R*Tree on feature
// bounds, and the change log whose AUTOINCREMENT seq never repeats, not even
// after rows are deleted. There are no triggers: whoever inserts, moves or
// deletes a feature updates its R*Tree entry (id = features.rowid) too, see
// rtreeWriter, which also explains why heights are divided by rtreeZDivisor.
const schemaV1 = `
CREATE TABLE datasets (
	name      TEXT PRIMARY KEY,
	meta      TEXT NOT NULL,
	loaded_at INTEGER NOT NULL,
	buildings INTEGER NOT NULL DEFAULT 0,
	segments  INTEGER NOT NULL DEFAULT 0,
	nodes     INTEGER NOT NULL DEFAULT 0,
	meshes    INTEGER NOT NULL DEFAULT 0,
	networks  TEXT NOT NULL DEFAULT '{}',
	min_lon REAL, max_lon REAL, min_lat REAL, max_lat REAL, min_z REAL, max_z REAL
);
CREATE TABLE features (
	rowid   INTEGER PRIMARY KEY,
	id      TEXT NOT NULL UNIQUE,
	dataset TEXT NOT NULL REFERENCES datasets(name),
	kind    TEXT NOT NULL,
	layer   TEXT NOT NULL,
	network TEXT NOT NULL DEFAULT '',
	status  TEXT NOT NULL DEFAULT '',
	hash    BLOB NOT NULL,
	min_lon REAL NOT NULL, max_lon REAL NOT NULL,
	min_lat REAL NOT NULL, max_lat REAL NOT NULL,
	min_z   REAL NOT NULL, max_z   REAL NOT NULL,
	data    BLOB NOT NULL
);
CREATE INDEX features_dataset ON features(dataset);
CREATE VIRTUAL TABLE features_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_z, max_z);
CREATE TABLE changes (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	op         TEXT NOT NULL,
	feature_id TEXT NOT NULL,
	kind       TEXT NOT NULL,
	layer      TEXT NOT NULL,
	dataset    TEXT NOT NULL,
	old_min_lon REAL, old_max_lon REAL, old_min_lat REAL, old_max_lat REAL, old_min_z REAL, old_max_z REAL,
	new_min_lon REAL, new_max_lon REAL, new_min_lat REAL, new_max_lat REAL, new_min_z REAL, new_max_z REAL,
	at INTEGER NOT NULL
);
`

// schemaV2: the 3D Tiles files a tiler builds from the features (GLBs and
// tileset JSON, by path), the state of each layer's tiles (the change-log
// sequence they reflect, the builder's version and its tree record) and
// the tile generation, which every tile update bumps so that two builders
// cannot interleave their updates.
const schemaV2 = `
CREATE TABLE tiles (
	path         TEXT PRIMARY KEY,
	layer        TEXT NOT NULL,
	content_type TEXT NOT NULL,
	hash         TEXT NOT NULL,
	size         INTEGER NOT NULL,
	data         BLOB NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX tiles_layer ON tiles(layer, path);
CREATE TABLE tile_layers (
	layer      TEXT PRIMARY KEY,
	built_seq  INTEGER NOT NULL,
	version    TEXT NOT NULL,
	meta       BLOB,
	updated_at INTEGER NOT NULL
);
CREATE TABLE tile_generation (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL
);
INSERT INTO tile_generation (id, generation) VALUES (1, 0);
`

// migrate brings the store at db up to len(steps), refusing a store that is
// newer. db must be the single write connection (BEGIN IMMEDIATE), so that
// two processes opening one file at once do not both migrate it.
func migrate(ctx context.Context, db *sql.DB, steps []migration) error {
	for {
		done, err := migrateStep(ctx, db, steps)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next pending step in a transaction and reports
// whether there was nothing left to do.
func migrateStep(ctx context.Context, db *sql.DB, steps []migration) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: migrate: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	version, err := checkVersion(ctx, tx, len(steps))
	if err != nil {
		return false, err
	}
	if version == len(steps) {
		return true, tx.Rollback()
	}
	step := steps[version]
	if _, err := tx.ExecContext(ctx, step.sql); err != nil {
		return false, fmt.Errorf("sqlite: migrate to version %d (%s): %w", version+1, step.name, err)
	}
	set := fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", version+1, applicationID)
	if _, err := tx.ExecContext(ctx, set); err != nil {
		return false, fmt.Errorf("sqlite: migrate to version %d: %w", version+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("sqlite: migrate to version %d: commit: %w", version+1, err)
	}
	return false, nil
}

// checkVersion reads the store's schema version and checks that this
// program can use the file at all.
func checkVersion(ctx context.Context, q querier, known int) (int, error) {
	var version, appID int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("sqlite: read schema version: %w", err)
	}
	if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, fmt.Errorf("sqlite: read application id: %w", err)
	}
	if appID != 0 && appID != applicationID {
		return 0, fmt.Errorf("sqlite: not a CityTwin store (application id %#x)", appID)
	}
	if version > known {
		return 0, fmt.Errorf("%w: store has schema version %d, this program knows up to %d; upgrade CityTwin",
			ErrSchemaTooNew, version, known)
	}
	return version, nil
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
