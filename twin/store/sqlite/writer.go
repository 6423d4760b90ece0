package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// writer is the twin.FeatureWriter of one LoadDataset. Its memory is
// bounded whatever the dataset's size: the rows a reload has seen go to a
// temporary table, and pending R*Tree entries are written every rtreeChunk.
type writer struct {
	ctx     context.Context
	tx      *sql.Tx
	dataset string
	at      int64 // unix ns, the time of every change the load logs
	// maxRowid is the largest rowid of the dataset's features before the
	// load, 0 if it had none. Rows the load inserts get larger rowids, so
	// only rows up to maxRowid are candidates for deletion.
	maxRowid int64

	lookup, insert, update, seen *sql.Stmt
	changes                      *batcher
	rtree                        *rtreeWriter

	mu    sync.Mutex
	done  bool
	err   error // a store error: the transaction is unusable
	stats twin.LoadStats
	agg   datasetStats
}

// record is a feature ready to be written.
type record struct {
	id, kind, layer, network, status string
	hash, data                       []byte
	bounds                           geo.Bounds3
}

// stored is what a lookup finds of a feature already in the store.
type stored struct {
	rowid   int64
	dataset string
	hash    []byte
	bounds  geo.Bounds3
}

const featureCols = `min_lon, max_lon, min_lat, max_lat, min_z, max_z`

func newWriter(ctx context.Context, tx *sql.Tx, dataset string, at time.Time) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx, dataset: dataset, at: at.UnixNano()}
	var maxRowid sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT max(rowid) FROM features WHERE dataset = ?`, dataset).Scan(&maxRowid)
	if err != nil {
		return nil, fmt.Errorf("read dataset: %w", err)
	}
	w.maxRowid = maxRowid.Int64
	if w.maxRowid > 0 {
		_, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS load_seen (rowid INTEGER PRIMARY KEY);
			DELETE FROM temp.load_seen`)
		if err != nil {
			return nil, fmt.Errorf("seen table: %w", err)
		}
	}
	if err := w.prepare(); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) prepare() error {
	stmts := []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.lookup, `SELECT rowid, dataset, hash, ` + featureCols + ` FROM features WHERE id = ?`},
		{&w.insert, `INSERT INTO features (id, dataset, kind, layer, network, status, hash, ` + featureCols + `, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`},
		{&w.update, `UPDATE features SET kind = ?, layer = ?, network = ?, status = ?, hash = ?, min_lon = ?, max_lon = ?,
			min_lat = ?, max_lat = ?, min_z = ?, max_z = ?, data = ? WHERE rowid = ?`},
		{&w.seen, `INSERT OR IGNORE INTO temp.load_seen (rowid) VALUES (?)`},
	}
	for _, s := range stmts {
		if s.dst == &w.seen && w.maxRowid == 0 {
			continue // a first load has nothing to delete, so needs no seen table
		}
		st, err := w.tx.PrepareContext(w.ctx, s.sql)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		*s.dst = st
	}
	return w.prepareBatches()
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.lookup, w.insert, w.update, w.seen} {
		if st != nil {
			_ = st.Close()
		}
	}
	w.changes.close()
	w.rtree.close()
}

// finish ends the fill: later Puts fail.
func (w *writer) finish() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}

// Put implements twin.FeatureWriter. An invalid feature or a duplicate id is
// refused (the load can go on if fill chooses to skip it); a store error
// or the end of the load's context fails this and every later Put.
func (w *writer) Put(f twin.Feature) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.done:
		return errors.New("sqlite: Put after the load ended")
	case w.err != nil:
		return w.err
	}
	if err := w.ctx.Err(); err != nil {
		w.err = fmt.Errorf("sqlite: load %s: %w", w.dataset, err)
		return w.err
	}
	rec, err := w.record(f)
	if err != nil {
		return err
	}
	if err := w.write(&rec); err != nil {
		if !errors.Is(err, twin.ErrDuplicateID) {
			w.err = fmt.Errorf("sqlite: load %s: feature %q: %w", w.dataset, rec.id, err)
			return w.err
		}
		return err
	}
	w.agg.add(f, rec.bounds)
	return nil
}

// record validates f and encodes it.
func (w *writer) record(f twin.Feature) (record, error) {
	if err := twin.Validate(f); err != nil {
		return record{}, fmt.Errorf("sqlite: load %s: %w", w.dataset, err)
	}
	h := f.Head()
	if h.Dataset != w.dataset {
		return record{}, fmt.Errorf("sqlite: load %s: %w: feature %q belongs to dataset %q",
			w.dataset, twin.ErrInvalidFeature, h.ID, h.Dataset)
	}
	data, err := twin.MarshalFeature(f)
	if err != nil {
		return record{}, fmt.Errorf("sqlite: load %s: feature %q: %w", w.dataset, h.ID, err)
	}
	sum := sha256.Sum256(data)
	rec := record{id: h.ID, kind: string(f.Kind()), layer: f.Layer(), hash: sum[:], data: data, bounds: f.Bounds()}
	switch v := f.(type) {
	case *twin.UtilitySegment:
		rec.network, rec.status = string(v.Network), string(v.Status)
	case *twin.UtilityNode:
		rec.network, rec.status = string(v.Network), string(v.Status)
	}
	return rec, nil
}

// write stores rec as a new, changed or unchanged feature.
func (w *writer) write(rec *record) error {
	if w.maxRowid == 0 {
		return w.insertNew(rec)
	}
	old, err := w.find(rec.id)
	if errors.Is(err, sql.ErrNoRows) {
		return w.insertNew(rec)
	}
	if err != nil {
		return err
	}
	if err := w.markSeen(rec.id, old); err != nil {
		return err
	}
	if bytes.Equal(old.hash, rec.hash) {
		w.stats.Unchanged++
		return nil
	}
	b := nullBounds(rec.bounds, true)
	_, err = w.update.ExecContext(w.ctx, rec.kind, rec.layer, rec.network, rec.status, rec.hash,
		b[0], b[1], b[2], b[3], b[4], b[5], rec.data, old.rowid)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if rec.bounds != old.bounds { // moved: re-index
		if err := w.rtree.del(old.rowid, old.bounds); err != nil {
			return err
		}
		if err := w.rtree.add(old.rowid, rec.bounds); err != nil {
			return err
		}
	}
	w.stats.Changed++
	return w.logUpsert(rec, old.bounds, true)
}

// markSeen records that the load wrote the stored feature old, or reports
// a duplicate id when it already did, or when old is another dataset's.
func (w *writer) markSeen(id string, old stored) error {
	if old.dataset != w.dataset {
		return w.duplicate(id, old.dataset)
	}
	if old.rowid > w.maxRowid {
		return w.duplicate(id, w.dataset) // inserted by this load
	}
	res, err := w.seen.ExecContext(w.ctx, old.rowid)
	if err != nil {
		return fmt.Errorf("mark seen: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("mark seen: %w", err)
	}
	if n == 0 {
		return w.duplicate(id, w.dataset)
	}
	return nil
}

func (w *writer) find(id string) (stored, error) {
	var s stored
	b := &s.bounds
	err := w.lookup.QueryRowContext(w.ctx, id).Scan(&s.rowid, &s.dataset, &s.hash,
		&b.Min[0], &b.Max[0], &b.Min[1], &b.Max[1], &b.Min[2], &b.Max[2])
	return s, err
}

// insertNew inserts a feature the store does not have yet.
func (w *writer) insertNew(rec *record) error {
	b := nullBounds(rec.bounds, true)
	res, err := w.insert.ExecContext(w.ctx, rec.id, w.dataset, rec.kind, rec.layer, rec.network, rec.status,
		rec.hash, b[0], b[1], b[2], b[3], b[4], b[5], rec.data)
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	if n == 0 {
		return w.conflict(rec.id)
	}
	rowid, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	if w.maxRowid > 0 && rowid <= w.maxRowid { // SQLite reused a rowid: remember it
		if _, err := w.seen.ExecContext(w.ctx, rowid); err != nil {
			return fmt.Errorf("mark seen: %w", err)
		}
	}
	if err := w.rtree.add(rowid, rec.bounds); err != nil {
		return err
	}
	w.stats.Added++
	return w.logUpsert(rec, geo.Bounds3{}, false)
}

// conflict explains an insert that hit an existing id.
func (w *writer) conflict(id string) error {
	old, err := w.find(id)
	if err != nil {
		return fmt.Errorf("insert %q: id conflict: %w", id, err)
	}
	return w.duplicate(id, old.dataset)
}

func (w *writer) duplicate(id, owner string) error {
	if owner == w.dataset {
		return fmt.Errorf("sqlite: load %s: %w %q", w.dataset, twin.ErrDuplicateID, id)
	}
	return fmt.Errorf("sqlite: load %s: %w %q: it belongs to dataset %q", w.dataset, twin.ErrDuplicateID, id, owner)
}
