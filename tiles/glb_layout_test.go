package tiles

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/qmuntal/gltf"
)

// TestGLBLayout checks what the Khronos validator cannot: the
// EXT_mesh_features and EXT_structural_metadata objects, the alignment
// rules of both extensions, the extension lists and the node transform.
func TestGLBLayout(t *testing.T) {
	for _, tc := range glbTestCases() {
		t.Run(tc.name, func(t *testing.T) {
			dec, err := DecodeGLB(bytes.NewReader(encodeTestGLB(t, tc.meshes, tc.table, tc.schema, tc.opts)))
			if err != nil {
				t.Fatal(err)
			}
			doc := dec.Doc
			glbCheckExtensionLists(t, doc, tc)
			glbCheckAlignment(t, doc)
			glbCheckMeshFeatures(t, doc, tc)
			if tc.table != nil {
				glbCheckPropertyTableJSON(t, doc, tc.table)
			}
			glbCheckNodes(t, doc, tc)
		})
	}
}

func glbCheckExtensionLists(t *testing.T, doc *gltf.Document, tc glbTestCase) {
	t.Helper()
	hasFeatures := slices.ContainsFunc(tc.meshes, func(m Mesh) bool { return len(m.FeatureIDs) > 0 })
	hasLines := slices.ContainsFunc(tc.meshes, func(m Mesh) bool { return m.Mode == Lines })
	want := map[string]bool{
		ExtMeshFeatures:       hasFeatures,
		ExtStructuralMetadata: tc.schema != nil,
		ExtMeshQuantization:   tc.opts.Quantize,
		ExtMaterialsUnlit:     hasLines,
	}
	for ext, used := range want {
		if slices.Contains(doc.ExtensionsUsed, ext) != used {
			t.Errorf("extensionsUsed %v: %s used = %v", doc.ExtensionsUsed, ext, used)
		}
	}
	wantRequired := []string(nil)
	if tc.opts.Quantize {
		wantRequired = []string{ExtMeshQuantization}
	}
	if !slices.Equal(doc.ExtensionsRequired, wantRequired) {
		t.Errorf("extensionsRequired = %v, want %v", doc.ExtensionsRequired, wantRequired)
	}
}

// glbCheckAlignment: every view starts on 4 bytes, property table views on 8,
// vertex strides are multiples of 4 and accessor offsets of their
// component size.
func glbCheckAlignment(t *testing.T, doc *gltf.Document) {
	t.Helper()
	for i, v := range doc.BufferViews {
		align := 4
		if v.Target == 0 {
			align = metaViewAlign
		}
		if v.ByteOffset%align != 0 || v.ByteStride%4 != 0 {
			t.Errorf("buffer view %d: offset %d, stride %d misaligned", i, v.ByteOffset, v.ByteStride)
		}
	}
	for i, a := range doc.Accessors {
		if a.ByteOffset%a.ComponentType.ByteSize() != 0 {
			t.Errorf("accessor %d: offset %d", i, a.ByteOffset)
		}
	}
	if len(doc.Buffers) != 1 || doc.Buffers[0].ByteLength%8 != 0 {
		t.Errorf("want one buffer padded to 8 bytes, got %d", len(doc.Buffers))
	}
}

// glbCheckMeshFeatures: featureCount is the number of distinct ids of the
// primitive; propertyTable is set exactly when a table is written.
func glbCheckMeshFeatures(t *testing.T, doc *gltf.Document, tc glbTestCase) {
	t.Helper()
	for i, m := range tc.meshes {
		prim := doc.Meshes[i].Primitives[0]
		var mf extMeshFeatures
		found, err := glbExtension(prim.Extensions, ExtMeshFeatures, &mf)
		if err != nil || found != (len(m.FeatureIDs) > 0) {
			t.Fatalf("mesh %d: %s found %v, err %v", i, ExtMeshFeatures, found, err)
		}
		if !found {
			continue
		}
		distinct := map[uint32]bool{}
		for _, id := range m.FeatureIDs {
			distinct[id] = true
		}
		f := mf.FeatureIDs[0]
		if len(mf.FeatureIDs) != 1 || f.FeatureCount != len(distinct) || f.Attribute == nil || *f.Attribute != 0 {
			t.Errorf("mesh %d: feature ids %+v, want count %d attribute 0", i, mf.FeatureIDs, len(distinct))
		}
		if (f.PropertyTable != nil) != (tc.table != nil) || (f.PropertyTable != nil && *f.PropertyTable != 0) {
			t.Errorf("mesh %d: propertyTable %v with table %v", i, f.PropertyTable, tc.table != nil)
		}
	}
}

// glbCheckPropertyTableJSON: string columns carry offsets, other columns do
// not, and no metadata view has a target.
func glbCheckPropertyTableJSON(t *testing.T, doc *gltf.Document, table *PropertyTable) {
	t.Helper()
	raw, _ := json.Marshal(doc.Extensions[ExtStructuralMetadata])
	var ext extStructuralMetadata
	if err := json.Unmarshal(raw, &ext); err != nil || len(ext.PropertyTables) != 1 {
		t.Fatalf("%s: %v, %d tables", raw, err, len(ext.PropertyTables))
	}
	pt := ext.PropertyTables[0]
	if pt.Class != table.Class || pt.Count != table.Count || len(pt.Properties) != len(table.Properties) {
		t.Errorf("table JSON %+v", pt)
	}
	for name, p := range pt.Properties {
		_, isString := table.Properties[name].(Strings)
		if isString != (p.StringOffsets != nil) || (isString && p.StringOffsetType == "") {
			t.Errorf("property %s: string offsets %v type %q", name, p.StringOffsets, p.StringOffsetType)
		}
		if doc.BufferViews[p.Values].Target != 0 {
			t.Errorf("property %s: values view has a target", name)
		}
	}
}

// glbCheckNodes: one node per mesh, all with the same TRS: translation at the
// bounds centre, uniform scale (1 unless quantized).
func glbCheckNodes(t *testing.T, doc *gltf.Document, tc glbTestCase) {
	t.Helper()
	f := glbFrameFor(tc.meshes, tc.opts.Quantize)
	if len(doc.Nodes) != len(tc.meshes) {
		t.Fatalf("%d nodes for %d meshes", len(doc.Nodes), len(tc.meshes))
	}
	for i, n := range doc.Nodes {
		if n.Translation != f.center || n.Scale[0] != n.Scale[1] || n.Scale[1] != n.Scale[2] {
			t.Errorf("node %d: T %v S %v, want T %v uniform S", i, n.Translation, n.Scale, f.center)
		}
		if !tc.opts.Quantize && n.Scale[0] != 1 {
			t.Errorf("node %d: scale %v without quantization", i, n.Scale)
		}
		if tc.opts.Quantize && math.Abs(n.Scale[0]-f.scale) > 1e-12 {
			t.Errorf("node %d: scale %v, want %v", i, n.Scale[0], f.scale)
		}
	}
}

// TestGLBFrameAxes: local z (up) is glTF +y, local y (north) is glTF −z.
func TestGLBFrameAxes(t *testing.T) {
	tests := []struct {
		name        string
		local, gltf [3]float64
	}{
		{"east", [3]float64{1, 0, 0}, [3]float64{1, 0, 0}},
		{"north", [3]float64{0, 1, 0}, [3]float64{0, 0, -1}},
		{"up", [3]float64{0, 0, 1}, [3]float64{0, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := localToGLTF(tt.local); got != tt.gltf {
				t.Errorf("localToGLTF(%v) = %v, want %v", tt.local, got, tt.gltf)
			}
			if got := gltfToLocal(tt.gltf); got != tt.local {
				t.Errorf("gltfToLocal(%v) = %v, want %v", tt.gltf, got, tt.local)
			}
			// What a 3D Tiles client does before the tile transform: turn
			// glTF's Y-up by +90° about x, (x, y, z) → (x, −z, y).
			g := localToGLTF(tt.local)
			if zUp := [3]float64{g[0], -g[2], g[1]}; zUp != tt.local {
				t.Errorf("client Y-up→Z-up of %v = %v, want the local %v", g, zUp, tt.local)
			}
		})
	}
}
