package tiler

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// What the tiler records in the store beside the tiles, per layer (in
// twin.TileLayerState.Meta): the layer's members and its built tree, so
// that an incremental build knows where every feature is and which tiles
// it can keep, without reading the features again.

// treeFormat is bumped whenever the tree, the tile layout or layerMeta
// change in a way that needs a full rebuild.
const treeFormat = "citytwin-tiler/2"

// rootLayer is the layer name of the root tileset's state and file.
const rootLayer = ""

// layerMeta is the tiler's record of one layer. It is stored as the tree in
// JSON, a newline, then the members in a compact binary form (JSON took
// longer to decode than to mesh a tile), which only layers with changes
// need to read.
type layerMeta struct {
	Format string `json:"format"`
	// Count is the number of members.
	Count   int      `json:"count"`
	Members []member `json:"-"`
	// rawMembers is the members' JSON, not yet decoded.
	rawMembers []byte
	// Nodes are the tiles of the tree, root first, then depth first.
	Nodes []nodeMeta `json:"nodes"`
	// Split lists cells split because their GLB came out too large.
	Split []Cell `json:"split,omitempty"`
	// GeometricError is the layer tileset's geometricError.
	GeometricError float64 `json:"geometric_error"`
}

// nodeMeta is one built tile.
type nodeMeta struct {
	Cell     Cell   `json:"cell"`
	Leaf     bool   `json:"leaf,omitempty"`
	Sig      string `json:"sig"`
	Children []Cell `json:"children,omitempty"`
	// Origin is the tile frame's origin, lon°, lat°, h m.
	Origin geo.Point3 `json:"origin"`
	// Box bounds the tile's content and its children's boxes, in its frame;
	// ContentBox bounds its content (empty when it has none).
	Box        geo.Bounds3 `json:"box"`
	ContentBox geo.Bounds3 `json:"content_box"`
	// Path is the store path of the GLB ("" without content), Hash its
	// SHA-256, Bytes its size.
	Path           string  `json:"path,omitempty"`
	Hash           string  `json:"hash,omitempty"`
	Bytes          int     `json:"bytes,omitempty"`
	Features       int     `json:"features"`
	GeometricError float64 `json:"geometric_error"`
	// ContentErrorM is the content's own error (Content.ErrorM). A parent
	// also records the key of its selection of features (SelKey) and the
	// size of the largest feature it leaves out (DropM).
	ContentErrorM float64 `json:"content_error_m,omitempty"`
	SelKey        string  `json:"sel_key,omitempty"`
	DropM         float64 `json:"drop_m,omitempty"`
	// Halvings counts how often the selection was halved to fit.
	Halvings int `json:"halvings,omitempty"`
}

// copyContent takes the content of o (a stored tile) into n.
func (n *nodeMeta) copyContent(o *nodeMeta) {
	n.ContentBox, n.Path, n.Hash, n.Bytes, n.Features = o.ContentBox, o.Path, o.Hash, o.Bytes, o.Features
	n.ContentErrorM, n.Halvings = o.ContentErrorM, o.Halvings
}

// frame returns the tile's ENU frame.
func (n *nodeMeta) frame() geo.ENU { return geo.NewENU(n.Origin) }

func encodeLayerMeta(m *layerMeta) ([]byte, error) {
	m.Format, m.Count = treeFormat, len(m.Members)
	head, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("tiler: layer record: %w", err)
	}
	return appendMembers(append(head, '\n'), m.Members), nil
}

// decodeLayerMeta reads the tree of a layer record, leaving its members
// for decodeMembers; a record of another format is reported as nil (the
// layer is rebuilt in full).
func decodeLayerMeta(data []byte) (*layerMeta, error) {
	head, members, ok := bytes.Cut(data, []byte{'\n'})
	if !ok {
		return nil, nil
	}
	var m layerMeta
	if err := json.Unmarshal(head, &m); err != nil {
		return nil, fmt.Errorf("tiler: layer record: %w", err)
	}
	if m.Format != treeFormat {
		return nil, nil
	}
	m.rawMembers = members
	return &m, nil
}

// decodeMembers reads the members of a record read by decodeLayerMeta,
// sorted by sortMembers.
func (m *layerMeta) decodeMembers() error {
	if m.rawMembers == nil {
		return nil
	}
	ms, err := readMembers(m.rawMembers, m.Count)
	if err != nil {
		return fmt.Errorf("tiler: layer record: %w", err)
	}
	m.Members, m.rawMembers = ms, nil
	sortMembers(m.Members) // also fills the codes, which are not stored
	return nil
}

// Versioned is implemented by content builders whose output can change
// between program versions: a new version makes Build rebuild every tile.
type Versioned interface {
	Version() string
}

// layerVersion names everything that shapes a layer's tiles apart from
// the features: the tree format, the options, the builder's version and
// the layer's schema. The root tileset's version is layerVersion of "".
func layerVersion(b ContentBuilder, opts Options, layer string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%d|%d|%d|%v|%g", treeFormat, opts.MaxBuildings, opts.MaxUtility, opts.MaxTileBytes,
		opts.NoQuantize, opts.SizeErrorFraction)
	if opts.Meshopt { // only when set, so versions of existing stores stay the same
		fmt.Fprint(h, "|meshopt")
	}
	if v, ok := b.(Versioned); ok {
		fmt.Fprintf(h, "|builder %s", v.Version())
	}
	if layer != rootLayer {
		schema, _ := json.Marshal(b.Schema(layer)) // a schema is plain data
		fmt.Fprintf(h, "|%s|%s", layer, schema)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// storedState is the decoded tile state of a store.
type storedState struct {
	generation int64
	root       *twin.TileLayerState
	layers     map[string]twin.TileLayerState
}

func readState(st twin.TileState) storedState {
	s := storedState{generation: st.Generation, layers: map[string]twin.TileLayerState{}}
	for i := range st.Layers {
		if st.Layers[i].Layer == rootLayer {
			s.root = &st.Layers[i]
			continue
		}
		s.layers[st.Layers[i].Layer] = st.Layers[i]
	}
	return s
}

// layerNames returns the names of the stored layers, sorted.
func (s storedState) layerNames() []string {
	var names []string
	for name := range s.layers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// boxOf is the tiles box of local bounds.
func boxOf(b geo.Bounds3) *tiles.Box {
	box := tiles.BoxFromBounds(b)
	return &box
}

// Members in binary: per member the id's length (uvarint) and bytes, the
// centre and size as four little-endian float64s and the byte estimate
// (uvarint).
const memberFloats = 4

func appendMembers(dst []byte, ms []member) []byte {
	for _, m := range ms {
		dst = binary.AppendUvarint(dst, uint64(len(m.ID)))
		dst = append(dst, m.ID...)
		for _, v := range [memberFloats]float64{m.C[0], m.C[1], m.C[2], m.SizeM} {
			dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
		}
		dst = binary.AppendUvarint(dst, uint64(max(m.Bytes, 0)))
	}
	return dst
}

var errMembers = errors.New("members truncated or malformed")

// readMembers decodes count members written by appendMembers.
func readMembers(data []byte, count int) ([]member, error) {
	if count < 0 || count > len(data) {
		return nil, errMembers
	}
	ms := make([]member, count)
	for i := range ms {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data)-k) {
			return nil, errMembers
		}
		ms[i].ID, data = string(data[k:k+int(n)]), data[k+int(n):]
		if len(data) < 8*memberFloats {
			return nil, errMembers
		}
		var v [memberFloats]float64
		for j := range v {
			v[j] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*j:]))
		}
		data = data[8*memberFloats:]
		ms[i].C, ms[i].SizeM = [3]float64{v[0], v[1], v[2]}, v[3]
		b, k := binary.Uvarint(data)
		if k <= 0 || b > math.MaxInt32 {
			return nil, errMembers
		}
		ms[i].Bytes, data = int(b), data[k:]
	}
	if len(data) != 0 {
		return nil, errMembers
	}
	return ms, nil
}
