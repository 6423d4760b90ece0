// Command twin is the CityTwin binary: it ingests city data into an embedded
// store, generates the synthetic demo district, reports what the store holds,
// builds and exports its 3D Tiles and serves it over HTTP.
//
// Usage:
//
//	twin [--store PATH] <command> [flags] [args]
//
// Run "twin help" for the list of commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand of twin.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"ingest", "load files into a dataset (replacing it)", runIngest},
		{"demo", "generate the synthetic demo district as dataset \"demo\"", runDemo},
		{"info", "list datasets, feature counts, extent, CRS and store size", runInfo},
		{"delete", "delete a dataset", runDelete},
		{"build", "bring the 3D Tiles in the store up to date (incrementally)", runBuild},
		{"export", "write the 3D Tiles to a directory for any static web server", runExport},
		{"serve", "serve the store over HTTP", runServe},
		{"query", "planning queries: area, proximity, stats, clash, section, trace", runQuery},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run executes one twin invocation and returns its exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	env, rest, err := parseGlobal(args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "twin:", err)
		return 2
	}
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			if err := c.run(ctx, env, rest[1:]); err != nil {
				if errors.Is(err, flag.ErrHelp) {
					return 0
				}
				fmt.Fprintf(stderr, "twin %s: %v\n", c.name, err)
				return exitCode(err)
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "twin: unknown command %q\n", rest[0])
	usage(stderr)
	return 2
}

// exitCode is 1 for a failed command, or the code an error asks for
// (2 for a bad request or usage error).
func exitCode(err error) int {
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: twin [--store PATH] <command> [flags] [args]")
	fmt.Fprintln(w, "\nThe store is the SQLite file named by --store, else $TWIN_STORE, else ./twin.db.")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"twin <command> -h\" for a command's flags.")
}
