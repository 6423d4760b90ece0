package osm

import (
	"context"
	"fmt"
	"runtime"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"

	"github.com/citytwin/citytwin/twin/ingest"
)

// maxDecoders bounds osmpbf's decoding goroutines.
const maxDecoders = 4

// scanFile reads src, handing each object to fn, and reports progress in
// bytes of the file. Errors name the file.
func scanFile(ctx context.Context, src ingest.Source, report func(int64), fn func(osm.Object)) error {
	in, err := openInput(src)
	if in != nil {
		defer in.close()
	}
	if err != nil {
		return fileError(src.Name, "", err)
	}
	sc := newScanner(ctx, in)
	defer sc.Close()
	prog := progress{report: report}
	for sc.Scan() {
		prog.update(in.read.Load(), false)
		fn(sc.Object())
	}
	if err := sc.Err(); err != nil {
		return fileError(src.Name, in.enc.String(), err)
	}
	if err := ctx.Err(); err != nil {
		return fileError(src.Name, "", err)
	}
	prog.update(in.read.Load(), true)
	return nil
}

func newScanner(ctx context.Context, in *input) osm.Scanner {
	if in.enc == encXML {
		return osmxml.New(ctx, in.r)
	}
	return osmpbf.New(ctx, newPBFGuard(in.r), min(runtime.GOMAXPROCS(0), maxDecoders))
}

// fileError wraps an error about a whole file.
func fileError(file, enc string, err error) error {
	if enc != "" {
		err = fmt.Errorf("osm: %s: %w", enc, err)
	} else {
		err = fmt.Errorf("osm: %w", err)
	}
	return &ingest.FeatureError{File: file, Err: err}
}
