package query

import (
	"fmt"
	"time"
)

// Limits keep every query bounded. The zero value of a field means its
// default (DefaultLimits).
type Limits struct {
	// MaxAreaM2 is the largest query area (polygon or bbox), m².
	MaxAreaM2 float64
	// MaxExtentM is the longest side of the query's bounding box, metres:
	// it stops thin polygons that are small in area but long.
	MaxExtentM float64
	// MaxDistanceM is the largest proximity distance, metres.
	MaxDistanceM float64
	// DefaultResults is the page size when a request gives no limit;
	// MaxResults is the largest limit a request may ask for.
	DefaultResults, MaxResults int
	// MaxOffset is the largest offset; deeper pages use the cursor.
	MaxOffset int
	// MaxVertices is the most positions a request geometry may have.
	MaxVertices int
	// Deadline is how long one query may run.
	Deadline time.Duration
}

// DefaultLimits are the limits of a server or CLI that sets none.
func DefaultLimits() Limits {
	return Limits{
		MaxAreaM2:      25e6,
		MaxExtentM:     20_000,
		MaxDistanceM:   500,
		DefaultResults: 1000,
		MaxResults:     10_000,
		MaxOffset:      50_000,
		MaxVertices:    10_000,
		Deadline:       10 * time.Second,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick := func(v *float64, def float64) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.MaxAreaM2, d.MaxAreaM2)
	pick(&l.MaxExtentM, d.MaxExtentM)
	pick(&l.MaxDistanceM, d.MaxDistanceM)
	for _, p := range []struct{ v, def *int }{
		{&l.DefaultResults, &d.DefaultResults}, {&l.MaxResults, &d.MaxResults},
		{&l.MaxOffset, &d.MaxOffset}, {&l.MaxVertices, &d.MaxVertices},
	} {
		if *p.v <= 0 {
			*p.v = *p.def
		}
	}
	if l.Deadline <= 0 {
		l.Deadline = d.Deadline
	}
	l.DefaultResults = min(l.DefaultResults, l.MaxResults)
	return l
}

// resultLimit checks a requested page size and returns the one to use.
func (l Limits) resultLimit(limit int) (int, error) {
	switch {
	case limit < 0:
		return 0, badRequest("limit", "%d is negative", limit)
	case limit == 0:
		return l.DefaultResults, nil
	case limit > l.MaxResults:
		return 0, badRequest("limit", "%d is over the cap of %d results per request; page with offset or cursor", limit, l.MaxResults)
	}
	return limit, nil
}

// checkOffset checks a requested offset.
func (l Limits) checkOffset(offset int) error {
	switch {
	case offset < 0:
		return badRequest("offset", "%d is negative", offset)
	case offset > l.MaxOffset:
		return badRequest("offset", "%d is over the cap of %d; page further with next_cursor", offset, l.MaxOffset)
	}
	return nil
}

// String describes the limits for logs and help texts.
func (l Limits) String() string {
	return fmt.Sprintf("area ≤ %.0f km², extent ≤ %.0f m, distance ≤ %.0f m, limit ≤ %d (default %d), offset ≤ %d, vertices ≤ %d, deadline %v",
		l.MaxAreaM2/1e6, l.MaxExtentM, l.MaxDistanceM, l.MaxResults, l.DefaultResults, l.MaxOffset, l.MaxVertices, l.Deadline)
}
