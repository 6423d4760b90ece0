package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

// DefaultStorePath is the store file used when neither --store nor
// TWIN_STORE names one.
const DefaultStorePath = "twin.db"

// Env is what every subcommand gets: the validated global options and the
// output streams.
type Env struct {
	StorePath string
	Stdout    io.Writer
	Stderr    io.Writer
	getenv    func(string) string
}

// parseGlobal reads the global flags that come before the subcommand.
func parseGlobal(args []string, getenv func(string) string, stdout, stderr io.Writer) (*Env, []string, error) {
	env := &Env{StorePath: getenv("TWIN_STORE"), Stdout: stdout, Stderr: stderr, getenv: getenv}
	if env.StorePath == "" {
		env.StorePath = DefaultStorePath
	}
	fs := flag.NewFlagSet("twin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&env.StorePath, "store", env.StorePath, "store `file` (SQLite); env TWIN_STORE")
	fs.Usage = func() { usage(stderr) }
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	return env, fs.Args(), nil
}

// flags returns a flag set for a subcommand that also accepts --store, so
// that "twin info --store x.db" works as well as "twin --store x.db info".
func (e *Env) flags(name, argsUsage string) *flag.FlagSet {
	fs := flag.NewFlagSet("twin "+name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.StringVar(&e.StorePath, "store", e.StorePath, "store `file` (SQLite); env TWIN_STORE")
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "usage: twin %s [flags] %s\n", name, argsUsage)
		fs.PrintDefaults()
	}
	return fs
}

// openStore opens (creating if needed) the store file.
func (e *Env) openStore(ctx context.Context) (twin.Store, error) {
	if e.StorePath == "" {
		return nil, fmt.Errorf("no store path")
	}
	if err := os.MkdirAll(filepath.Dir(e.StorePath), 0o755); err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, e.StorePath)
}

// storeExists reports whether the store file is there already.
func (e *Env) storeExists() bool {
	_, err := os.Stat(e.StorePath)
	return err == nil
}
