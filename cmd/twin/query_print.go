package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/network"
	"github.com/citytwin/citytwin/twin/query"
	"github.com/citytwin/citytwin/twin/query/clash"
	"github.com/citytwin/citytwin/twin/query/section"
)

// printQueryTable prints a short table of an answer; kinds without a
// table of their own print their JSON.
func printQueryTable(w io.Writer, resp any) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	switch r := resp.(type) {
	case *query.AreaResponse:
		fmt.Fprintln(tw, "ID\tLAYER\tKIND\tDATASET")
		for _, f := range r.Features {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.ID, f.Layer, f.Kind, f.Dataset)
		}
		fmt.Fprintf(tw, "%d of %d feature(s) in %.0f m²%s\n", len(r.Features), r.Total, r.AreaM2, more(r.Truncated, r.NextCursor))
	case *query.ProximityResponse:
		fmt.Fprintln(tw, "SURFACE_M\tDISTANCE_M\tHORIZ_M\tVERT_M\tID\tLAYER\tKIND")
		for _, f := range r.Results {
			fmt.Fprintf(tw, "%.3f\t%.3f\t%.3f\t%+.3f\t%s\t%s\t%s\n", f.SurfaceDistanceM, f.DistanceM, f.HorizontalM, f.VerticalM, f.ID, f.Layer, f.Kind)
		}
		fmt.Fprintf(tw, "%d of %d within %g m (probe heights: %s)\n", len(r.Results), r.Total, r.DistanceM, r.Probe.HeightSource)
	case *query.StatsResponse:
		printStats(tw, r)
	default:
		return printJSON(w, resp)
	}
	return nil
}

func more(truncated bool, cursor string) string {
	if !truncated {
		return ""
	}
	return "; more with --cursor " + cursor
}

func printStats(w io.Writer, r *query.StatsResponse) {
	b, u := r.Buildings, r.Utilities
	fmt.Fprintf(w, "area\t%.0f m²\n", r.AreaM2)
	fmt.Fprintf(w, "buildings\t%d, footprint %.0f m², gross volume %.0f m³\n", b.Count, b.FootprintAreaM2, b.GrossVolumeM3)
	for _, bin := range b.HeightHistogram {
		lo, hi := "", ""
		if bin.MinM != nil {
			lo = fmt.Sprintf("%g", *bin.MinM)
		}
		if bin.MaxM != nil {
			hi = fmt.Sprintf("%g", *bin.MaxM)
		}
		fmt.Fprintf(w, "  height %s..%s m\t%d\n", lo, hi, bin.Count)
	}
	fmt.Fprintf(w, "utilities\t%d segment(s), %.1f m; %d node(s)\n", u.Segments, u.LengthM, u.Nodes)
	for _, part := range []struct {
		name string
		m    map[string]float64
	}{{"network", u.ByNetwork}, {"material", u.ByMaterial}, {"decade", u.ByDecade}} {
		keys := make([]string, 0, len(part.m))
		for k := range part.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %s %s\t%.1f m\n", part.name, k, part.m[k])
		}
	}
}

// queryExitError gives a bad request of another query package the exit
// status of a query.BadRequestError.
type queryExitError struct{ err error }

func (e *queryExitError) Error() string { return e.err.Error() }
func (e *queryExitError) Unwrap() error { return e.err }
func (e *queryExitError) ExitCode() int { return 2 }

// classifyQueryError marks the request errors of the clash and network
// packages as bad requests.
func classifyQueryError(err error) error {
	if errors.Is(err, clash.ErrInvalid) || errors.Is(err, section.ErrInvalid) || errors.Is(err, network.ErrBadRequest) ||
		errors.Is(err, network.ErrTooLarge) || errors.Is(err, twin.ErrNotFound) {
		return &queryExitError{err}
	}
	return err
}
