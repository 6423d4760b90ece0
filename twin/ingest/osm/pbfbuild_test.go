package osm

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"

	"google.golang.org/protobuf/encoding/protowire"
)

// A tiny OSM PBF writer for tests: enough to build small files and crafted
// malformed blocks.

type pbfNode struct {
	id       int64
	lon, lat float64
}

type pbfWay struct {
	id   int64
	refs []int64
	tags []string // key, value, key, value...
}

type pbfRelation struct {
	id      int64
	ways    []int64 // way members
	roles   []string
	tags    []string
	badRole bool // write a role string index past the table
}

// pbfFile builds a PBF file: an OSMHeader block and one OSMData block.
func pbfFile(compress bool, nodes []pbfNode, ways []pbfWay, rels []pbfRelation) []byte {
	var head []byte
	for _, f := range []string{"OsmSchema-V0.6", "DenseNodes"} {
		head = protowire.AppendTag(head, 4, protowire.BytesType)
		head = protowire.AppendString(head, f)
	}
	out := pbfBlock("OSMHeader", head, compress)
	return append(out, pbfBlock("OSMData", primitiveBlock(nodes, ways, rels), compress)...)
}

// pbfBlock frames data as a file block.
func pbfBlock(kind string, data []byte, compress bool) []byte {
	var blob []byte
	if compress {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(data)
		zw.Close()
		blob = appendBytes(blob, 3, z.Bytes())
		blob = appendVarint(blob, 2, uint64(len(data)))
	} else {
		blob = appendBytes(blob, 1, data)
	}
	var hdr []byte
	hdr = appendBytes(hdr, 1, []byte(kind))
	hdr = appendVarint(hdr, 3, uint64(len(blob)))
	out := binary.BigEndian.AppendUint32(nil, uint32(len(hdr)))
	return append(append(out, hdr...), blob...)
}

// strTable interns strings; index 0 is the empty string, as writers do.
type strTable struct {
	idx  map[string]int
	list []string
}

func (s *strTable) id(v string) uint64 {
	if s.idx == nil {
		s.idx = map[string]int{"": 0}
		s.list = []string{""}
	}
	i, ok := s.idx[v]
	if !ok {
		i = len(s.list)
		s.idx[v] = i
		s.list = append(s.list, v)
	}
	return uint64(i)
}

func primitiveBlock(nodes []pbfNode, ways []pbfWay, rels []pbfRelation) []byte {
	var st strTable
	st.id("")
	var group []byte
	if len(nodes) > 0 {
		var ids, lats, lons []int64
		for _, n := range nodes {
			ids = append(ids, n.id)
			lats = append(lats, int64(n.lat*1e7+0.5*sign(n.lat)))
			lons = append(lons, int64(n.lon*1e7+0.5*sign(n.lon)))
		}
		var dense []byte
		dense = appendPacked(dense, 1, deltas(ids), true)
		dense = appendPacked(dense, 8, deltas(lats), true)
		dense = appendPacked(dense, 9, deltas(lons), true)
		group = appendBytes(group, 2, dense)
	}
	for _, w := range ways {
		var m []byte
		m = appendVarint(m, 1, uint64(w.id))
		m = appendTags(m, &st, w.tags)
		m = appendPacked(m, 8, deltas(w.refs), true)
		group = appendBytes(group, 3, m)
	}
	for _, r := range rels {
		group = appendBytes(group, 4, relationMsg(&st, r))
	}
	var blk []byte
	var table []byte
	for _, s := range st.list {
		table = appendBytes(table, 1, []byte(s))
	}
	blk = appendBytes(blk, 1, table)
	return appendBytes(blk, 2, group)
}

func relationMsg(st *strTable, r pbfRelation) []byte {
	var m []byte
	m = appendVarint(m, 1, uint64(r.id))
	m = appendTags(m, st, r.tags)
	var roles, types []int64
	for i := range r.ways {
		roles = append(roles, int64(st.id(r.roles[i])))
		types = append(types, 1)
	}
	if r.badRole {
		roles[0] = 1000
	}
	m = appendPacked(m, 8, roles, false)
	m = appendPacked(m, 9, deltas(r.ways), true)
	return appendPacked(m, 10, types, false)
}

func appendTags(m []byte, st *strTable, tags []string) []byte {
	var keys, vals []int64
	for i := 0; i+1 < len(tags); i += 2 {
		keys = append(keys, int64(st.id(tags[i])))
		vals = append(vals, int64(st.id(tags[i+1])))
	}
	m = appendPacked(m, 2, keys, false)
	return appendPacked(m, 3, vals, false)
}

func deltas(v []int64) []int64 {
	out := make([]int64, len(v))
	var prev int64
	for i, x := range v {
		out[i], prev = x-prev, x
	}
	return out
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func appendPacked(b []byte, num protowire.Number, v []int64, zigzag bool) []byte {
	var p []byte
	for _, x := range v {
		if zigzag {
			p = protowire.AppendVarint(p, protowire.EncodeZigZag(x))
		} else {
			p = protowire.AppendVarint(p, uint64(x))
		}
	}
	return appendBytes(b, num, p)
}

func appendBytes(b []byte, num protowire.Number, v []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}
