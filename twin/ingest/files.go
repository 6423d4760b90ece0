package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/citytwin/citytwin/twin"
)

// Counts tallies what a load wrote, per kind.
type Counts struct {
	Buildings, Segments, Nodes int
}

// Total is the number of features.
func (c Counts) Total() int { return c.Buildings + c.Segments + c.Nodes }

// Result is what Files did.
type Result struct {
	Counts Counts
	Stats  twin.LoadStats
	CRS    []string
	// Warnings counts the source records a reader skipped or renamed by a
	// documented rule; Examples keeps the first MaxWarningExamples of them.
	Warnings int
	Examples []string
}

// MaxWarningExamples is how many warning messages a Result keeps.
const MaxWarningExamples = 10

// Detect picks the format of a file from its name and first bytes.
func Detect(formats []Format, path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return Format{}, fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return Format{}, fmt.Errorf("ingest: %s: %w", path, err)
	}
	if n == 0 {
		return Format{}, &FeatureError{File: path, Err: fmt.Errorf("file is empty")}
	}
	head = bytes.TrimLeft(head[:n], "\xef\xbb\xbf \t\r\n")
	for _, format := range formats {
		if format.Detect(path, head) {
			return format, nil
		}
	}
	return Format{}, fmt.Errorf("%w: %s (known: %s)", ErrUnknownFormat, path, formatNames(formats))
}

func formatNames(formats []Format) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// Input is one file to load, with the mapping for its properties (nil: the
// Options' mapping).
type Input struct {
	Path    string
	Mapping *Mapping
}

// Paths turns file names into Inputs that use the Options' mapping.
func Paths(paths ...string) []Input {
	in := make([]Input, len(paths))
	for i, p := range paths {
		in[i] = Input{Path: p}
	}
	return in
}

// Files loads the inputs into the dataset opts.Dataset of store, replacing
// what the dataset held, in one transaction: if any file fails, nothing
// changes. progress, if set, is called with the bytes read so far and the
// total.
func Files(ctx context.Context, store twin.Store, formats []Format, inputs []Input, opts Options, progress func(done, total int64)) (Result, error) {
	if len(inputs) == 0 {
		return Result{}, fmt.Errorf("ingest: no input files")
	}
	plan, total, err := planFiles(formats, inputs)
	if err != nil {
		return Result{}, err
	}
	var res Result
	meta := twin.DatasetMeta{Name: opts.Dataset}
	for _, p := range plan {
		meta.Sources = append(meta.Sources, filepath.Base(p.path))
	}
	var done int64
	fill := func(w twin.FeatureWriter) error {
		counting := &countingWriter{w: w, res: &res}
		for _, p := range plan {
			counting.file = p.path
			fileOpts := opts
			if p.mapping != nil {
				fileOpts.Mapping = p.mapping
			}
			if progress != nil {
				fileOpts.Progress = fileProgress(done, p.size, total, progress)
			}
			crs, err := p.format.Read(ctx, p.source(), fileOpts, counting)
			if err != nil {
				return err
			}
			res.CRS = appendUnique(res.CRS, crs)
			done += p.size
			if progress != nil {
				progress(done, total)
			}
		}
		meta.CRS = strings.Join(res.CRS, ", ")
		return nil
	}
	res.Stats, err = store.LoadDataset(ctx, &meta, fill)
	return res, err
}

// fileProgress turns a reader's bytes-read count for one file of size bytes
// into calls of progress(done, total) that never go back and never pass the
// end of the file (a reader may count a sibling file or decompressed bytes).
func fileProgress(base, size, total int64, progress func(done, total int64)) func(int64) {
	var last int64
	return func(n int64) {
		n = min(max(n, 0), size)
		if n > last {
			last = n
			progress(base+n, total)
		}
	}
}

type plannedFile struct {
	path    string
	size    int64
	format  Format
	mapping *Mapping
}

func (p plannedFile) source() Source {
	dir := filepath.Dir(p.path)
	return Source{
		Name: p.path,
		Size: p.size,
		Open: func(name string) (io.ReadCloser, error) {
			if !filepath.IsAbs(name) && filepath.Dir(name) == "." {
				name = filepath.Join(dir, name)
			}
			return os.Open(name)
		},
	}
}

// planFiles checks every file before the transaction starts, so that a
// missing file or an unknown format fails fast.
func planFiles(formats []Format, inputs []Input) ([]plannedFile, int64, error) {
	var plan []plannedFile
	var total int64
	for _, in := range inputs {
		path := in.Path
		st, err := os.Stat(path)
		if err != nil {
			return nil, 0, fmt.Errorf("ingest: %w", err)
		}
		if st.IsDir() {
			return nil, 0, fmt.Errorf("ingest: %s is a directory; name the files", path)
		}
		format, err := Detect(formats, path)
		if err != nil {
			return nil, 0, err
		}
		plan = append(plan, plannedFile{path: path, size: st.Size(), format: format, mapping: in.Mapping})
		total += st.Size()
	}
	return plan, total, nil
}

// countingWriter counts what passes and names the file in store errors.
type countingWriter struct {
	w    twin.FeatureWriter
	res  *Result
	file string
}

// Warn implements Warner.
func (c *countingWriter) Warn(err error) {
	c.res.Warnings++
	if len(c.res.Examples) < MaxWarningExamples {
		c.res.Examples = append(c.res.Examples, err.Error())
	}
}

func (c *countingWriter) Put(f twin.Feature) error {
	if err := c.w.Put(f); err != nil {
		var fe *FeatureError
		if errors.As(err, &fe) {
			return err
		}
		return &FeatureError{File: c.file, Feature: f.Head().SourceID, Err: err}
	}
	switch f.Kind() {
	case twin.KindBuilding:
		c.res.Counts.Buildings++
	case twin.KindSegment:
		c.res.Counts.Segments++
	case twin.KindNode:
		c.res.Counts.Nodes++
	}
	return nil
}

// appendUnique appends s to list unless it is empty or already there.
func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}
