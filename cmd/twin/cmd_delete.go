package main

import (
	"context"
	"fmt"
)

func runDelete(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("delete", "DATASET...")
	names, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("name the dataset(s) to delete")
	}
	store, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	for _, name := range names {
		if err := store.DeleteDataset(ctx, name); err != nil {
			return fmt.Errorf("dataset %q: %w", name, err)
		}
		fmt.Fprintf(env.Stdout, "deleted dataset %q\n", name)
	}
	return nil
}
