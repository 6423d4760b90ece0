package tiler

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Errors of Export.
var (
	ErrNotEmpty = errors.New("tiler: export: directory is not empty")
	ErrNoTiles  = errors.New("tiler: export: the store has no tiles (build them first)")
)

// ExportOptions tune Export.
type ExportOptions struct {
	// Force writes into a directory that is not empty: files of the same
	// names are replaced, other files are left as they are.
	Force bool
}

// ExportReport says what Export wrote.
type ExportReport struct {
	Dir   string `json:"dir"`
	Files int    `json:"files"`
	Bytes int64  `json:"bytes"`
}

// Export writes the stored root tileset to dir/tileset.json and every file
// it references, directly or through the layer tilesets, below dir, as a
// static tileset for any web server or CDN. It writes the root tileset
// last, so that an export cut short has no root. dir is created if
// missing; a directory that is not empty is refused (ErrNotEmpty) unless
// opts.Force.
func Export(ctx context.Context, store twin.Store, dir string, opts ExportOptions) (ExportReport, error) {
	rep := ExportReport{Dir: dir}
	if err := prepareDir(dir, opts.Force); err != nil {
		return rep, err
	}
	root, err := store.Tile(ctx, RootTilesetPath)
	if errors.Is(err, twin.ErrNotFound) {
		return rep, ErrNoTiles
	}
	if err != nil {
		return rep, fmt.Errorf("tiler: export: %w", err)
	}
	ex := exporter{ctx: ctx, store: store, dir: dir, rep: &rep}
	if err := ex.tileset(root); err != nil {
		return rep, err
	}
	return rep, ex.write(root)
}

// prepareDir creates dir, or checks that it is an empty directory.
func prepareDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("tiler: export: %w", err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("tiler: export: %w", err)
	}
	if len(entries) > 0 && !force {
		return fmt.Errorf("%w: %s", ErrNotEmpty, dir)
	}
	return nil
}

type exporter struct {
	ctx   context.Context
	store twin.Store
	dir   string
	rep   *ExportReport
}

// tileset writes every file the tileset blob t references (not t itself).
func (ex *exporter) tileset(t twin.TileBlob) error {
	ts, err := tiles.ParseTileset(t.Data)
	if err != nil {
		return fmt.Errorf("tiler: export: %s: %w", t.Path, err)
	}
	var walkErr error
	ts.Root.Walk(func(tile *tiles.Tile, _ int) bool {
		for _, c := range tile.AllContents() {
			if walkErr = ex.content(t.Path, c.URI); walkErr != nil {
				return false
			}
		}
		return true
	})
	return walkErr
}

// content writes the file that uri, relative to the tileset at from,
// names, and what it references in turn.
func (ex *exporter) content(from, uri string) error {
	p, err := resolveURI(from, uri)
	if err != nil {
		return fmt.Errorf("tiler: export: %s: %w", from, err)
	}
	b, err := ex.store.Tile(ex.ctx, p)
	if err != nil {
		return fmt.Errorf("tiler: export: %s references %s: %w", from, uri, err)
	}
	if b.ContentType == ContentTypeJSON {
		if err := ex.tileset(b); err != nil {
			return err
		}
	}
	return ex.write(b)
}

// resolveURI returns the store path of uri relative to the file at from;
// URIs with a scheme, absolute paths and paths out of the tileset's root
// are refused.
func resolveURI(from, uri string) (string, error) {
	if uri == "" || strings.Contains(uri, ":") || strings.HasPrefix(uri, "/") || strings.ContainsAny(uri, "?#\\") {
		return "", fmt.Errorf("content uri %q: want a relative path", uri)
	}
	p := path.Join(path.Dir(from), uri)
	if !filepath.IsLocal(filepath.FromSlash(p)) {
		return "", fmt.Errorf("content uri %q: outside the tileset", uri)
	}
	return p, nil
}

// write stores one file below the export directory.
func (ex *exporter) write(b twin.TileBlob) error {
	if err := ex.ctx.Err(); err != nil {
		return fmt.Errorf("tiler: export: %w", err)
	}
	if !filepath.IsLocal(filepath.FromSlash(b.Path)) {
		return fmt.Errorf("tiler: export: stored path %q outside the tileset", b.Path)
	}
	name := filepath.Join(ex.dir, filepath.FromSlash(b.Path))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("tiler: export: %w", err)
	}
	if err := os.WriteFile(name, b.Data, 0o644); err != nil {
		return fmt.Errorf("tiler: export: %w", err)
	}
	ex.rep.Files++
	ex.rep.Bytes += int64(len(b.Data))
	return nil
}

// Status says whether the stored tiles are up to date.
type Status struct {
	// BuiltSeq is the change-log sequence the tiles reflect (0 if none),
	// LastSeq the store's newest.
	BuiltSeq, LastSeq int64
	// UpToDate is false when Build has work to do: changes since BuiltSeq,
	// or a builder, schema or options other than the tiles were built with.
	UpToDate bool
}

// CheckStatus tells whether Build with b and opts has work to do.
func CheckStatus(ctx context.Context, store twin.Store, b ContentBuilder, opts Options) (Status, error) {
	bd, err := newBuild(ctx, store, b, opts.withDefaults())
	if err != nil {
		return Status{}, err
	}
	return Status{BuiltSeq: bd.since(), LastSeq: bd.target, UpToDate: bd.upToDate()}, nil
}
