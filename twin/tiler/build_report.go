package tiler

import (
	"fmt"
	"strings"
	"time"
)

// Report says what a Build did.
type Report struct {
	// UpToDate is true when the stored tiles needed no work.
	UpToDate bool `json:"up_to_date"`
	// Full is true when every layer was rebuilt from a scan of the store.
	Full bool `json:"full"`
	// FromSeq is the change-log sequence the stored tiles reflected
	// before, ToSeq the one they reflect now.
	FromSeq int64 `json:"from_seq"`
	ToSeq   int64 `json:"to_seq"`
	// Changes is the number of change-log entries read.
	Changes int `json:"changes"`
	// Layers reports on each layer whose tiles changed.
	Layers  []LayerReport `json:"layers"`
	Elapsed time.Duration `json:"elapsed"`
}

// LayerReport says what a Build did to one layer.
type LayerReport struct {
	Layer string `json:"layer"`
	// Full is true when the layer was built from scratch.
	Full bool `json:"full"`
	// Removed is true when the layer lost its last feature, and its tiles.
	Removed bool `json:"removed"`
	// Features is the number of features in the layer.
	Features int `json:"features"`
	// Tiles is the number of tiles in the layer's tree.
	Tiles int `json:"tiles"`
	// Rebuilt lists the cells ("z/x/y") of the tiles built again, children
	// before parents; Kept counts the others.
	Rebuilt []string `json:"rebuilt"`
	// Updated lists the parents whose content was kept but whose bounding
	// volume and geometric error were worked out again, as their children
	// changed.
	Updated []string `json:"updated,omitempty"`
	Kept    int      `json:"kept"`
	// Deleted counts the files of tiles that are gone.
	Deleted int `json:"deleted"`
	// Meshed counts the features meshed (a feature counts once per tile
	// that draws it), Bytes the GLB bytes written.
	Meshed int   `json:"meshed"`
	Bytes  int64 `json:"bytes"`
}

// Tiles returns the total number of tiles rebuilt and the GLB bytes written.
func (r Report) Tiles() (rebuilt int, bytes int64) {
	for _, l := range r.Layers {
		rebuilt += len(l.Rebuilt)
		bytes += l.Bytes
	}
	return rebuilt, bytes
}

// String writes the report as `twin build` prints it.
func (r Report) String() string {
	var b strings.Builder
	switch {
	case r.UpToDate:
		fmt.Fprintf(&b, "tiles up to date (change-log sequence %d)\n", r.ToSeq)
		return b.String()
	case r.Full:
		fmt.Fprintf(&b, "full build at change-log sequence %d", r.ToSeq)
	default:
		fmt.Fprintf(&b, "incremental build: %d changes, sequence %d → %d", r.Changes, r.FromSeq, r.ToSeq)
	}
	n, bytes := r.Tiles()
	fmt.Fprintf(&b, ": %d tiles rebuilt, %s written in %s\n", n, sizeString(bytes), r.Elapsed.Round(time.Millisecond))
	for _, l := range r.Layers {
		if l.Removed {
			fmt.Fprintf(&b, "  %-10s removed (%d tiles deleted)\n", l.Layer, l.Deleted)
			continue
		}
		fmt.Fprintf(&b, "  %-10s %d features, %d tiles: %d rebuilt (%d features meshed, %s), %d updated, %d kept, %d deleted\n",
			l.Layer, l.Features, l.Tiles, len(l.Rebuilt), l.Meshed, sizeString(l.Bytes), len(l.Updated), l.Kept, l.Deleted)
		if !l.Full && len(l.Rebuilt) > 0 {
			fmt.Fprintf(&b, "             rebuilt %s\n", strings.Join(l.Rebuilt, " "))
		}
		if len(l.Updated) > 0 {
			fmt.Fprintf(&b, "             updated %s\n", strings.Join(l.Updated, " "))
		}
	}
	return b.String()
}

// sizeString writes a byte count for people.
func sizeString(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
