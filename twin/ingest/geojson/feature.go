package geojson

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/internal/vector"
)

// rawFeature is a Feature as decoded; its geometry is parsed afterwards.
type rawFeature struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// crsMember is the legacy (2008) GeoJSON crs member.
type crsMember struct {
	Type       string `json:"type"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// feature converts one decoded feature.
func (r *reader) feature(f rawFeature) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	r.index++
	fallback := "#" + strconv.Itoa(r.index)
	if f.Type != "Feature" {
		return r.errorf(fallback, "type is %q, want Feature", f.Type)
	}
	own, err := featureID(f.ID)
	if err != nil {
		return r.errorf(fallback, "%v", err)
	}
	props := ingest.Props(f.Properties)
	id := vector.SourceID(r.out.Mapping, props, own, fallback)
	g, err := parseGeometry(f.Geometry)
	if err != nil {
		return r.errorf(id, "%v", err)
	}
	if g.Empty() {
		r.out.Warnf(id, "geojson: feature has no geometry: skipped")
		return nil
	}
	if err := r.resolveCRS(); err != nil {
		return err
	}
	return r.out.Write(id, props, g)
}

// featureID reads a Feature's id: a string or a number (RFC 7946 §3.2).
func featureID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", errorf("id %s is neither a string nor a number", raw)
	}
	return n.String(), nil
}

// declare records the CRS a crs member names.
func (r *reader) declare(c crsMember) error {
	if c.Type != "name" || c.Properties.Name == "" {
		return r.errorf("", `crs member: only {"type": "name", "properties": {"name": ...}} is supported, got type %q`, c.Type)
	}
	if r.t != nil && r.opts.CRS == "" && c.Properties.Name != r.declared {
		return r.errorf("", "crs member %q comes after features read in %s: put it before the features or give --crs",
			c.Properties.Name, r.crs)
	}
	r.declared = c.Properties.Name
	return nil
}

// resolveCRS picks the CRS at the first feature.
func (r *reader) resolveCRS() error {
	if r.t != nil {
		return nil
	}
	declared := r.declared
	if declared == "" {
		declared = defaultCRS
	}
	crs, t, err := ingest.ResolveCRS(r.file, declared, r.opts)
	if err != nil {
		return err
	}
	r.crs, r.t, r.out.T = crs, t, t
	if r.declared == "" {
		r.declared = declared
	}
	return nil
}

// finish returns the CRS used, resolving it for a file without features.
func (r *reader) finish() (string, error) {
	if err := r.resolveCRS(); err != nil {
		return "", err
	}
	return r.crs, nil
}

func (r *reader) close() {
	if r.t != nil {
		r.t.Close()
	}
}
