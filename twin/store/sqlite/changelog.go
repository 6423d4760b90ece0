package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// changeBatch is how many change-log rows one INSERT writes.
const changeBatch = 64

func (w *writer) prepareBatches() error {
	var err error
	w.changes, err = newBatcher(w.ctx, w.tx, `INSERT INTO changes (op, feature_id, kind, layer, dataset,
		old_min_lon, old_max_lon, old_min_lat, old_max_lat, old_min_z, old_max_z,
		new_min_lon, new_max_lon, new_min_lat, new_max_lat, new_min_z, new_max_z, at) VALUES `, 18, changeBatch)
	if err != nil {
		return err
	}
	w.changes.flushed = func(res sql.Result, n int) error {
		last, err := res.LastInsertId() // AUTOINCREMENT numbers a statement's rows consecutively
		w.noteSeq(last-int64(n)+1, last)
		return err
	}
	w.rtree, err = newRtreeWriter(w.ctx, w.tx)
	return err
}

// flush writes what the batches still hold.
func (w *writer) flush() error {
	if err := w.changes.flush(); err != nil {
		return fmt.Errorf("log changes: %w", err)
	}
	return w.rtree.flush()
}

// logUpsert writes the change entry of a new (hadOld false) or changed feature.
func (w *writer) logUpsert(rec *record, old geo.Bounds3, hadOld bool) error {
	o, n := nullBounds(old, hadOld), nullBounds(rec.bounds, true)
	err := w.changes.add(string(twin.OpUpsert), rec.id, rec.kind, rec.layer, w.dataset,
		o[0], o[1], o[2], o[3], o[4], o[5], n[0], n[1], n[2], n[3], n[4], n[5], w.at)
	if err != nil {
		return fmt.Errorf("log change: %w", err)
	}
	return nil
}

func (w *writer) noteSeq(first, last int64) {
	if w.stats.FirstSeq == 0 {
		w.stats.FirstSeq = first
	}
	w.stats.LastSeq = last
}

// deleteUnseen deletes, and logs, the dataset's features the load did not Put.
func (w *writer) deleteUnseen() error {
	if w.maxRowid == 0 {
		return nil
	}
	where := fmt.Sprintf(" AND rowid <= %d AND rowid NOT IN (SELECT rowid FROM temp.load_seen)", w.maxRowid)
	n, err := deleteFeatures(w.ctx, w.tx, w.rtree, w.dataset, where, time.Unix(0, w.at))
	if err != nil {
		return err
	}
	if n > 0 {
		last, err := lastSeq(w.ctx, w.tx)
		if err != nil {
			return err
		}
		w.stats.Deleted = int(n)
		w.noteSeq(last-n+1, last)
	}
	if _, err := w.tx.ExecContext(w.ctx, `DELETE FROM temp.load_seen`); err != nil {
		return fmt.Errorf("clear seen table: %w", err)
	}
	return nil
}

// deleteFeatures deletes the features of dataset that match the SQL
// condition where ("" for all), with their R*Tree entries, and logs each
// deletion. It returns how many it deleted.
func deleteFeatures(ctx context.Context, tx *sql.Tx, r *rtreeWriter, dataset, where string, at time.Time) (int64, error) {
	n, err := logDeletes(ctx, tx, dataset, where, at)
	if err != nil || n == 0 {
		return n, err
	}
	if err := r.unindex(dataset, where, n); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM features WHERE dataset = ?`+where, dataset); err != nil {
		return 0, fmt.Errorf("delete: %w", err)
	}
	return n, nil
}

// logDeletes writes a delete entry, in rowid order, for every feature of
// dataset that also matches the SQL condition where ("" for all). It
// returns how many it wrote.
func logDeletes(ctx context.Context, tx *sql.Tx, dataset, where string, at time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO changes (op, feature_id, kind, layer, dataset,
			old_min_lon, old_max_lon, old_min_lat, old_max_lat, old_min_z, old_max_z, at)
		SELECT ?, id, kind, layer, dataset, min_lon, max_lon, min_lat, max_lat, min_z, max_z, ?
		FROM features WHERE dataset = ?`+where+` ORDER BY rowid`,
		string(twin.OpDelete), at.UnixNano(), dataset)
	if err != nil {
		return 0, fmt.Errorf("log deletes: %w", err)
	}
	return res.RowsAffected()
}
