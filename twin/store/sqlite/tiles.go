package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/citytwin/citytwin/twin"
)

// PutTiles implements twin.Store. Within its transaction it checks the
// generation, drops the layers of u.DropLayers, deletes u.Delete, writes
// u.Put and u.Layers, in that order, and bumps the generation.
func (s *Store) PutTiles(ctx context.Context, u twin.TileUpdate) (int64, error) {
	if err := checkTileUpdate(&u); err != nil {
		return 0, fmt.Errorf("sqlite: put tiles: %w", err)
	}
	var gen int64
	err := s.inTx(ctx, "put tiles", func(tx *sql.Tx) error {
		var err error
		gen, err = putTilesTx(ctx, tx, &u, time.Now().UTC())
		if err != nil {
			return fmt.Errorf("sqlite: put tiles: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return gen, nil
}

// checkTileUpdate rejects paths a client could not request and fills
// missing hashes.
func checkTileUpdate(u *twin.TileUpdate) error {
	for i := range u.Put {
		b := &u.Put[i]
		if err := checkTilePath(b.Path); err != nil {
			return err
		}
		if b.ContentType == "" {
			return fmt.Errorf("tile %q: no content type", b.Path)
		}
		sum := sha256.Sum256(b.Data)
		if h := hex.EncodeToString(sum[:]); b.Hash == "" {
			b.Hash = h
		} else if b.Hash != h {
			return fmt.Errorf("tile %q: hash %s does not match its data (%s)", b.Path, b.Hash, h)
		}
	}
	return nil
}

// checkTilePath accepts relative slash-separated paths without empty,
// "." or ".." elements.
func checkTilePath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return fmt.Errorf("tile path %q: want a relative slash-separated path", p)
	}
	for _, el := range strings.Split(p, "/") {
		if el == "" || el == "." || el == ".." {
			return fmt.Errorf("tile path %q: empty, . or .. element", p)
		}
	}
	return nil
}

func putTilesTx(ctx context.Context, tx *sql.Tx, u *twin.TileUpdate, now time.Time) (int64, error) {
	var gen int64
	if err := tx.QueryRowContext(ctx, `SELECT generation FROM tile_generation WHERE id = 1`).Scan(&gen); err != nil {
		return 0, fmt.Errorf("read generation: %w", err)
	}
	if gen != u.Generation {
		return 0, fmt.Errorf("%w (generation %d, update made from %d)", twin.ErrConflict, gen, u.Generation)
	}
	for _, layer := range u.DropLayers {
		if _, err := tx.ExecContext(ctx, `DELETE FROM tiles WHERE layer = ?`, layer); err != nil {
			return 0, fmt.Errorf("drop layer %q: %w", layer, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tile_layers WHERE layer = ?`, layer); err != nil {
			return 0, fmt.Errorf("drop layer %q: %w", layer, err)
		}
	}
	for _, p := range u.Delete {
		if _, err := tx.ExecContext(ctx, `DELETE FROM tiles WHERE path = ?`, p); err != nil {
			return 0, fmt.Errorf("delete %q: %w", p, err)
		}
	}
	if err := putTileBlobs(ctx, tx, u.Put, now); err != nil {
		return 0, err
	}
	if err := putTileLayers(ctx, tx, u.Layers, now); err != nil {
		return 0, err
	}
	gen++
	if _, err := tx.ExecContext(ctx, `UPDATE tile_generation SET generation = ? WHERE id = 1`, gen); err != nil {
		return 0, fmt.Errorf("write generation: %w", err)
	}
	return gen, nil
}

func putTileBlobs(ctx context.Context, tx *sql.Tx, blobs []twin.TileBlob, now time.Time) error {
	if len(blobs) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO tiles (path, layer, content_type, hash, size, data, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET layer = excluded.layer,
		content_type = excluded.content_type, hash = excluded.hash, size = excluded.size,
		data = excluded.data, updated_at = excluded.updated_at`)
	if err != nil {
		return fmt.Errorf("put tiles: %w", err)
	}
	defer st.Close()
	for _, b := range blobs {
		data := b.Data
		if data == nil {
			data = []byte{} // NOT NULL
		}
		_, err := st.ExecContext(ctx, b.Path, b.Layer, b.ContentType, b.Hash, len(data), data, now.UnixNano())
		if err != nil {
			return fmt.Errorf("put %q: %w", b.Path, err)
		}
	}
	return nil
}

func putTileLayers(ctx context.Context, tx *sql.Tx, layers []twin.TileLayerState, now time.Time) error {
	for _, l := range layers {
		_, err := tx.ExecContext(ctx, `INSERT INTO tile_layers (layer, built_seq, version, meta, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (layer) DO UPDATE SET built_seq = excluded.built_seq,
			version = excluded.version, meta = excluded.meta, updated_at = excluded.updated_at`,
			l.Layer, l.BuiltSeq, l.Version, l.Meta, now.UnixNano())
		if err != nil {
			return fmt.Errorf("layer state %q: %w", l.Layer, err)
		}
	}
	return nil
}

// Tile implements twin.Store.
func (s *Store) Tile(ctx context.Context, path string) (twin.TileBlob, error) {
	var b twin.TileBlob
	var at int64
	err := s.read.QueryRowContext(ctx, `SELECT path, layer, content_type, hash, size, data, updated_at
		FROM tiles WHERE path = ?`, path).Scan(&b.Path, &b.Layer, &b.ContentType, &b.Hash, &b.Size, &b.Data, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("sqlite: tile %q: %w", path, twin.ErrNotFound)
	}
	if err != nil {
		return b, fmt.Errorf("sqlite: tile %q: %w", path, err)
	}
	b.UpdatedAt = time.Unix(0, at).UTC()
	return b, nil
}

// ListTiles implements twin.Store.
func (s *Store) ListTiles(ctx context.Context, layer string) ([]twin.TileBlob, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT path, layer, content_type, hash, size, updated_at
		FROM tiles WHERE layer = ? ORDER BY path`, layer)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list tiles: %w", err)
	}
	defer rows.Close()
	out := []twin.TileBlob{}
	for rows.Next() {
		var b twin.TileBlob
		var at int64
		if err := rows.Scan(&b.Path, &b.Layer, &b.ContentType, &b.Hash, &b.Size, &at); err != nil {
			return nil, fmt.Errorf("sqlite: list tiles: %w", err)
		}
		b.UpdatedAt = time.Unix(0, at).UTC()
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list tiles: %w", err)
	}
	return out, nil
}

// TileGeneration implements twin.Store.
func (s *Store) TileGeneration(ctx context.Context) (int64, error) {
	var g int64
	if err := s.read.QueryRowContext(ctx, `SELECT generation FROM tile_generation WHERE id = 1`).Scan(&g); err != nil {
		return 0, fmt.Errorf("sqlite: tile generation: %w", err)
	}
	return g, nil
}

// TileState implements twin.Store. Generation and layers are read in one
// transaction, so they belong together.
func (s *Store) TileState(ctx context.Context) (twin.TileState, error) {
	var st twin.TileState
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return st, fmt.Errorf("sqlite: tile state: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := tx.QueryRowContext(ctx, `SELECT generation FROM tile_generation WHERE id = 1`).Scan(&st.Generation); err != nil {
		return st, fmt.Errorf("sqlite: tile state: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT layer, built_seq, version, meta, updated_at FROM tile_layers ORDER BY layer`)
	if err != nil {
		return st, fmt.Errorf("sqlite: tile state: %w", err)
	}
	defer rows.Close()
	st.Layers = []twin.TileLayerState{}
	for rows.Next() {
		var l twin.TileLayerState
		var at int64
		if err := rows.Scan(&l.Layer, &l.BuiltSeq, &l.Version, &l.Meta, &at); err != nil {
			return st, fmt.Errorf("sqlite: tile state: %w", err)
		}
		l.UpdatedAt = time.Unix(0, at).UTC()
		st.Layers = append(st.Layers, l)
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("sqlite: tile state: %w", err)
	}
	return st, nil
}
