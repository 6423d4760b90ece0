package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// DefaultChangesLimit is how many entries Changes returns when its limit is
// zero or negative.
const DefaultChangesLimit = 1000

// Feature implements twin.Store.
func (s *Store) Feature(ctx context.Context, id string) (twin.Feature, error) {
	var kind string
	var data []byte
	err := s.read.QueryRowContext(ctx, `SELECT kind, data FROM features WHERE id = ?`, id).Scan(&kind, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: feature %q: %w", id, twin.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: feature %q: %w", id, err)
	}
	f, err := twin.UnmarshalFeature(twin.Kind(kind), data)
	if err != nil {
		return nil, fmt.Errorf("sqlite: feature %q: %w", id, err)
	}
	return f, nil
}

// Search implements twin.Store. The R*Tree (32-bit floats, rounded outward)
// finds candidates; the exact 64-bit bounds kept in the features table then
// decide, so the result is exactly the features whose bounds intersect b
// (borders included). ±Inf are allowed in b; NaN is an error.
func (s *Store) Search(ctx context.Context, b geo.Bounds3, f twin.Filter, fn func(twin.Feature) bool) error {
	for i := range 3 {
		if math.IsNaN(b.Min[i]) || math.IsNaN(b.Max[i]) {
			return fmt.Errorf("sqlite: search: bounds %v are not numbers", b)
		}
	}
	if b.IsEmpty() {
		return nil
	}
	query, args := searchQuery(b, f)
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("sqlite: search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("sqlite: search: %w", err)
		}
		var kind string
		var data sql.RawBytes
		if err := rows.Scan(&kind, &data); err != nil {
			return fmt.Errorf("sqlite: search: %w", err)
		}
		feat, err := twin.UnmarshalFeature(twin.Kind(kind), data)
		if err != nil {
			return fmt.Errorf("sqlite: search: %w", err)
		}
		if !fn(feat) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: search: %w", err)
	}
	return nil
}

// searchQuery builds the SQL of Search. Parameters ?1..?6 are the box as
// max_lon, min_lon, max_lat, min_lat, max_z, min_z; ?7 and ?8 are max_z and
// min_z as the R*Tree stores heights.
func searchQuery(b geo.Bounds3, f twin.Filter) (string, []any) {
	var q strings.Builder
	q.WriteString(`SELECT f.kind, f.data FROM features_rtree r CROSS JOIN features f ON f.rowid = r.id WHERE
		r.min_lon <= ?1 AND r.max_lon >= ?2 AND r.min_lat <= ?3 AND r.max_lat >= ?4 AND r.min_z <= ?7 AND r.max_z >= ?8 AND
		f.min_lon <= ?1 AND f.max_lon >= ?2 AND f.min_lat <= ?3 AND f.max_lat >= ?4 AND f.min_z <= ?5 AND f.max_z >= ?6`)
	args := []any{b.Max[0], b.Min[0], b.Max[1], b.Min[1], b.Max[2], b.Min[2],
		b.Max[2] / rtreeZDivisor, b.Min[2] / rtreeZDivisor}
	kinds := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		kinds[i] = string(k)
	}
	args = inList(&q, "f.kind", kinds, args)
	args = inList(&q, "f.layer", f.Layers, args)
	args = inList(&q, "f.dataset", f.Datasets, args)
	return q.String(), args
}

// inList appends " AND col IN (?, ...)" for a non-empty list of values.
func inList(q *strings.Builder, col string, values []string, args []any) []any {
	if len(values) == 0 {
		return args
	}
	fmt.Fprintf(q, " AND %s IN (", col)
	for i, v := range values {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(q, "?%d", len(args)+1)
		args = append(args, v)
	}
	q.WriteString(")")
	return args
}

// Changes implements twin.Store. A limit of zero or less means
// DefaultChangesLimit.
func (s *Store) Changes(ctx context.Context, since int64, limit int) ([]twin.Change, error) {
	if limit <= 0 {
		limit = DefaultChangesLimit
	}
	rows, err := s.read.QueryContext(ctx, `SELECT seq, op, feature_id, kind, layer, dataset,
		old_min_lon, old_max_lon, old_min_lat, old_max_lat, old_min_z, old_max_z,
		new_min_lon, new_max_lon, new_min_lat, new_max_lat, new_min_z, new_max_z, at
		FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`, since, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	defer rows.Close()
	var out []twin.Change
	for rows.Next() {
		var c twin.Change
		var old, nw nullBox
		var at int64
		err := rows.Scan(&c.Seq, &c.Op, &c.FeatureID, &c.Kind, &c.Layer, &c.Dataset,
			&old[0], &old[1], &old[2], &old[3], &old[4], &old[5],
			&nw[0], &nw[1], &nw[2], &nw[3], &nw[4], &nw[5], &at)
		if err != nil {
			return nil, fmt.Errorf("sqlite: changes: %w", err)
		}
		c.OldBounds, c.NewBounds, c.At = old.bounds(), nw.bounds(), time.Unix(0, at).UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	return out, nil
}

// nullBox scans six nullable bound columns in the order nullBounds writes.
type nullBox [6]sql.NullFloat64

// bounds returns the box, or geo.EmptyBounds when the columns are NULL (no
// bounds: the old bounds of a new feature, the new bounds of a deleted one,
// the extent of an empty dataset); empty bounds encode as JSON null.
func (n *nullBox) bounds() geo.Bounds3 {
	if !n[0].Valid {
		return geo.EmptyBounds()
	}
	return geo.Bounds3{
		Min: geo.Point3{n[0].Float64, n[2].Float64, n[4].Float64},
		Max: geo.Point3{n[1].Float64, n[3].Float64, n[5].Float64},
	}
}

// LastSeq implements twin.Store.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	return lastSeq(ctx, s.read)
}

// lastSeq reads the newest change's seq from sqlite_sequence, which keeps it
// even if old change-log rows are pruned.
func lastSeq(ctx context.Context, q querier) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx,
		`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("sqlite: last seq: %w", err)
	}
	return seq, nil
}

// Info implements twin.Store. SizeBytes counts the database file and its WAL.
func (s *Store) Info(ctx context.Context) (twin.Info, error) {
	info := twin.Info{Path: s.path}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return twin.Info{}, fmt.Errorf("sqlite: info: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if info.SchemaVersion, err = checkVersion(ctx, tx, len(migrations)); err != nil {
		return twin.Info{}, err
	}
	if info.LastSeq, err = lastSeq(ctx, tx); err != nil {
		return twin.Info{}, err
	}
	if info.Datasets, err = datasets(ctx, tx, ""); err != nil {
		return twin.Info{}, err
	}
	for _, name := range []string{s.path, s.path + "-wal"} {
		if fi, err := os.Stat(name); err == nil {
			info.SizeBytes += fi.Size()
		}
	}
	return info, nil
}

// Datasets implements twin.Store.
func (s *Store) Datasets(ctx context.Context) ([]twin.Dataset, error) {
	return datasets(ctx, s.read, "")
}

// Dataset implements twin.Store.
func (s *Store) Dataset(ctx context.Context, name string) (twin.Dataset, error) {
	ds, err := datasets(ctx, s.read, name)
	if err != nil {
		return twin.Dataset{}, err
	}
	if len(ds) == 0 {
		return twin.Dataset{}, fmt.Errorf("sqlite: dataset %q: %w", name, twin.ErrNotFound)
	}
	return ds[0], nil
}

// datasets lists the datasets by name, or only the one called name.
func datasets(ctx context.Context, q querier, name string) ([]twin.Dataset, error) {
	rows, err := q.QueryContext(ctx, `SELECT meta, loaded_at, buildings, segments, nodes, meshes, networks,
		min_lon, max_lon, min_lat, max_lat, min_z, max_z FROM datasets
		WHERE ?1 = '' OR name = ?1 ORDER BY name`, name)
	if err != nil {
		return nil, fmt.Errorf("sqlite: datasets: %w", err)
	}
	defer rows.Close()
	out := []twin.Dataset{}
	for rows.Next() {
		d, err := scanDataset(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: datasets: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: datasets: %w", err)
	}
	return out, nil
}

func scanDataset(rows *sql.Rows) (twin.Dataset, error) {
	var d twin.Dataset
	var meta, networks string
	var loadedAt int64
	var ext nullBox
	err := rows.Scan(&meta, &loadedAt, &d.Buildings, &d.Segments, &d.Nodes, &d.Meshes, &networks,
		&ext[0], &ext[1], &ext[2], &ext[3], &ext[4], &ext[5])
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(meta), &d.DatasetMeta); err != nil {
		return d, fmt.Errorf("meta: %w", err)
	}
	if err := json.Unmarshal([]byte(networks), &d.Networks); err != nil {
		return d, fmt.Errorf("networks: %w", err)
	}
	if len(d.Networks) == 0 {
		d.Networks = nil
	}
	d.LoadedAt, d.Extent = time.Unix(0, loadedAt).UTC(), ext.bounds()
	return d, nil
}
