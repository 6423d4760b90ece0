package tiles

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/qmuntal/gltf"
)

// glbExtension decodes extension name of exts into v: the decoder keeps
// unknown extensions as json.RawMessage, a built document holds structs.
// Numbers decode as json.Number, as ParseTileset does. found is false when
// the extension is absent.
func glbExtension(exts gltf.Extensions, name string, v any) (found bool, err error) {
	raw, ok := exts[name]
	if !ok {
		return false, nil
	}
	data, ok := raw.(json.RawMessage)
	if !ok {
		if data, err = json.Marshal(raw); err != nil {
			return true, fmt.Errorf("%s: %w", name, err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return true, fmt.Errorf("%s: %w", name, err)
	}
	return true, nil
}

// glbReadFeatureIDs reads the first EXT_mesh_features feature id set of a
// primitive; only attribute sets are supported.
func glbReadFeatureIDs(doc *gltf.Document, p *gltf.Primitive, vertices int) ([]uint32, error) {
	var mf extMeshFeatures
	found, err := glbExtension(p.Extensions, ExtMeshFeatures, &mf)
	if err != nil || !found || len(mf.FeatureIDs) == 0 {
		return nil, err
	}
	set := mf.FeatureIDs[0]
	if set.Attribute == nil || *set.Attribute < 0 {
		return nil, fmt.Errorf("%s: only attribute feature ids are supported", ExtMeshFeatures)
	}
	attr := fmt.Sprintf("_FEATURE_ID_%d", *set.Attribute)
	acc, ok := p.Attributes[attr]
	if !ok {
		return nil, fmt.Errorf("%s: attribute %s missing", ExtMeshFeatures, attr)
	}
	ids, err := glbUints(doc, acc, maxFloatFeatureID+1)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", attr, err)
	}
	if len(ids) != vertices {
		return nil, fmt.Errorf("%s: %d ids for %d vertices", attr, len(ids), vertices)
	}
	return ids, nil
}

// readMetadata decodes the root EXT_structural_metadata, if any.
func (d *DecodedGLB) readMetadata() error {
	var ext extStructuralMetadata
	found, err := glbExtension(d.Doc.Extensions, ExtStructuralMetadata, &ext)
	if err != nil {
		return fmt.Errorf("tiles: glb: %w", err)
	}
	if !found {
		return nil
	}
	if ext.Schema == nil && len(ext.PropertyTables) > 0 {
		return fmt.Errorf("tiles: glb: %s: property tables without an embedded schema", ExtStructuralMetadata)
	}
	d.Schema = ext.Schema
	for i, t := range ext.PropertyTables {
		table, err := metaDecodeTable(d.Doc, t, d.Schema)
		if err != nil {
			return fmt.Errorf("tiles: glb: %s: property table %d %q: %w", ExtStructuralMetadata, i, t.Name, err)
		}
		d.Tables = append(d.Tables, table)
	}
	return nil
}
