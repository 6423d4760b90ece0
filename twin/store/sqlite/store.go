// Package sqlite is the embedded twin.Store: one SQLite file (WAL mode) that
// holds the datasets, the features as JSON, a 3D R*Tree on the features'
// bounds, the change log, and the 3D Tiles built from the features (GLBs and
// tileset JSON by path, tiles.go).
//
// Writes go through a single connection (BEGIN IMMEDIATE), reads through a
// pool of read-only connections, so readers keep working, on the last
// committed state, while a dataset load runs. The schema is versioned (PRAGMA
// user_version) and migrated forward on Open; a store written by a newer
// program is refused with ErrSchemaTooNew.
//
// Search finds candidates in the R*Tree, whose 32-bit coordinates are
// rounded outward, then checks the exact 64-bit bounds kept in the features
// table, so it returns exactly the features whose bounds intersect the box.
//
// The driver is modernc.org/sqlite (pure Go, R*Tree built in).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/citytwin/citytwin/twin"
)

// Connection settings. busyTimeoutMS bounds how long a writer waits for
// another process's write lock; the WAL is truncated back to walLimitBytes
// after a checkpoint. Page caches are per connection; readers also map up
// to readMmapBytes of the file (address space, not heap). Temporary data
// (statement journals, a reload's seen-rows table: a few bytes per feature)
// stays in memory: on disk, statement journals cost a write syscall per
// page and made loads several times slower.
const (
	busyTimeoutMS = 10000
	walLimitBytes = 64 << 20
	writeCacheKiB = 64 << 10
	readCacheKiB  = 16 << 10
	readMmapBytes = 1 << 30
)

// Store is a twin.Store in one SQLite file. It is safe for concurrent use.
type Store struct {
	path  string
	write *sql.DB // exactly one connection: every write transaction
	read  *sql.DB // read-only pool
}

var _ twin.Store = (*Store)(nil)

// Open opens the store at path, creating the file if it is missing, and
// migrates its schema to SchemaVersion. The directory must exist.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, fmt.Errorf("sqlite: open: need a file path, got %q", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := checkDir(abs); err != nil {
		return nil, err
	}
	s := &Store{path: abs}
	if s.write, err = openDB(ctx, abs, true); err != nil {
		return nil, err
	}
	if err := migrate(ctx, s.write, migrations); err != nil {
		_ = s.write.Close()
		return nil, fmt.Errorf("%w (store %s)", err, abs)
	}
	if s.read, err = openDB(ctx, abs, false); err != nil {
		_ = s.write.Close()
		return nil, err
	}
	return s, nil
}

// checkDir gives a clear error when the store's directory is missing, which
// SQLite would only report as "unable to open database file".
func checkDir(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("sqlite: open %s: %s is not a directory", path, dir)
	}
	return nil
}

// openDB opens the write connection (writer true) or the read pool and
// checks that it works.
func openDB(ctx context.Context, path string, writer bool) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(path, writer))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if writer {
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
	} else {
		n := max(4, 2*runtime.GOMAXPROCS(0))
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
	}
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

// dsn builds the driver's connection string. The writer switches the file
// to WAL (a persistent setting) and begins transactions IMMEDIATE so that a
// load takes the write lock at once instead of failing on upgrade; readers
// are query_only.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if writer {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walLimitBytes))
		q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -writeCacheKiB))
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -readCacheKiB))
		q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", readMmapBytes))
		q.Add("_pragma", "query_only(1)")
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	return u.String()
}

// Close closes both connection pools. Loads in progress are rolled back.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// Path is the absolute path of the store's file.
func (s *Store) Path() string { return s.path }
