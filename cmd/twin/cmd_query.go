package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query"
)

// queryCommand is one subcommand of "twin query".
type queryCommand struct {
	name, summary string
	run           func(ctx context.Context, qc *queryContext) (any, error)
}

func queryCommands() []queryCommand {
	return []queryCommand{
		{"area", "features in a bbox or polygon, with filters and paging", runAreaQuery},
		{"proximity", "utilities and buildings within a 3D distance of a point, line or polygon", runProximityQuery},
		{"stats", "building and utility statistics of a bbox or polygon", runStatsQuery},
		{"clash", "clash and clearance check of a proposed pipe or excavation (--file)", runClashQuery},
		{"section", "cross-section along a line (--line or --file; --svg FILE)", runSectionQuery},
		{"trace", "network trace from a segment or node (--start ID --trace-kind K, or --file)", runTraceQuery},
	}
}

// queryContext is what a query subcommand gets: parsed flags, the request
// file's bytes and the open store.
type queryContext struct {
	env   *Env
	flags *queryFlags
	set   map[string]bool // flags given on the command line
	file  []byte          // the --file request, nil without one
	store twin.Store
}

// runQuery is "twin query <kind> [flags]": it prints the answer as JSON
// (or a table with --table). A bad request fails with a
// query.BadRequestError, whose ExitCode is 2.
func runQuery(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		queryUsage(env.Stderr)
		if len(args) == 0 {
			return &query.BadRequestError{Msg: "name a query: area, proximity, stats, clash, section or trace"}
		}
		return flag.ErrHelp
	}
	for _, c := range queryCommands() {
		if c.name == args[0] {
			return runQueryCommand(ctx, env, c, args[1:])
		}
	}
	queryUsage(env.Stderr)
	return &query.BadRequestError{Msg: fmt.Sprintf("unknown query %q", args[0])}
}

func runQueryCommand(ctx context.Context, env *Env, c queryCommand, args []string) error {
	qf := &queryFlags{}
	fs := env.flags("query "+c.name, "")
	qf.register(fs, c.name)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return &query.BadRequestError{Msg: err.Error()}
	}
	if len(rest) > 0 {
		return &query.BadRequestError{Msg: fmt.Sprintf("unexpected arguments %v", rest)}
	}
	qc := &queryContext{env: env, flags: qf, set: map[string]bool{}}
	fs.Visit(func(f *flag.Flag) { qc.set[f.Name] = true })
	if qc.file, err = readRequestFile(qf.file, env); err != nil {
		return err
	}
	if !env.storeExists() {
		return fmt.Errorf("no store at %s (create one with \"twin demo\" or \"twin ingest\")", env.StorePath)
	}
	if qc.store, err = env.openStore(ctx); err != nil {
		return err
	}
	defer qc.store.Close()
	resp, err := c.run(ctx, qc)
	if err != nil {
		return classifyQueryError(err)
	}
	if qf.table {
		return printQueryTable(env.Stdout, resp)
	}
	return printJSON(env.Stdout, resp)
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// readRequestFile reads the --file request ("-" is standard input).
func readRequestFile(path string, env *Env) ([]byte, error) {
	switch path {
	case "":
		return nil, nil
	case "-":
		return io.ReadAll(os.Stdin)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &query.BadRequestError{Field: "--file", Msg: err.Error()}
	}
	return b, nil
}

// engine returns the query engine with the --timeout deadline.
func (qc *queryContext) engine() *query.Engine {
	limits := query.DefaultLimits()
	if qc.flags.timeout > 0 {
		limits.Deadline = qc.flags.timeout
	}
	return query.New(qc.store, limits)
}

// decodeFile decodes the --file request into v, if there is one.
func (qc *queryContext) decodeFile(v any) error {
	if qc.file == nil {
		return nil
	}
	if err := query.DecodeBytes(qc.file, v); err != nil {
		return fmt.Errorf("%s: %w", qc.flags.file, err)
	}
	return nil
}

func queryUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: twin [--store PATH] query <query> [--file REQUEST.json | flags] [--table]")
	fmt.Fprintln(w, "\nqueries:")
	for _, c := range queryCommands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nlimits: %s\n", query.DefaultLimits())
	fmt.Fprintln(w, "Run \"twin query <query> -h\" for its flags. A bad request exits with status 2.")
}
