package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidateName checks a dataset name: a lower-case letter or digit, then up
// to 63 lower-case letters, digits, '_' or '-'. The error wraps
// twin.ErrInvalidName.
func ValidateName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("%w %q: want [a-z0-9][a-z0-9_-]{0,63}", twin.ErrInvalidName, name)
	}
	return nil
}

// LoadDataset implements twin.Store. It runs in one write transaction:
// readers see the old dataset until it commits, and any error (from fill, a
// Put, the store or ctx) rolls everything back. Features whose marshalled
// content is unchanged are neither rewritten nor logged; features of the
// dataset that fill does not Put are deleted and logged as deletes. The
// dataset's meta is recorded as it is when fill returns.
func (s *Store) LoadDataset(ctx context.Context, meta *twin.DatasetMeta, fill func(twin.FeatureWriter) error) (twin.LoadStats, error) {
	if err := ValidateName(meta.Name); err != nil {
		return twin.LoadStats{}, fmt.Errorf("sqlite: load: %w", err)
	}
	name := meta.Name
	var stats twin.LoadStats
	err := s.inTx(ctx, "load "+name, func(tx *sql.Tx) error {
		var err error
		stats, err = loadTx(ctx, tx, meta, fill)
		return err
	})
	if err != nil {
		return twin.LoadStats{}, err
	}
	return stats, nil
}

// loadTx is LoadDataset inside its transaction. It returns the error of
// fill as it is; its own errors name the dataset.
func loadTx(ctx context.Context, tx *sql.Tx, meta *twin.DatasetMeta, fill func(twin.FeatureWriter) error) (twin.LoadStats, error) {
	name := meta.Name
	fail := func(err error) (twin.LoadStats, error) {
		return twin.LoadStats{}, fmt.Errorf("sqlite: load %s: %w", name, err)
	}
	now := time.Now().UTC()
	if err := writeDatasetMeta(ctx, tx, meta, now); err != nil {
		return fail(err)
	}
	w, err := newWriter(ctx, tx, name, now)
	if err != nil {
		return fail(err)
	}
	defer w.close()
	err = fill(w)
	w.finish()
	switch {
	case err != nil:
		return twin.LoadStats{}, err
	case w.err != nil: // fill ignored a failed Put
		return twin.LoadStats{}, w.err
	}
	if err := w.flush(); err != nil {
		return fail(err)
	}
	if err := w.deleteUnseen(); err != nil {
		return fail(err)
	}
	if meta.Name != name {
		return fail(fmt.Errorf("fill renamed the dataset to %q", meta.Name))
	}
	if err := writeDatasetMeta(ctx, tx, meta, now); err != nil {
		return fail(err)
	}
	if err := writeDatasetStats(ctx, tx, name, &w.agg); err != nil {
		return fail(err)
	}
	return w.stats, nil
}

// writeDatasetMeta inserts or updates the dataset's row.
func writeDatasetMeta(ctx context.Context, tx *sql.Tx, meta *twin.DatasetMeta, at time.Time) error {
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("meta: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO datasets (name, meta, loaded_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET meta = excluded.meta, loaded_at = excluded.loaded_at`,
		meta.Name, string(metaJSON), at.UnixNano())
	if err != nil {
		return fmt.Errorf("write dataset: %w", err)
	}
	return nil
}

// inTx runs fn in a write transaction and commits if it returns nil. The
// transaction is rolled back on any error, and if fn panics, so that the
// single write connection is never left inside a transaction. fn's errors
// are returned as they are; inTx's own name the operation, what.
func (s *Store) inTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: %s: begin: %w", what, err)
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		if rerr := ignoreDone(tx.Rollback()); rerr != nil {
			err = errors.Join(err, fmt.Errorf("sqlite: %s: rollback: %w", what, rerr))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	committed = true // Commit ends the transaction, even when it fails
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: %s: commit: %w", what, err)
	}
	return nil
}

// ignoreDone drops the error of rolling back a transaction that database/sql
// already rolled back because its context ended.
func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// DeleteDataset implements twin.Store; every feature's removal is logged.
func (s *Store) DeleteDataset(ctx context.Context, name string) error {
	what := fmt.Sprintf("delete dataset %q", name)
	return s.inTx(ctx, what, func(tx *sql.Tx) error {
		if err := deleteTx(ctx, tx, name); err != nil {
			return fmt.Errorf("sqlite: %s: %w", what, err)
		}
		return nil
	})
}

func deleteTx(ctx context.Context, tx *sql.Tx, name string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM datasets WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return twin.ErrNotFound
	}
	r, err := newRtreeWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer r.close()
	if _, err := deleteFeatures(ctx, tx, r, name, "", time.Now().UTC()); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM datasets WHERE name = ?`, name)
	return err
}

// datasetStats accumulates the counts and extent of a dataset as its
// features are written.
type datasetStats struct {
	kinds    map[twin.Kind]int
	networks map[twin.Network]int
	extent   geo.Bounds3
}

func (a *datasetStats) add(f twin.Feature, b geo.Bounds3) {
	if a.kinds == nil {
		a.kinds = map[twin.Kind]int{}
		a.networks = map[twin.Network]int{}
		a.extent = geo.EmptyBounds()
	}
	a.kinds[f.Kind()]++
	if s, ok := f.(*twin.UtilitySegment); ok {
		a.networks[s.Network]++
	}
	a.extent = a.extent.Union(b)
}

// writeDatasetStats stores what a load counted in the dataset's row.
func writeDatasetStats(ctx context.Context, tx *sql.Tx, name string, a *datasetStats) error {
	networks, err := json.Marshal(a.networks)
	if err != nil {
		return fmt.Errorf("dataset stats: %w", err)
	}
	ext := nullBounds(a.extent, a.kinds != nil)
	_, err = tx.ExecContext(ctx, `UPDATE datasets SET buildings = ?, segments = ?, nodes = ?, meshes = ?,
		networks = ?, min_lon = ?, max_lon = ?, min_lat = ?, max_lat = ?, min_z = ?, max_z = ? WHERE name = ?`,
		a.kinds[twin.KindBuilding], a.kinds[twin.KindSegment], a.kinds[twin.KindNode], a.kinds[twin.KindMesh],
		string(networks), ext[0], ext[1], ext[2], ext[3], ext[4], ext[5], name)
	if err != nil {
		return fmt.Errorf("dataset stats: %w", err)
	}
	return nil
}

// nullBounds orders b as the columns store it (min_lon, max_lon, min_lat,
// max_lat, min_z, max_z), all NULL when ok is false or b is empty.
func nullBounds(b geo.Bounds3, ok bool) [6]any {
	if !ok || b.IsEmpty() {
		return [6]any{}
	}
	return [6]any{b.Min[0], b.Max[0], b.Min[1], b.Max[1], b.Min[2], b.Max[2]}
}
