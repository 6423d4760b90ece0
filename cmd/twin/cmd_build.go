package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/tiler"
)

func runBuild(ctx context.Context, env *Env, args []string) error {
	var opts tiler.Options
	var asJSON bool
	fs := env.flags("build", "")
	fs.BoolVar(&opts.Full, "full", false, "rebuild every tile, even if the tiles are up to date")
	fs.BoolVar(&opts.Meshopt, "meshopt", true, "compress the tiles' vertex and index data with EXT_meshopt_compression (--meshopt=false for plain quantized glTF)")
	fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if !env.storeExists() {
		return fmt.Errorf("no store at %s (create one with \"twin demo\" or \"twin ingest\")", env.StorePath)
	}
	store, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	rep, err := buildTiles(ctx, store, opts)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprint(env.Stdout, rep)
	return nil
}

// buildTiles brings the store's tiles up to date with CityTwin's mesher.
func buildTiles(ctx context.Context, store twin.Store, opts tiler.Options) (tiler.Report, error) {
	return tiler.Build(ctx, store, tiler.NewMesher(tiler.MesherOptions{}), opts)
}
