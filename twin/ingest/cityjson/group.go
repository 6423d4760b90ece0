package cityjson

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/ingest"
)

// reader holds what one Read needs across the documents of a file.
type reader struct {
	file      string
	opts      ingest.Options
	w         twin.FeatureWriter
	tr        *geo.Transformer
	transform *transform
}

// group is one output building: a root object and the BuildingParts folded
// into it.
type group struct {
	root  string
	parts []string
}

// chunk turns the buildings of one document (a whole file, or one feature
// of a CityJSONSeq stream) into features.
func (r *reader) chunk(ctx context.Context, d *document) error {
	for id, o := range d.CityObjects {
		if o == nil {
			return ingest.Errorf(r.file, id, "cityjson: city object is null")
		}
	}
	plans, err := r.plans(ctx, d)
	if err != nil || len(plans) == 0 {
		return err
	}
	used := make([]bool, d.Vertices.Len())
	for i := range plans {
		plans[i].markUsed(used)
	}
	verts := decodeVertices(&d.Vertices, used, r.transform, r.tr)
	for i := range plans {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := r.building(d.CityObjects, &plans[i], &verts)
		if err != nil {
			return err
		}
		if err := r.put(b); err != nil {
			return err
		}
	}
	return nil
}

// plans groups the buildings of a document and chooses their geometries.
func (r *reader) plans(ctx context.Context, d *document) ([]plan, error) {
	groups := groupBuildings(d.CityObjects)
	plans := make([]plan, 0, len(groups))
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := r.plan(d.CityObjects, g)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// put validates a building and hands it to the writer; errors name the
// file and the building.
func (r *reader) put(b *twin.Building) error {
	if err := twin.Validate(b); err != nil {
		return &ingest.FeatureError{File: r.file, Feature: b.SourceID, Err: err}
	}
	if err := r.w.Put(b); err != nil {
		var fe *ingest.FeatureError
		if errors.As(err, &fe) {
			return err
		}
		return &ingest.FeatureError{File: r.file, Feature: b.SourceID, Err: err}
	}
	return nil
}

func isBuilding(o *cityObject) bool { return o != nil && o.Type == "Building" }
func isPart(o *cityObject) bool     { return o != nil && o.Type == "BuildingPart" }

// groupBuildings makes one group per Building, folding in every
// BuildingPart reachable from it (through "children" of the parent or
// "parents" of the part; the first Building in id order claims a part). A
// BuildingPart no Building claims is the root of a group of its own.
func groupBuildings(objs map[string]*cityObject) []group {
	var ids []string
	for id, o := range objs {
		if isBuilding(o) || isPart(o) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	kids := map[string][]string{}
	hasParent := map[string]bool{}
	link := func(parent, child string) {
		if parent != child && (isBuilding(objs[parent]) || isPart(objs[parent])) && isPart(objs[child]) {
			kids[parent] = append(kids[parent], child)
			hasParent[child] = true
		}
	}
	for _, id := range ids {
		for _, c := range objs[id].Children {
			link(id, c)
		}
		for _, p := range objs[id].Parents {
			link(p, id)
		}
	}
	claimed := map[string]bool{}
	var groups []group
	for pass := range 3 {
		for _, id := range ids {
			o := objs[id]
			root := (pass == 0 && isBuilding(o)) || (pass == 1 && !hasParent[id]) || pass == 2
			if root && !claimed[id] {
				groups = append(groups, group{root: id, parts: claim(id, kids, claimed)})
			}
		}
	}
	return groups
}

// claim marks root and its unclaimed descendants as claimed and returns
// the descendants, depth first.
func claim(root string, kids map[string][]string, claimed map[string]bool) []string {
	claimed[root] = true
	var parts []string
	stack := slices.Clone(kids[root])
	slices.Reverse(stack)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if claimed[id] {
			continue
		}
		claimed[id] = true
		parts = append(parts, id)
		for i := len(kids[id]) - 1; i >= 0; i-- {
			stack = append(stack, kids[id][i])
		}
	}
	return parts
}

// header builds the feature header: the root's attributes, its CityJSON
// type as "cityjson_type", and the folded parts as "parts" ([{id,
// attributes}]).
func (r *reader) header(objs map[string]*cityObject, g group) (twin.Header, error) {
	root := objs[g.root]
	attrs, err := r.attributes(g.root, root)
	if err != nil {
		return twin.Header{}, err
	}
	attrs["cityjson_type"] = root.Type
	if len(g.parts) > 0 {
		parts := make([]any, len(g.parts))
		for i, id := range g.parts {
			pa, err := r.attributes(id, objs[id])
			if err != nil {
				return twin.Header{}, err
			}
			parts[i] = map[string]any{"id": id, "attributes": map[string]any(pa)}
		}
		attrs["parts"] = parts
	}
	return twin.Header{
		ID: twin.FeatureID(r.opts.Dataset, g.root), Dataset: r.opts.Dataset,
		SourceID: g.root, Attributes: attrs,
	}, nil
}

// attributes decodes the "attributes" member of a city object.
func (r *reader) attributes(id string, o *cityObject) (twin.Attributes, error) {
	attrs := twin.Attributes{}
	if len(o.Attributes) == 0 || string(o.Attributes) == "null" {
		return attrs, nil
	}
	if err := json.Unmarshal(o.Attributes, &attrs); err != nil {
		return nil, ingest.Errorf(r.file, id, "cityjson: attributes are not a JSON object: %v", err)
	}
	if attrs == nil {
		attrs = twin.Attributes{}
	}
	return attrs, nil
}

// lodError explains why no geometry of a building matches the wanted LoD.
func lodError(file, id, want string, avail []lodLevel) error {
	if len(avail) == 0 {
		return ingest.Errorf(file, id, "cityjson: building has no geometry")
	}
	names := make([]string, len(avail))
	for i, l := range avail {
		names[i] = l.s
	}
	return ingest.Errorf(file, id, "cityjson: no geometry at LoD %s or below (has LoD %v)", want, names)
}

// describe names a geometry in errors.
func describe(i int, g *geometry) string {
	return fmt.Sprintf("geometry %d (%s, LoD %s)", i, g.Type, g.LoD)
}
