package cityjson

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/ingesttest"
)

func dataPath(t testing.TB, rel string) string { return ingesttest.SharedData(t, rel) }

// fileSource opens a file on disk.
func fileSource(path string) ingest.Source {
	return ingest.Source{Name: path, Open: func(name string) (io.ReadCloser, error) { return os.Open(name) }}
}

// memSource serves data under a file name.
func memSource(name string, data []byte) ingest.Source {
	return ingest.Source{
		Name: name,
		Size: int64(len(data)),
		Open: func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
}

// read runs Read into a Collector.
func read(src ingest.Source, opts ingest.Options) (*ingest.Collector, string, error) {
	var c ingest.Collector
	crs, err := Read(context.Background(), src, opts, &c)
	return &c, crs, err
}
