package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
)

// rtreeZDivisor turns heights (m) into the R*Tree's z: about degrees of
// latitude. With heights in metres, a city a few metres deep spans more
// "units" in z than in lon/lat, so the R*Tree splits its nodes by height and
// a map query has to visit every node. Dividing by a positive constant keeps
// the order of values, so the R*Tree still finds a superset of the hits and
// Search's exact check on the stored bounds decides.
const rtreeZDivisor = 111320.0

// rtreeChunk is how many pending entries an rtreeWriter holds (64 bytes
// each) before it writes them.
const rtreeChunk = 1 << 17

// rtreeEntry is a feature's R*Tree entry waiting to be added or removed.
type rtreeEntry struct {
	key   uint64 // Hilbert index of the bounds' centre
	rowid int64
	b     geo.Bounds3
}

func newEntry(rowid int64, b geo.Bounds3) rtreeEntry {
	return rtreeEntry{key: hilbertLonLat((b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2), rowid: rowid, b: b}
}

// rtreeWriter keeps the R*Tree in step with the features table during one
// write transaction. There are no triggers: it queues additions and
// removals and applies them a chunk at a time in Hilbert order of the
// entries' centres. Touching neighbours together keeps the tree's working
// set in the page cache and builds tighter nodes; in source order, a large
// load thrashes the cache and takes several times longer. All removals
// queued are applied before all additions, so a moved feature is removed
// then added again.
type rtreeWriter struct {
	ctx        context.Context
	tx         *sql.Tx
	adds, dels []rtreeEntry
	insert     *batcher
	remove     *sql.Stmt
}

func newRtreeWriter(ctx context.Context, tx *sql.Tx) (*rtreeWriter, error) {
	r := &rtreeWriter{ctx: ctx, tx: tx}
	var err error
	r.insert, err = newBatcher(ctx, tx, `INSERT INTO features_rtree (id, `+featureCols+`) VALUES `, 7, 128)
	if err != nil {
		return nil, err
	}
	if r.remove, err = tx.PrepareContext(ctx, `DELETE FROM features_rtree WHERE id = ?`); err != nil {
		r.insert.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return r, nil
}

func (r *rtreeWriter) close() {
	if r != nil {
		r.insert.close()
		_ = r.remove.Close()
	}
}

// add queues the entry of a new feature, or of a moved one after its removal.
func (r *rtreeWriter) add(rowid int64, b geo.Bounds3) error {
	r.adds = append(r.adds, newEntry(rowid, b))
	return r.flushIfFull()
}

// del queues the removal of a feature's entry; old is its current bounds.
func (r *rtreeWriter) del(rowid int64, old geo.Bounds3) error {
	r.dels = append(r.dels, newEntry(rowid, old))
	return r.flushIfFull()
}

func (r *rtreeWriter) flushIfFull() error {
	if len(r.adds) >= rtreeChunk || len(r.dels) >= rtreeChunk {
		return r.flush()
	}
	return nil
}

// flush applies what is queued: removals, then additions.
func (r *rtreeWriter) flush() error {
	byKey := func(a, b rtreeEntry) int { return cmp.Compare(a.key, b.key) }
	slices.SortFunc(r.dels, byKey)
	for _, e := range r.dels {
		if _, err := r.remove.ExecContext(r.ctx, e.rowid); err != nil {
			return fmt.Errorf("unindex bounds: %w", err)
		}
	}
	r.dels = r.dels[:0]
	slices.SortFunc(r.adds, byKey)
	for _, e := range r.adds {
		err := r.insert.add(e.rowid, e.b.Min[0], e.b.Max[0], e.b.Min[1], e.b.Max[1],
			e.b.Min[2]/rtreeZDivisor, e.b.Max[2]/rtreeZDivisor)
		if err != nil {
			return fmt.Errorf("index bounds: %w", err)
		}
	}
	r.adds = r.adds[:0]
	if err := r.insert.flush(); err != nil {
		return fmt.Errorf("index bounds: %w", err)
	}
	return nil
}

// hilbertLonLat is the index of a position on a Hilbert curve of order 32
// over the whole lon/lat range (cells of about 1 cm).
func hilbertLonLat(lon, lat float64) uint64 {
	const side = 1 << 32
	x := uint64(math.Min(math.Max((lon+180)/360*side, 0), side-1))
	y := uint64(math.Min(math.Max((lat+90)/180*side, 0), side-1))
	var d uint64
	for s := uint64(side / 2); s > 0; s /= 2 {
		var rx, ry uint64
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 { // rotate the quadrant
			if rx == 1 {
				x, y = side-1-x, side-1-y
			}
			x, y = y, x
		}
	}
	return d
}

// unindex removes the R*Tree entries of the features of dataset that match
// the SQL condition where (n of them), in Hilbert order. When fewer
// features stay than go, it rebuilds the R*Tree from those that stay
// instead: removing an entry costs more than adding one.
func (r *rtreeWriter) unindex(dataset, where string, n int64) error {
	if err := r.flush(); err != nil {
		return err
	}
	var total int64
	if err := r.tx.QueryRowContext(r.ctx, `SELECT count(*) FROM features`).Scan(&total); err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	if total-n < n {
		if err := r.recreate(); err != nil {
			return err
		}
		return r.queueAll(`NOT (dataset = ?`+where+`)`, dataset, r.add)
	}
	return r.queueAll(`dataset = ?`+where, dataset, r.del)
}

// queueAll reads the features matching the SQL condition cond (whose one
// parameter is dataset) a page at a time, queues each with queue, and
// flushes.
func (r *rtreeWriter) queueAll(cond, dataset string, queue func(int64, geo.Bounds3) error) error {
	for after := int64(0); ; {
		page, err := r.page(cond, dataset, after)
		if err != nil || len(page) == 0 {
			return errors.Join(err, r.flush())
		}
		for _, e := range page {
			if err := queue(e.rowid, e.b); err != nil {
				return err
			}
		}
		after = page[len(page)-1].rowid
	}
}

// page reads the bounds of up to 4096 features after rowid after.
func (r *rtreeWriter) page(cond, dataset string, after int64) ([]rtreeEntry, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT rowid, `+featureCols+` FROM features
		WHERE rowid > ? AND `+cond+` ORDER BY rowid LIMIT 4096`, after, dataset)
	if err != nil {
		return nil, fmt.Errorf("unindex: %w", err)
	}
	defer rows.Close()
	var page []rtreeEntry
	for rows.Next() {
		var e rtreeEntry
		b := &e.b
		if err := rows.Scan(&e.rowid, &b.Min[0], &b.Max[0], &b.Min[1], &b.Max[1], &b.Min[2], &b.Max[2]); err != nil {
			return nil, fmt.Errorf("unindex: %w", err)
		}
		page = append(page, e)
	}
	return page, rows.Err()
}

// recreate empties the R*Tree by dropping it and creating it again from its
// definition in the schema: far faster than deleting every entry.
func (r *rtreeWriter) recreate() error {
	var ddl string
	err := r.tx.QueryRowContext(r.ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'features_rtree'`).Scan(&ddl)
	if err != nil {
		return fmt.Errorf("recreate index: %w", err)
	}
	if _, err := r.tx.ExecContext(r.ctx, `DROP TABLE features_rtree`); err != nil {
		return fmt.Errorf("recreate index: %w", err)
	}
	if _, err := r.tx.ExecContext(r.ctx, ddl); err != nil {
		return fmt.Errorf("recreate index: %w", err)
	}
	return nil
}
