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
	files   []string
	options ingest.Options
}

func parseIngest(env *Env, args []string) (ingestConfig, error) {
	var cfg ingestConfig
	var mappingPath string
	fs := env.flags("ingest", "FILE... --dataset NAME")
	fs.StringVar(&cfg.options.Dataset, "dataset", "", "dataset `name` to load into (replaced if it exists); required")
	fs.StringVar(&cfg.options.CRS, "crs", "", "source CRS, e.g. EPSG:7415 (overrides what the files declare)")
	fs.StringVar(&mappingPath, "mapping", "", "attribute mapping JSON `file` (see README: Mapping files)")
	fs.StringVar(&cfg.options.LoD, "lod", "", "CityJSON level of detail to keep, e.g. 2.2 (default: the highest)")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return cfg, err
	}
	if cfg.options.Dataset == "" {
		return cfg, fmt.Errorf("--dataset NAME is required")
	}
	if len(files) == 0 {
		return cfg, fmt.Errorf("no input files (usage: twin ingest FILE... --dataset NAME)")
	}
	if mappingPath != "" {
		if cfg.options.Mapping, err = ingest.LoadMapping(mappingPath); err != nil {
			return cfg, err
		}
	}
	cfg.files = files
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
	res, err := ingest.Files(ctx, store, all.Formats(), cfg.files, cfg.options, bar.Update)
	bar.Done()
	if err != nil {
		return fmt.Errorf("%w (the store is unchanged)", err)
	}
	c, s := res.Counts, res.Stats
	fmt.Fprintf(env.Stdout, "dataset %q: %d buildings, %d segments, %d nodes from %d file(s) in %s (CRS %v)\n",
		cfg.options.Dataset, c.Buildings, c.Segments, c.Nodes, len(cfg.files), time.Since(start).Round(time.Millisecond), res.CRS)
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
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
