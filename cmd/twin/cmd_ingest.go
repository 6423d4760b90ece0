package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/all"
)

// ingestConfig holds the validated flags of "twin ingest".
type ingestConfig struct {
	inputs  []ingest.Input
	options ingest.Options
}

// parseIngest reads the flags and files. A --mapping applies to the files
// that follow it; files before any --mapping take the last one given, so
// "twin ingest a.shp --mapping m.json" works as users expect.
func parseIngest(env *Env, args []string) (ingestConfig, error) {
	var cfg ingestConfig
	var current *ingest.Mapping
	fs := env.flags("ingest", "[--mapping FILE] FILE... [--mapping FILE FILE...] --dataset NAME")
	fs.StringVar(&cfg.options.Dataset, "dataset", "", "dataset `name` to load into (replaced if it exists); required")
	fs.StringVar(&cfg.options.CRS, "crs", "", "source CRS, e.g. EPSG:7415 (overrides what the files declare)")
	fs.Func("mapping", "attribute mapping JSON `file` for the files that follow (see README: Mapping files)", func(path string) error {
		m, err := ingest.LoadMapping(path)
		current, cfg.options.Mapping = m, m
		return err
	})
	fs.StringVar(&cfg.options.LoD, "lod", "", "CityJSON level of detail to keep, e.g. 2.2 (default: the highest)")
	var positional []string
	err := parseInterleavedFunc(fs, args, func(file string) {
		positional = append(positional, file)
		cfg.inputs = append(cfg.inputs, ingest.Input{Path: file, Mapping: current})
	})
	if err != nil {
		return cfg, err
	}
	if cfg.options.Dataset == "" {
		return cfg, fmt.Errorf("--dataset NAME is required")
	}
	if len(positional) == 0 {
		return cfg, fmt.Errorf("no input files (usage: twin ingest FILE... --dataset NAME)")
	}
	return cfg, nil
}

func runIngest(ctx context.Context, env *Env, args []string) error {
	cfg, err := parseIngest(env, args)
	if err != nil {
		return err
	}
	store, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	bar := newProgress(env.Stderr, "ingest "+cfg.options.Dataset)
	res, err := ingest.Files(ctx, store, all.Formats(), cfg.inputs, cfg.options, bar.Update)
	bar.Done()
	if err != nil {
		return fmt.Errorf("%w (the store is unchanged)", err)
	}
	c, s := res.Counts, res.Stats
	fmt.Fprintf(env.Stdout, "dataset %q: %d buildings, %d segments, %d nodes from %d file(s) in %s (CRS %v)\n",
		cfg.options.Dataset, c.Buildings, c.Segments, c.Nodes, len(cfg.inputs), time.Since(start).Round(time.Millisecond), res.CRS)
	if res.Warnings > 0 {
		fmt.Fprintf(env.Stderr, "%d source record(s) skipped or renamed by a documented rule, e.g.:\n", res.Warnings)
		for _, w := range res.Examples {
			fmt.Fprintln(env.Stderr, "  "+w)
		}
	}
	fmt.Fprintf(env.Stdout, "changes: %d added, %d changed, %d unchanged, %d deleted\n", s.Added, s.Changed, s.Unchanged, s.Deleted)
	return nil
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	err := parseInterleavedFunc(fs, args, func(a string) { positional = append(positional, a) })
	return positional, err
}

// parseInterleavedFunc is parseInterleaved calling arg for each positional
// argument in order, after the flags before it have been set.
func parseInterleavedFunc(fs *flag.FlagSet, args []string, arg func(string)) error {
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) == 0 {
			return nil
		}
		if args[0] == "--" {
			for _, a := range args[1:] {
				arg(a)
			}
			return nil
		}
		arg(args[0])
		args = args[1:]
	}
}
