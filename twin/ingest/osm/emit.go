package osm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"

	"github.com/paulmach/orb"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// put builds one building and writes it. A building that fails validation
// (implausible heights, a ring that collapses) is skipped; a writer error
// ends the read.
func (e *emitter) put(id string, c *candidate, poly orb.Polygon, levelM float64) error {
	b, bad := building(e.opts.Dataset, id, c.tags, poly, levelM)
	for _, key := range bad {
		e.st.badTags[key]++
		e.log.Debug("osm: ignored tag value", "file", e.file, "feature", id, "key", key, "value", c.tags.Find(key))
		ingest.Warn(e.w, ingest.Errorf(e.file, id, "osm: ignored %s=%q (not a usable value)", key, c.tags.Find(key)))
	}
	if err := twin.Validate(b); err != nil {
		e.skip(id, &skip{skipInvalid, err.Error()})
		return nil
	}
	if err := e.w.Put(b); err != nil {
		if errors.Is(err, twin.ErrInvalidFeature) {
			e.skip(id, &skip{skipInvalid, err.Error()})
			return nil
		}
		return &ingest.FeatureError{File: e.file, Feature: id, Err: fmt.Errorf("osm: %w", err)}
	}
	e.st.buildings++
	return nil
}

// skip counts a dropped candidate, logs the first few of each reason and
// tells the writer when it listens (ingest.Warner).
func (e *emitter) skip(id string, sk *skip) {
	ingest.Warn(e.w, ingest.Errorf(e.file, id, "osm: skipped: %s (%s)", sk.reason, sk.detail))
	e.st.skipped[sk.reason]++
	if e.st.skipped[sk.reason] <= maxLoggedSkips {
		e.log.Warn("osm: skipped building", "file", e.file, "feature", id, "reason", sk.reason, "detail", sk.detail)
	}
}

// summary logs the totals of a read.
func (e *emitter) summary(ctx context.Context) {
	attrs := []any{"file", e.file, "buildings", e.st.buildings}
	level := slog.LevelInfo
	for _, reason := range slices.Sorted(maps.Keys(e.st.skipped)) {
		attrs = append(attrs, "skipped "+reason, e.st.skipped[reason])
		level = slog.LevelWarn
	}
	for _, key := range slices.Sorted(maps.Keys(e.st.badTags)) {
		attrs = append(attrs, "ignored "+key, e.st.badTags[key])
	}
	e.log.Log(ctx, level, "osm: read buildings", attrs...)
}
