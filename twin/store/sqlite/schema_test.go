package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// rawExec runs statements on the store file without the Store, as another
// program (or an older or newer CityTwin) would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, st := range stmts {
		if _, err := db.Exec(st); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
}

func TestSeqSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "twin.db")
	pts := []geo.Point3{{4.9, 52.3, -1}, {4.901, 52.3, -1}}
	var last int64
	for round := range 3 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		// Load then delete: the change-log rows come and go, seq must not.
		load(t, s, "a", segment("a", fmt.Sprint(round), twin.NetworkGas, pts...))
		if err := s.DeleteDataset(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.write.Exec(`DELETE FROM changes`); err != nil {
			t.Fatal(err)
		}
		seq, err := s.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if seq != last+2 {
			t.Errorf("round %d: LastSeq = %d, want %d", round, seq, last+2)
		}
		last = seq
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenChecksSchema(t *testing.T) {
	cases := []struct {
		name   string
		store  bool     // Open makes the store first
		setup  []string // then these run on the file
		want   string   // the error Open gives then ("" none)
		wantIs error
	}{
		{"current version reopens", true, nil, "", nil},
		{"newer version refused", true, []string{fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)},
			fmt.Sprintf("schema version %d", SchemaVersion()+1), ErrSchemaTooNew},
		{"foreign application refused", false, []string{"PRAGMA application_id = 42"}, "not a CityTwin store", nil},
		{"foreign tables refused", false, []string{"CREATE TABLE datasets (x)"}, "migrate to version 1", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "twin.db")
			if tc.store {
				s, err := Open(ctx, path)
				if err != nil {
					t.Fatal(err)
				}
				_ = s.Close()
			}
			rawExec(t, path, tc.setup...)
			s, err := Open(ctx, path)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				_ = s.Close()
				return
			}
			if err == nil {
				_ = s.Close()
				t.Fatalf("Open succeeded, want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || (tc.wantIs != nil && !errors.Is(err, tc.wantIs)) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestMigrateSteps(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	steps := []migration{
		{"one", "CREATE TABLE t (a)"},
		{"two", "ALTER TABLE t ADD COLUMN b"},
		{"bad", "CREATE TABLE u (x); ALTER TABLE nowhere ADD COLUMN c"},
	}
	version := func() (v int) {
		if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name    string
		steps   []migration
		want    int
		wantErr bool
	}{
		{"first step", steps[:1], 1, false},
		{"next step only", steps[:2], 2, false},
		{"nothing to do", steps[:2], 2, false},
		{"failing step rolls back", steps, 2, true},
		{"newer than known", steps[:1], 2, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := migrate(ctx, db, tc.steps)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if v := version(); v != tc.want {
				t.Errorf("version = %d, want %d", v, tc.want)
			}
		})
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'u'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("table of the failed step exists (n=%d, err=%v)", n, err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"", ":memory:", filepath.Join(dir, "missing", "twin.db"), filepath.Join(file, "twin.db")} {
		t.Run(path, func(t *testing.T) {
			s, err := Open(context.Background(), path)
			if err == nil {
				_ = s.Close()
				t.Fatal("want an error")
			}
			if !strings.HasPrefix(err.Error(), "sqlite: ") {
				t.Errorf("err = %v, want the package prefix", err)
			}
		})
	}
}
