package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/citytwin/citytwin/twin"
)

func runInfo(ctx context.Context, env *Env, args []string) error {
	var asJSON bool
	fs := env.flags("info", "")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
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
	info, err := store.Info(ctx)
	if err != nil {
		return err
	}
	if info.Datasets == nil {
		info.Datasets = []twin.Dataset{}
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(info)
	}
	printInfo(env.Stdout, info)
	return nil
}

func printInfo(w io.Writer, info twin.Info) {
	fmt.Fprintf(w, "store %s: %.1f MiB, schema v%d, change seq %d, %d dataset(s)\n\n",
		info.Path, float64(info.SizeBytes)/(1<<20), info.SchemaVersion, info.LastSeq, len(info.Datasets))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tBUILDINGS\tSEGMENTS\tNODES\tMESHES\tCRS\tEXTENT (lon, lat, h)\tNETWORKS")
	for _, d := range info.Datasets {
		name := d.Name
		if d.Synthetic {
			name += " (synthetic)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", name, d.Buildings, d.Segments, d.Nodes, d.Meshes,
			d.CRS, formatExtent(d), formatNetworks(d.Networks))
	}
	tw.Flush()
}

func formatExtent(d twin.Dataset) string {
	e := d.Extent
	if e.IsEmpty() {
		return "-"
	}
	return fmt.Sprintf("%.5f..%.5f, %.5f..%.5f, %.1f..%.1f m", e.Min[0], e.Max[0], e.Min[1], e.Max[1], e.Min[2], e.Max[2])
}

func formatNetworks(n map[twin.Network]int) string {
	parts := make([]string, 0, len(n))
	for k, v := range n {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
