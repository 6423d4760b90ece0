package tiler

import (
	"strings"
	"testing"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// TestLayerSchema checks the schema of every layer: the class, the
// required header properties, descriptions, and units in the names of
// measures.
func TestLayerSchema(t *testing.T) {
	unitless := map[string]bool{"floors": true, "year": true, "install_year": true}
	layers := map[string]string{LayerBuildings: ClassBuilding}
	for _, n := range twin.Networks {
		layers[string(n)] = ClassUtility
	}
	for layer, class := range layers {
		t.Run(layer, func(t *testing.T) {
			s := NewMesher(MesherOptions{}).Schema(layer)
			if s == nil || s.ID != SchemaID || len(s.Classes) != 1 {
				t.Fatalf("schema %+v", s)
			}
			c, ok := s.Classes[class]
			if !ok {
				t.Fatalf("no class %q", class)
			}
			for _, name := range []string{"id", "dataset", "source_id"} {
				if !c.Properties[name].Required {
					t.Errorf("%s not required", name)
				}
			}
			for name, p := range c.Properties {
				if p.Description == "" {
					t.Errorf("%s has no description", name)
				}
				measure := p.Type == tiles.TypeScalar && !unitless[name]
				if measure && !strings.HasSuffix(name, "_m") && !strings.HasSuffix(name, "_mm") {
					t.Errorf("%s: a measure without its unit in the name", name)
				}
			}
		})
	}
	for _, layer := range []string{"meshes", "", "Water"} {
		if s := LayerSchema(layer); s != nil {
			t.Errorf("LayerSchema(%q) = %+v, want nil", layer, s)
		}
	}
}
