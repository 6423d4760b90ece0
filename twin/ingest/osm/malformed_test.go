package osm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// header is a valid OSMHeader block.
func header() []byte {
	return pbfBlock("OSMHeader", appendBytes(nil, 4, []byte("OsmSchema-V0.6")), false)
}

// dataBlock is an OSMData block holding one primitive group.
func dataBlock(group []byte) []byte {
	blk := appendBytes(nil, 1, appendBytes(nil, 1, nil)) // string table: ""
	return pbfBlock("OSMData", appendBytes(blk, 2, group), true)
}

func malformedCases() []struct{ name, file, data, want string } {
	nodes, ways, rels := sceneData()
	scene := string(xmlFile(nodes, ways, rels))
	pbf := string(pbfFile(true, nodes, ways, rels))
	badRole := append([]pbfRelation(nil), rels...)
	badRole[0].badRole = true
	garbage := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(rng.UintN(256))
	}
	negSize := appendVarint(appendBytes(nil, 1, []byte("OSMHeader")), 3, ^uint64(0))
	badZlib := []byte(pbfBlock("OSMData", primitiveBlock(nodes, nil, nil), true))
	badZlib[len(badZlib)-1]++ // raw_size one more than the data
	return []struct{ name, file, data, want string }{
		{"empty pbf", "empty.osm.pbf", "", "empty file"},
		{"empty xml", "empty.osm", "", "empty file"},
		{"blank xml", "blank.osm", "  \n", "neither OSM PBF nor OSM XML"},
		{"garbage bytes", "garbage.osm.pbf", string(garbage), "neither OSM PBF nor OSM XML"},
		{"xml not osm", "page.osm", "<html><body>hi</body></html>", "root element is <html>"},
		{"osmChange", "diff.osm", "<osmChange version=\"0.6\"></osmChange>", "root element is <osmChange>"},
		{"truncated xml", "cut.osm", scene[:len(scene)/2], "unexpected EOF"},
		{"bad coordinate", "bad.osm", `<osm><node id="1" lat="x" lon="2"/></osm>`, "invalid syntax"},
		{"truncated pbf", "cut.osm.pbf", pbf[:len(pbf)-10], "unexpected EOF"},
		{"truncated pbf header", "cut2.osm.pbf", pbf[:20], "unexpected EOF"},
		{"pbf data block first", "nohead.osm.pbf", string(dataBlock(nil)), "first block is not an OSMHeader"},
		{"pbf garbage block", "junk.osm.pbf", string(header()) + "\x00\x00\x00\x05junk!", "block 2"},
		{"pbf string index", "role.osm.pbf", string(pbfFile(true, nodes, ways, badRole)), "member role string index 1000"},
		{"pbf plain nodes", "plain.osm.pbf", string(header()) + string(dataBlock(appendBytes(nil, 1, nil))), "plain (non-dense) nodes"},
		{"pbf negative size", "neg.osm.pbf", string(header()) + frame(negSize), "data size -1"},
		{"pbf raw size mismatch", "size.osm.pbf", string(header()) + string(badZlib), "does not match its raw_size"},
		{"gzip garbage", "junk.osm.gz", "\x1f\x8b" + string(garbage[:100]), "gzip"},
		{"truncated gzip", "cut.osm.gz", string(gzipBytes([]byte(scene))[:200]), "unexpected EOF"},
		{"bzip2 garbage", "junk.osm.bz2", "BZh9" + string(garbage[:100]), "bzip2"},
	}
}

// frame puts a 4-byte length before a blob header.
func frame(hdr []byte) string {
	return string(binary.BigEndian.AppendUint32(nil, uint32(len(hdr)))) + string(hdr)
}

func TestMalformedInput(t *testing.T) {
	for _, tt := range malformedCases() {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readBytes(t, tt.file, []byte(tt.data), ingest.Options{})
			checkFileError(t, err, tt.file, tt.want)
		})
	}
}

// checkFileError checks that err is a FeatureError naming file and saying want.
func checkFileError(t *testing.T, err error, file, want string) {
	t.Helper()
	var fe *ingest.FeatureError
	switch {
	case err == nil:
		t.Fatalf("no error, want one about %q", want)
	case !errors.As(err, &fe) || fe.File != file:
		t.Errorf("error %q is not a FeatureError naming %s", err, file)
	case !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), want):
		t.Errorf("error %q: want it to name %s and say %q", err, file, want)
	}
}

// Truncated real files must fail, not yield a partial city.
func TestTruncatedRealFiles(t *testing.T) {
	tests := []struct {
		file     string
		fraction float64
	}{
		{"osm/monaco-2021-04-19.osm.pbf", 0.1},
		{"osm/monaco-2021-04-19.osm.pbf", 0.5},
		{"osm/monaco-2021-04-19.osm.pbf", 0.999},
		{"osm/andorra-2018-03-01.osm.bz2", 0.2},
	}
	for _, tt := range tests {
		path := dataFile(t, tt.file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cut := data[:int(float64(len(data))*tt.fraction)]
		t.Run(fmt.Sprintf("%s@%g", tt.file, tt.fraction), func(t *testing.T) {
			_, _, err := readBytes(t, path, cut, ingest.Options{})
			checkFileError(t, err, path, "unexpected EOF")
		})
	}
}
