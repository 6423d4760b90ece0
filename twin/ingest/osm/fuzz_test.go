package osm

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// fuzzRead reads data as a file and checks that it neither panics nor
// fails without naming the file.
func fuzzRead(t *testing.T, name string, data []byte) {
	c := &ingest.Collector{}
	_, err := readFile(context.Background(), memSource(name, data), ingest.Options{Dataset: "f"}, c, quiet)
	var fe *ingest.FeatureError
	if err != nil && (!errors.As(err, &fe) || fe.File != name) {
		t.Fatalf("error %v does not name the file", err)
	}
}

func FuzzReadXML(f *testing.F) {
	n, w, r := sceneData()
	f.Add(xmlFile(n, w, r))
	f.Add(xmlFile(n[:4], w[:1], nil))
	f.Add([]byte(`<osm><node id="1" lat="1" lon="2"/><way id="2"><nd ref="1"/><tag k="building" v="yes"/></way></osm>`))
	f.Add([]byte(`<osm><relation id="1"><member type="way" ref="2" role="outer"/><tag k="type" v="multipolygon"/><tag k="building" v="yes"/></relation></osm>`))
	f.Add([]byte(`<?xml version="1.0"?><html/>`))
	f.Add([]byte{})
	for _, tt := range malformedCases() {
		if len(tt.data) > 0 && tt.data[0] == '<' {
			f.Add([]byte(tt.data))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "fuzz.osm", data) })
}

// Every osmpbf scanner allocates a 32 MiB buffer (milliseconds per input),
// which would leave the fuzzer minimising for most of a short run. So the
// PBF targets first run the guard alone, which is cheap, and read the file
// only when the guard accepts it: what the guard rejects never reaches
// osmpbf in a real read either.
func guardAccepts(data []byte) bool {
	_, err := io.Copy(io.Discard, newPBFGuard(bytes.NewReader(data)))
	return err == nil
}

// FuzzReadPBF fuzzes whole PBF files.
func FuzzReadPBF(f *testing.F) {
	n, w, r := sceneData()
	f.Add(pbfFile(true, n[:4], w[:1], nil))
	f.Add(pbfFile(false, n[:8], w[:2], r[:1]))
	for _, tt := range malformedCases() {
		if len(tt.data) > 0 && tt.data[0] != '<' {
			f.Add([]byte(tt.data))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if guardAccepts(data) {
			fuzzRead(t, "fuzz.osm.pbf", data)
		}
	})
}

// FuzzPBFBlock fuzzes the decompressed PrimitiveBlock of a file with a
// valid header, where osmpbf panics on bad indices unless checkBlock
// catches them.
func FuzzPBFBlock(f *testing.F) {
	n, w, r := sceneData() // small seeds: minimising costs a read per step
	f.Add(primitiveBlock(n[:4], w[:1], nil))
	f.Add(primitiveBlock(nil, nil, r[:1]))
	f.Add(appendBytes(nil, 2, appendBytes(nil, 1, nil)))
	f.Fuzz(func(t *testing.T, block []byte) {
		if checkBlock(block) == nil {
			fuzzRead(t, "block.osm.pbf", append(header(), pbfBlock("OSMData", block, false)...))
		}
	})
}
