package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
)

func runDemo(ctx context.Context, env *Env, args []string) error {
	opts := demo.Options{Dataset: "demo"}
	var ifMissing bool
	fs := env.flags("demo", "")
	fs.Int64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same district")
	fs.BoolVar(&ifMissing, "if-missing", false, "do nothing if the store already has the dataset")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	store, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if ifMissing {
		if _, err := store.Dataset(ctx, opts.Dataset); err == nil {
			fmt.Fprintf(env.Stdout, "dataset %q already in %s; left as it is\n", opts.Dataset, env.StorePath)
			return nil
		} else if !errors.Is(err, twin.ErrNotFound) {
			return err
		}
	}
	start := time.Now()
	var sum demo.Summary
	meta := demo.Meta(opts)
	stats, err := store.LoadDataset(ctx, &meta, func(w twin.FeatureWriter) error {
		var err error
		sum, err = demo.Generate(ctx, opts, w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "SYNTHETIC demo district (seed %d) written to %s as dataset %q in %s\n",
		opts.Seed, env.StorePath, opts.Dataset, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(env.Stdout, "%s\nchanges: %d added, %d changed, %d unchanged, %d deleted\n",
		sum, stats.Added, stats.Changed, stats.Unchanged, stats.Deleted)
	return nil
}
