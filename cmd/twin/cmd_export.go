package main

import (
	"context"
	"fmt"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/tiler"
)

func runExport(ctx context.Context, env *Env, args []string) error {
	var opts tiler.ExportOptions
	var buildOpts tiler.Options
	noBuild := false
	fs := env.flags("export", "DIR")
	fs.BoolVar(&opts.Force, "force", false, "write into DIR even if it is not empty (files of the same name are replaced)")
	fs.BoolVar(&noBuild, "no-build", false, "export the stored tiles as they are, even if they are out of date")
	fs.BoolVar(&buildOpts.Meshopt, "meshopt", true, "build with EXT_meshopt_compression, as \"twin build\" does (--meshopt=false to turn it off)")
	dirs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		return fmt.Errorf("name one directory to export to")
	}
	if !env.storeExists() {
		return fmt.Errorf("no store at %s (create one with \"twin demo\" or \"twin ingest\")", env.StorePath)
	}
	store, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := exportPrepare(ctx, env, store, noBuild, buildOpts); err != nil {
		return err
	}
	ex, err := tiler.Export(ctx, store, dirs[0], opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "exported %d files (%.1f MiB) to %s; open %s\n", ex.Files, float64(ex.Bytes)/(1<<20),
		ex.Dir, "tileset.json")
	return nil
}

// exportPrepare brings the tiles up to date with opts, printing what it
// rebuilt, or with noBuild only warns when they are out of date.
func exportPrepare(ctx context.Context, env *Env, store twin.Store, noBuild bool, opts tiler.Options) error {
	if !noBuild {
		rep, err := buildTiles(ctx, store, opts)
		if err == nil && !rep.UpToDate {
			fmt.Fprint(env.Stdout, rep)
		}
		return err
	}
	st, err := tiler.CheckStatus(ctx, store, tiler.NewMesher(tiler.MesherOptions{}), opts)
	if err != nil {
		return err
	}
	if !st.UpToDate {
		fmt.Fprintf(env.Stderr, "twin export: warning: tiles are out of date (built at change %d, store at %d); "+
			"run \"twin build\"\n", st.BuiltSeq, st.LastSeq)
	}
	return nil
}
