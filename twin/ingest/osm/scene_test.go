package osm

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"testing"

	"github.com/citytwin/citytwin/twin/ingest"
)

// A small scene exercising every rule, written as XML and as PBF.

func square(id0 int64, lon, lat, size float64) []pbfNode {
	return []pbfNode{{id0, lon, lat}, {id0 + 1, lon + size, lat}, {id0 + 2, lon + size, lat + size}, {id0 + 3, lon, lat + size}}
}

func closed(ids ...int64) []int64 { return append(ids, ids[0]) }

func sceneData() ([]pbfNode, []pbfWay, []pbfRelation) {
	var nodes []pbfNode
	nodes = append(nodes, square(1, 7.42, 43.73, 0.001)...)      // way 10
	nodes = append(nodes, square(5, 7.43, 43.73, 0.001)...)      // ways 11, 12, 13
	nodes = append(nodes, square(30, 7.44, 43.73, 0.002)...)     // relation 20 outer
	nodes = append(nodes, square(40, 7.4405, 43.7305, 0.001)...) // relation 20 inner
	nodes = append(nodes, square(50, 7.45, 43.73, 0.002)...)     // relation 24, large
	nodes = append(nodes, square(60, 7.46, 43.73, 0.001)...)     // relation 24, small; way 29
	ways := []pbfWay{
		{id: 10, refs: closed(1, 2, 3, 4), tags: []string{"building", "yes", "height", "12 m", "roof:shape", "gabled", "roof:height", "3"}},
		{id: 11, refs: closed(5, 6, 7, 8), tags: []string{"building", "no"}},
		{id: 12, refs: []int64{5, 6, 7}, tags: []string{"building", "yes"}},
		{id: 13, refs: closed(5, 6, 999), tags: []string{"building", "house"}},
		{id: 21, refs: []int64{30, 31, 32}},
		{id: 22, refs: []int64{32, 33, 30}},
		{id: 23, refs: closed(40, 41, 42, 43)},
		{id: 25, refs: closed(50, 51, 52, 53)},
		{id: 26, refs: closed(63, 62, 61, 60)},
		{id: 29, refs: closed(60, 61, 62, 63), tags: []string{"building:part", "yes", "building:levels", "4", "building:min_level", "1"}},
	}
	mp := []string{"type", "multipolygon"}
	rels := []pbfRelation{
		{id: 20, ways: []int64{21, 22, 23}, roles: []string{"outer", "outer", "inner"}, tags: append(mp, "building", "yes")},
		{id: 24, ways: []int64{26, 25}, roles: []string{"outer", "outer"}, tags: append(mp, "building:part", "roof")},
		{id: 27, ways: []int64{21, 998}, roles: []string{"outer", "outer"}, tags: append(mp, "building", "yes")},
		{id: 28, ways: []int64{25}, roles: []string{"outer"}, tags: append(mp, "landuse", "grass")},
	}
	return nodes, ways, rels
}

// sceneWant is what the scene must give.
var sceneWant = struct {
	ids     []string
	skipped map[string]int
}{
	ids:     []string{"way/10", "way/29", "relation/20", "relation/24", "relation/24/2"},
	skipped: map[string]int{skipUnclosed: 1, skipMissingNode: 1, skipMissingWay: 1},
}

// xmlFile renders nodes, ways and relations as OSM XML.
func xmlFile(nodes []pbfNode, ways []pbfWay, rels []pbfRelation) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"test\">\n")
	for _, n := range nodes {
		fmt.Fprintf(&b, " <node id=\"%d\" lat=\"%.7f\" lon=\"%.7f\"/>\n", n.id, n.lat, n.lon)
	}
	for _, w := range ways {
		fmt.Fprintf(&b, " <way id=\"%d\">\n", w.id)
		for _, r := range w.refs {
			fmt.Fprintf(&b, "  <nd ref=\"%d\"/>\n", r)
		}
		xmlTags(&b, w.tags)
		b.WriteString(" </way>\n")
	}
	for _, r := range rels {
		fmt.Fprintf(&b, " <relation id=\"%d\">\n", r.id)
		for i, w := range r.ways {
			fmt.Fprintf(&b, "  <member type=\"way\" ref=\"%d\" role=\"%s\"/>\n", w, r.roles[i])
		}
		xmlTags(&b, r.tags)
		b.WriteString(" </relation>\n")
	}
	b.WriteString("</osm>\n")
	return b.Bytes()
}

func xmlTags(b *bytes.Buffer, tags []string) {
	for i := 0; i+1 < len(tags); i += 2 {
		b.WriteString("  <tag k=\"")
		xml.EscapeText(b, []byte(tags[i]))
		b.WriteString("\" v=\"")
		xml.EscapeText(b, []byte(tags[i+1]))
		b.WriteString("\"/>\n")
	}
}

func gzipBytes(b []byte) []byte {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

// memSource serves bytes as a file called name.
func memSource(name string, data []byte) ingest.Source {
	return ingest.Source{Name: name, Size: int64(len(data)),
		Open: func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

func readBytes(t testing.TB, name string, data []byte, opts ingest.Options) (*ingest.Collector, *stats, error) {
	t.Helper()
	if opts.Dataset == "" {
		opts.Dataset = "t"
	}
	c := &ingest.Collector{}
	st, err := readFile(context.Background(), memSource(name, data), opts, c, quiet)
	return c, st, err
}

// sceneFiles is the scene in every encoding.
func sceneFiles() map[string][]byte {
	n, w, r := sceneData()
	x := xmlFile(n, w, r)
	return map[string][]byte{
		"scene.osm": x, "scene.osm.gz": gzipBytes(x),
		"scene.osm.pbf": pbfFile(true, n, w, r), "scene-raw.osm.pbf": pbfFile(false, n, w, r),
	}
}
