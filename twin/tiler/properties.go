package tiler

import (
	"math"
	"strconv"
	"strings"

	"github.com/citytwin/citytwin/tiles"
	"github.com/citytwin/citytwin/twin"
)

// Property tables: one row per feature drawn, in the order the features
// got their feature ids. The columns are those of the layer's class
// (schema.go), all present in every table.

// Source attribute names (case-insensitive, separated by "|") the common
// building properties are read from; the first one present wins.
const (
	useKeys     = "use|function|building|usage|building:use"
	floorsKeys  = "floors|storeys|storeysAboveGround|building:levels|levels"
	yearKeys    = "year|yearOfConstruction|construction_year|start_date|oorspronkelijk_bouwjaar|bouwjaar"
	addressKeys = "address|addr:full"
)

// headerColumns are the columns every class starts with.
type headerColumns struct {
	id, dataset, sourceID tiles.Strings
}

func (c *headerColumns) add(h *twin.Header) {
	c.id = append(c.id, h.ID)
	c.dataset = append(c.dataset, h.Dataset)
	c.sourceID = append(c.sourceID, h.SourceID)
}

func (c *headerColumns) props() map[string]tiles.PropertyValues {
	return map[string]tiles.PropertyValues{"id": c.id, "dataset": c.dataset, "source_id": c.sourceID}
}

// buildingColumns are the columns of class "building".
type buildingColumns struct {
	headerColumns
	heightM, baseM, roofM, eaveM tiles.Float32s
	roofShape, lod, parent       tiles.Strings
	use, address                 tiles.Strings
	floors, year                 tiles.Int16s
}

func (c *buildingColumns) add(b *twin.Building) {
	c.headerColumns.add(&b.Header)
	c.heightM = append(c.heightM, f32(b.HeightM()))
	c.baseM = append(c.baseM, f32(b.BaseM))
	c.roofM = append(c.roofM, f32(b.RoofM))
	eave := float32(NoDataFloat)
	if b.EaveM != 0 {
		eave = f32(b.EaveM)
	}
	c.eaveM = append(c.eaveM, eave)
	c.roofShape = append(c.roofShape, string(b.RoofShape))
	c.lod = append(c.lod, b.LoD)
	c.parent = append(c.parent, b.Parent)
	c.use = append(c.use, attrString(b.Attributes, useKeys))
	c.address = append(c.address, attrString(b.Attributes, addressKeys))
	c.floors = append(c.floors, attrInt16(b.Attributes, floorsKeys))
	c.year = append(c.year, attrInt16(b.Attributes, yearKeys))
}

func (c *buildingColumns) table() *tiles.PropertyTable {
	p := c.props()
	p["height_m"], p["base_m"], p["roof_m"], p["eave_m"] = c.heightM, c.baseM, c.roofM, c.eaveM
	p["roof_shape"], p["lod"], p["parent"] = c.roofShape, c.lod, c.parent
	p["use"], p["address"], p["floors"], p["year"] = c.use, c.address, c.floors, c.year
	return &tiles.PropertyTable{Name: LayerBuildings, Class: ClassBuilding, Count: len(c.id), Properties: p}
}

// utilityColumns are the columns of class "utility".
type utilityColumns struct {
	headerColumns
	kind, network, nodeKind, vertical, material, status tiles.Strings
	startNode, endNode, building                        tiles.Strings
	diameterMM, widthMM, heightMM                       tiles.Float32s
	depthM, groundM, lengthM                            tiles.Float32s
	installYear                                         tiles.Int16s
}

// addSegment adds a segment row; lengthM is its centreline's 3D length.
func (c *utilityColumns) addSegment(s *twin.UtilitySegment, lengthM float64) {
	c.add(&s.Header, twin.KindSegment, s.Network, "", s.Vertical, s.Status)
	c.material = append(c.material, s.Material)
	c.startNode = append(c.startNode, s.StartNode)
	c.endNode = append(c.endNode, s.EndNode)
	c.building = append(c.building, "")
	c.diameterMM = append(c.diameterMM, f32Known(s.DiameterMM))
	c.widthMM = append(c.widthMM, f32Known(s.WidthMM))
	c.heightMM = append(c.heightMM, f32Known(s.HeightMM))
	c.depthM = append(c.depthM, f32(s.DepthM))
	c.groundM = append(c.groundM, f32(s.GroundM))
	c.lengthM = append(c.lengthM, f32(lengthM))
	c.installYear = append(c.installYear, int16Year(s.InstallYear))
}

// addNode adds a node row.
func (c *utilityColumns) addNode(n *twin.UtilityNode) {
	c.add(&n.Header, twin.KindNode, n.Network, string(n.NodeKind), n.Vertical, n.Status)
	c.material = append(c.material, "")
	c.startNode = append(c.startNode, "")
	c.endNode = append(c.endNode, "")
	c.building = append(c.building, n.Building)
	for _, col := range []*tiles.Float32s{&c.diameterMM, &c.widthMM, &c.heightMM, &c.lengthM} {
		*col = append(*col, NoDataFloat)
	}
	c.depthM = append(c.depthM, f32(n.DepthM))
	c.groundM = append(c.groundM, f32(n.GroundM))
	c.installYear = append(c.installYear, NoDataInt)
}

func (c *utilityColumns) add(h *twin.Header, kind twin.Kind, n twin.Network, nodeKind string, v twin.VerticalRef, s twin.Status) {
	c.headerColumns.add(h)
	c.kind = append(c.kind, string(kind))
	c.network = append(c.network, string(n))
	c.nodeKind = append(c.nodeKind, nodeKind)
	c.vertical = append(c.vertical, string(v))
	c.status = append(c.status, string(s))
}

func (c *utilityColumns) table(layer string) *tiles.PropertyTable {
	p := c.props()
	p["kind"], p["network"], p["node_kind"], p["vertical"] = c.kind, c.network, c.nodeKind, c.vertical
	p["material"], p["status"], p["start_node"], p["end_node"] = c.material, c.status, c.startNode, c.endNode
	p["building"], p["diameter_mm"], p["width_mm"], p["height_mm"] = c.building, c.diameterMM, c.widthMM, c.heightMM
	p["depth_m"], p["ground_m"], p["length_m"] = c.depthM, c.groundM, c.lengthM
	p["install_year"] = c.installYear
	return &tiles.PropertyTable{Name: layer, Class: ClassUtility, Count: len(c.id), Properties: p}
}

// f32 converts a value to FLOAT32, noData for a non-finite one.
func f32(v float64) float32 {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > math.MaxFloat32 {
		return NoDataFloat
	}
	return float32(v)
}

// f32Known is f32 with 0 meaning unknown (sizes).
func f32Known(v float64) float32 {
	if v == 0 {
		return NoDataFloat
	}
	return f32(v)
}

// int16Year converts a year (0 unknown) to INT16, noData when out of range.
func int16Year(y int) int16 {
	if y <= 0 || y > math.MaxInt16 {
		return NoDataInt
	}
	return int16(y)
}

// attrLookup returns the first attribute among keys ("a|b|c"), matched
// exactly, else case-insensitively.
func attrLookup(a twin.Attributes, keys string) (any, bool) {
	if len(a) == 0 {
		return nil, false
	}
	for k := range strings.SplitSeq(keys, "|") {
		if v, ok := a[k]; ok && v != nil {
			return v, true
		}
		for name, v := range a {
			if v != nil && strings.EqualFold(name, k) {
				return v, true
			}
		}
	}
	return nil, false
}

// attrString returns an attribute as a string ("" if absent or not a
// scalar).
func attrString(a twin.Attributes, keys string) string {
	v, ok := attrLookup(a, keys)
	if !ok {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// attrInt16 returns an attribute as a whole number in INT16 (a number, or
// a string starting with one, as in "1962" or "1962-05-01"), NoDataInt when
// absent, negative or out of range.
func attrInt16(a twin.Attributes, keys string) int16 {
	v, ok := attrLookup(a, keys)
	if !ok {
		return NoDataInt
	}
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	case string:
		n, err := strconv.ParseFloat(leadingNumber(strings.TrimSpace(x)), 64)
		if err != nil {
			return NoDataInt
		}
		f = n
	default:
		return NoDataInt
	}
	if !(f >= 0 && f <= math.MaxInt16) {
		return NoDataInt
	}
	return int16(math.Round(f))
}

// leadingNumber returns the digits (and a decimal point) s starts with.
func leadingNumber(s string) string {
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	return s[:end]
}
