package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// fakeFormat reads a line format made for these tests:
//
//	FAKE <crs>         first line; "-" for no CRS
//	node|segment|building <id>
//	warn <text>        ingest.Warn about the line
//	fail <text>        the read fails, naming the file and the line
//	sibling <name>     a node whose id is the text of the file name (opened
//	                   through Source.Open); its bytes count as read too
//
// After each line it reports the bytes read so far to opts.Progress.
var fakeFormat = ingest.Format{
	Name:   "fake",
	Detect: func(name string, head []byte) bool { return bytes.HasPrefix(head, []byte("FAKE")) },
	Read:   readFake,
}

// byNameFormat recognises files by their extension only; it reads nothing.
var byNameFormat = ingest.Format{
	Name:   "byname",
	Detect: func(name string, head []byte) bool { return strings.HasSuffix(name, ".byname") },
	Read: func(context.Context, ingest.Source, ingest.Options, twin.FeatureWriter) (string, error) {
		return "EPSG:4326", nil
	},
}

var formats = []ingest.Format{fakeFormat, byNameFormat}

func readFake(ctx context.Context, src ingest.Source, opts ingest.Options, w twin.FeatureWriter) (string, error) {
	rc, err := src.Open(src.Name)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	var crs string
	var read int64
	for n := 1; sc.Scan(); n++ {
		read += int64(len(sc.Bytes())) + 1
		verb, arg, _ := strings.Cut(sc.Text(), " ")
		if n == 1 {
			crs = strings.TrimPrefix(arg, "-")
		} else if extra, err := fakeLine(src, opts, w, n, verb, arg); err != nil {
			return "", err
		} else {
			read += extra
		}
		if opts.Progress != nil {
			opts.Progress(read)
		}
	}
	return crs, sc.Err()
}

// fakeLine handles line n of a fake file and returns the bytes it read
// from other files.
func fakeLine(src ingest.Source, opts ingest.Options, w twin.FeatureWriter, n int, verb, arg string) (int64, error) {
	switch verb {
	case "warn":
		ingest.Warn(w, ingest.Errorf(src.Name, fmt.Sprint("#", n), "%s", arg))
	case "fail":
		return 0, ingest.Errorf(src.Name, fmt.Sprint("#", n), "%s", arg)
	case "sibling":
		rc, err := src.Open(arg)
		if err != nil {
			return 0, err
		}
		defer rc.Close()
		data, err := io.ReadAll(rc)
		if err != nil {
			return 0, err
		}
		return int64(len(data)), w.Put(fakeFeature(opts.Dataset, "node", strings.TrimSpace(string(data))))
	default:
		return 0, w.Put(fakeFeature(opts.Dataset, verb, arg))
	}
	return 0, nil
}

// fakeFeature is a valid feature of the named kind.
func fakeFeature(dataset, kind, id string) twin.Feature {
	h := twin.Header{ID: twin.FeatureID(dataset, id), Dataset: dataset, SourceID: id}
	switch kind {
	case "segment":
		return &twin.UtilitySegment{Header: h, Network: twin.NetworkGas, Status: twin.StatusExisting,
			Centreline: []geo.Point3{{4.9, 52.3, -1}, {4.91, 52.3, -1}}, DepthM: 1, Vertical: twin.VerticalDepth}
	case "building":
		return &twin.Building{Header: h, LoD: "1", BaseM: 0, RoofM: 9,
			Surfaces: []twin.Surface{{Rings: [][]geo.Point3{{{4.9, 52.3, 0}, {4.91, 52.3, 0}, {4.91, 52.31, 0}}}}}}
	}
	return &twin.UtilityNode{Header: h, Network: twin.NetworkWater, NodeKind: twin.NodeValve,
		Position: geo.Point3{4.9, 52.3, -1}, DepthM: 1, Status: twin.StatusExisting, Vertical: twin.VerticalDepth}
}

// writeFile writes text to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// memStore is an in-memory twin.Store with LoadDataset's all-or-nothing
// contract; the other methods are not needed here.
type memStore struct {
	twin.Store // nil: calling any other method panics
	mu         sync.Mutex
	datasets   map[string]memDataset
	loads      int
}

type memDataset struct {
	meta     twin.DatasetMeta
	features *ingest.Collector
}

func (s *memStore) LoadDataset(ctx context.Context, meta *twin.DatasetMeta, fill func(twin.FeatureWriter) error) (twin.LoadStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	if meta.Name == "" {
		return twin.LoadStats{}, fmt.Errorf("memstore: %w", twin.ErrInvalidName)
	}
	c := &ingest.Collector{} // validates and rejects duplicate ids as a store does
	if err := fill(c); err != nil {
		return twin.LoadStats{}, err
	}
	if s.datasets == nil {
		s.datasets = map[string]memDataset{}
	}
	s.datasets[meta.Name] = memDataset{meta: *meta, features: c}
	return twin.LoadStats{Added: c.Len()}, ctx.Err()
}

// dataset returns a loaded dataset, failing the test if it is missing.
func (s *memStore) dataset(t *testing.T, name string) memDataset {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.datasets[name]
	if !ok {
		t.Fatalf("dataset %q not loaded", name)
	}
	return d
}

// wantErr fails the test unless err is non-nil and its message contains every
// one of want.
func wantErr(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

// wantFeatureError fails the test unless err is an *ingest.FeatureError
// naming file and feature.
func wantFeatureError(t *testing.T, err error, file, feature string) {
	t.Helper()
	var fe *ingest.FeatureError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not an *ingest.FeatureError", err, err)
	}
	if fe.File != file || fe.Feature != feature {
		t.Errorf("FeatureError names file %q feature %q, want %q %q", fe.File, fe.Feature, file, feature)
	}
}
