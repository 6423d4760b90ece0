package tiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Extensions maps an extension name to its JSON object, kept verbatim.
type Extensions map[string]json.RawMessage

// Tileset is the root object of a tileset JSON file (3D Tiles 1.1, and
// 1.0, which is a subset). Absent optional members stay absent on
// re-encoding: slices, maps and pointers use omitzero, so an empty array
// in the input ("children": []) survives a round trip.
type Tileset struct {
	Asset              Asset                    `json:"asset"`
	Properties         map[string]PropertyRange `json:"properties,omitzero"`
	Schema             *Schema                  `json:"schema,omitzero"`
	SchemaURI          string                   `json:"schemaUri,omitempty"`
	Statistics         *Statistics              `json:"statistics,omitzero"`
	Groups             []MetadataEntity         `json:"groups,omitzero"`
	Metadata           *MetadataEntity          `json:"metadata,omitzero"`
	GeometricError     float64                  `json:"geometricError"`
	Root               Tile                     `json:"root"`
	ExtensionsUsed     []string                 `json:"extensionsUsed,omitzero"`
	ExtensionsRequired []string                 `json:"extensionsRequired,omitzero"`
	Extensions         Extensions               `json:"extensions,omitzero"`
	Extras             json.RawMessage          `json:"extras,omitzero"`
}

// Asset is metadata about the whole tileset.
type Asset struct {
	Version        string `json:"version"`
	TilesetVersion string `json:"tilesetVersion,omitempty"`
	// Generator is not in the 3D Tiles schema but tools (pg2b3dm, py3dtiles)
	// write it, as glTF's asset has it; kept so that a round trip is exact.
	Generator  string          `json:"generator,omitempty"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// PropertyRange is a 1.0-style tileset property summary (legacy
// "properties" dictionary, superseded by Statistics in 1.1).
type PropertyRange struct {
	Minimum    float64         `json:"minimum"`
	Maximum    float64         `json:"maximum"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// Refine is a tile's refinement strategy.
type Refine string

// The refinement strategies.
const (
	RefineAdd     Refine = "ADD"
	RefineReplace Refine = "REPLACE"
)

// Tile is one node of the tile tree.
type Tile struct {
	BoundingVolume      BoundingVolume  `json:"boundingVolume"`
	ViewerRequestVolume *BoundingVolume `json:"viewerRequestVolume,omitzero"`
	GeometricError      float64         `json:"geometricError"`
	Refine              Refine          `json:"refine,omitempty"`
	// Transform is column-major, from the tile's frame to its parent's.
	Transform      *Matrix4        `json:"transform,omitzero"`
	Content        *Content        `json:"content,omitzero"`
	Contents       []Content       `json:"contents,omitzero"`
	Metadata       *MetadataEntity `json:"metadata,omitzero"`
	ImplicitTiling *ImplicitTiling `json:"implicitTiling,omitzero"`
	Children       []Tile          `json:"children,omitzero"`
	Extensions     Extensions      `json:"extensions,omitzero"`
	Extras         json.RawMessage `json:"extras,omitzero"`
}

// Content is a tile's renderable content (a GLB, a legacy b3dm/pnts, or an
// external tileset JSON).
type Content struct {
	URI            string          `json:"uri"`
	BoundingVolume *BoundingVolume `json:"boundingVolume,omitzero"`
	// Group indexes Tileset.Groups; nil when the content has no group.
	Group      *int            `json:"group,omitzero"`
	Metadata   *MetadataEntity `json:"metadata,omitzero"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// BoundingVolume holds exactly one of Box, Region or Sphere, unless an
// extension (3DTILES_bounding_volume_S2, …) supplies the volume.
type BoundingVolume struct {
	Box        *Box            `json:"box,omitzero"`
	Region     *Region         `json:"region,omitzero"`
	Sphere     *Sphere         `json:"sphere,omitzero"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// ImplicitTiling makes a tile the root of an implicit quadtree or octree.
type ImplicitTiling struct {
	SubdivisionScheme SubdivisionScheme `json:"subdivisionScheme"`
	SubtreeLevels     int               `json:"subtreeLevels"`
	AvailableLevels   int               `json:"availableLevels"`
	Subtrees          SubtreesRef       `json:"subtrees"`
	Extensions        Extensions        `json:"extensions,omitzero"`
	Extras            json.RawMessage   `json:"extras,omitzero"`
}

// SubtreesRef locates the subtree files of an implicit tileset through a
// template URI such as "subtrees/{level}/{x}/{y}.subtree".
type SubtreesRef struct {
	URI        string          `json:"uri"`
	Extensions Extensions      `json:"extensions,omitzero"`
	Extras     json.RawMessage `json:"extras,omitzero"`
}

// ParseTileset decodes a tileset JSON document. Metadata values decode with
// json.Number, so 64-bit integers (UINT64 noData, …) survive re-encoding
// exactly. Trailing data after the object is an error.
func ParseTileset(data []byte) (*Tileset, error) {
	return ReadTileset(bytes.NewReader(data))
}

// ReadTileset decodes one tileset JSON document from r, like ParseTileset.
func ReadTileset(r io.Reader) (*Tileset, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var ts Tileset
	if err := dec.Decode(&ts); err != nil {
		return nil, fmt.Errorf("tiles: tileset: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("tiles: tileset: data after the JSON object")
	}
	if ts.Asset.Version == "" {
		return nil, errors.New("tiles: tileset: asset.version missing")
	}
	return &ts, nil
}

// Walk calls fn for t and then, depth first, for each descendant with its
// depth below t (t itself is depth 0). If fn returns false the children of
// that tile are skipped.
func (t *Tile) Walk(fn func(tile *Tile, depth int) bool) {
	t.walk(fn, 0)
}

func (t *Tile) walk(fn func(*Tile, int) bool, depth int) {
	if !fn(t, depth) {
		return
	}
	for i := range t.Children {
		t.Children[i].walk(fn, depth+1)
	}
}

// AllContents returns the tile's contents, whether given as "content" or
// as "contents".
func (t *Tile) AllContents() []Content {
	if t.Content == nil {
		return t.Contents
	}
	return append([]Content{*t.Content}, t.Contents...)
}
