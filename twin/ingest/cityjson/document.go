package cityjson

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin/ingest"
)

// document is a CityJSON file, the header of a CityJSONSeq stream, or one
// CityJSONFeature of such a stream. Only what the reader uses is decoded;
// attributes and boundaries stay raw until a building needs them.
type document struct {
	Type        string                 `json:"type"`
	Version     string                 `json:"version"`
	ID          string                 `json:"id"` // CityJSONFeature only
	Transform   *transform             `json:"transform"`
	Metadata    *metadata              `json:"metadata"`
	CityObjects map[string]*cityObject `json:"CityObjects"`
	Vertices    vertexList             `json:"vertices"`
}

type transform struct {
	Scale     []float64 `json:"scale"`
	Translate []float64 `json:"translate"`
}

type metadata struct {
	ReferenceSystem string `json:"referenceSystem"`
}

type cityObject struct {
	Type       string          `json:"type"`
	Attributes json.RawMessage `json:"attributes"`
	Geometry   []*geometry     `json:"geometry"`
	Children   []string        `json:"children"`
	Parents    []string        `json:"parents"`
}

type geometry struct {
	Type       string          `json:"type"`
	LoD        lod             `json:"lod"`
	Boundaries json.RawMessage `json:"boundaries"`
	Semantics  *semantics      `json:"semantics"`
}

type semantics struct {
	Surfaces []struct {
		Type string `json:"type"`
	} `json:"surfaces"`
	Values json.RawMessage `json:"values"`
}

// lod is a level of detail: a string since CityJSON 1.1, a number in 1.0.
type lod string

func (l *lod) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		*l = lod(s)
		return err
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("lod %s is neither a string nor a number", b)
	}
	*l = lod(n.String())
	return nil
}

// supportedVersion matches the CityJSON versions this package reads.
var supportedVersion = regexp.MustCompile(`^(1\.0|1\.1|2\.0)(\.\d+)?$`)

// check validates the type and version of the first document of a file.
func (d *document) check(file string) error {
	switch d.Type {
	case "CityJSON":
	case "CityJSONFeature":
		return ingest.Errorf(file, d.ID, "cityjson: a CityJSONFeature without the CityJSON header line before it")
	case "":
		return ingest.Errorf(file, "", `cityjson: not a CityJSON file (no "type": "CityJSON")`)
	default:
		return ingest.Errorf(file, "", "cityjson: not a CityJSON file (type %q, want \"CityJSON\")", d.Type)
	}
	if !supportedVersion.MatchString(d.Version) {
		return ingest.Errorf(file, "", "cityjson: unsupported version %q (want 1.0, 1.1 or 2.0)", d.Version)
	}
	return d.Transform.check(file)
}

func (t *transform) check(file string) error {
	if t == nil {
		return nil
	}
	if len(t.Scale) != 3 || len(t.Translate) != 3 {
		return ingest.Errorf(file, "", "cityjson: transform needs 3 scale and 3 translate values, has %d and %d", len(t.Scale), len(t.Translate))
	}
	for i := range 3 {
		if t.Scale[i] == 0 || !finite(t.Scale[i]) || !finite(t.Translate[i]) {
			return ingest.Errorf(file, "", "cityjson: transform scale %v / translate %v is not usable", t.Scale, t.Translate)
		}
	}
	return nil
}

func (d *document) referenceSystem() string {
	if d.Metadata == nil {
		return ""
	}
	return d.Metadata.ReferenceSystem
}

// maxCoordinate bounds the absolute value of a source coordinate after
// "transform": no CRS in use (projected metres, degrees, ECEF) comes near.
const maxCoordinate = 1e9

// vertices holds the positions of one document in WGS84, and why a vertex
// has none (not finite, absurd, or rejected by the CRS transform). A bad
// vertex is only an error when a building uses it, so that the error can
// name the object.
type vertices struct {
	pts []geo.Point3
	bad map[int]string
}

// decodeVertices applies the transform to the vertices flagged in used
// (those the buildings refer to), then converts them to WGS84 in one call
// of the transformer. The others, such as those of roads and terrain, are
// left unconverted and never read.
func decodeVertices(raw *vertexList, used []bool, t *transform, tr *geo.Transformer) vertices {
	v := vertices{pts: make([]geo.Point3, raw.Len()), bad: map[int]string{}}
	var idx []int
	var pts []geo.Point3
	for i := range v.pts {
		if !used[i] {
			continue
		}
		if why, isBad := raw.bad[i]; isBad {
			v.bad[i] = why
			continue
		}
		p := geo.Point3(raw.coords[3*i : 3*i+3])
		if t != nil {
			for k := range 3 {
				p[k] = p[k]*t.Scale[k] + t.Translate[k]
			}
		}
		if !p.Finite() || math.Abs(p[0]) > maxCoordinate || math.Abs(p[1]) > maxCoordinate || math.Abs(p[2]) > maxCoordinate {
			v.bad[i] = fmt.Sprintf("coordinates %v (after transform) are not finite or absurdly large", p)
			continue
		}
		idx, pts = append(idx, i), append(pts, p)
	}
	v.toWGS84(tr, idx, pts)
	return v
}

// toWGS84 converts pts in one call and stores them at idx. If PROJ rejects
// some, they are found one by one.
func (v *vertices) toWGS84(tr *geo.Transformer, idx []int, pts []geo.Point3) {
	src := slices.Clone(pts)
	if err := tr.ToWGS84(pts); err == nil {
		for k, i := range idx {
			v.pts[i] = pts[k]
		}
		return
	}
	for k, i := range idx {
		one := []geo.Point3{src[k]}
		if err := tr.ToWGS84(one); err != nil {
			v.bad[i] = err.Error()
			continue
		}
		v.pts[i] = one[0]
	}
}

// at returns vertex i, or an error saying why it has no position.
func (v *vertices) at(i int) (geo.Point3, error) {
	if i < 0 || i >= len(v.pts) {
		return geo.Point3{}, fmt.Errorf("vertex index %d out of range (%d vertices)", i, len(v.pts))
	}
	if why, isBad := v.bad[i]; isBad {
		return geo.Point3{}, fmt.Errorf("vertex %d: %s", i, why)
	}
	return v.pts[i], nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
