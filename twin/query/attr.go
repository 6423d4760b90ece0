package query

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/citytwin/citytwin/twin"
)

// Condition compares one attribute of a feature with a value. Attr names a
// typed field (id, dataset, source_id, kind, layer; for buildings base_m,
// roof_m, eave_m, height_m, roof_shape, lod, parent; for utilities
// network, status, material, install_year, diameter_mm, width_mm,
// height_mm, depth_m, ground_m, vertical, start_node, end_node, node_kind,
// building) or else a source attribute. A feature without the attribute
// (or with an unknown value: install_year 0, material "") never matches,
// not even "!=".
type Condition struct {
	Attr string `json:"attr"`
	// Op is one of =, !=, <, <=, >, >= and ~ (contains, case-insensitive).
	Op string `json:"op"`
	// Value is a string, a number or a boolean. A number compares
	// numerically (numeric strings in the feature too); a string compares
	// case-insensitively for = and != and by byte order for < and >.
	Value any `json:"value"`
}

// condition is a checked Condition.
type condition struct {
	attr, op string
	num      float64
	str      string
	kind     byte // 'n' number, 's' string, 'b' bool
	b        bool
}

var ops = []string{"=", "!=", "<", "<=", ">", ">=", "~"}

func compileConditions(cs []Condition) ([]condition, error) {
	out := make([]condition, 0, len(cs))
	for i, c := range cs {
		field := fmt.Sprintf("where[%d]", i)
		cc := condition{attr: strings.TrimSpace(c.Attr), op: c.Op}
		if cc.attr == "" {
			return nil, badRequest(field, "missing \"attr\"")
		}
		if !slices.Contains(ops, c.Op) {
			return nil, badRequest(field, "unknown op %q (want one of %s)", c.Op, strings.Join(ops, " "))
		}
		switch v := c.Value.(type) {
		case float64:
			cc.kind, cc.num = 'n', v
		case json.Number:
			f, err := v.Float64()
			if err != nil {
				return nil, badRequest(field, "value %s is not a number", v)
			}
			cc.kind, cc.num = 'n', f
		case int:
			cc.kind, cc.num = 'n', float64(v)
		case string:
			cc.kind, cc.str = 's', v
		case bool:
			cc.kind, cc.b = 'b', v
		default:
			return nil, badRequest(field, "value must be a string, a number or a boolean, got %v", c.Value)
		}
		if cc.op == "~" && cc.kind != 's' {
			return nil, badRequest(field, "op ~ (contains) needs a string value")
		}
		if cc.kind == 'b' && cc.op != "=" && cc.op != "!=" {
			return nil, badRequest(field, "a boolean compares only with = or !=")
		}
		out = append(out, cc)
	}
	return out, nil
}

// match reports whether f's attribute satisfies the condition.
func (c condition) match(f twin.Feature) bool {
	v, ok := fieldValue(f, c.attr)
	if !ok || v == nil {
		return false
	}
	switch c.kind {
	case 'n':
		x, ok := asNumber(v)
		return ok && compare(cmp.Compare(x, c.num), c.op)
	case 'b':
		x, ok := v.(bool)
		return ok && (x == c.b) == (c.op == "=")
	}
	s, ok := asString(v)
	if !ok {
		return false
	}
	switch c.op {
	case "~":
		return strings.Contains(strings.ToLower(s), strings.ToLower(c.str))
	case "=":
		return strings.EqualFold(s, c.str)
	case "!=":
		return !strings.EqualFold(s, c.str)
	}
	return compare(strings.Compare(s, c.str), c.op)
}

// compare applies op to the result of a three-way comparison.
func compare(r int, op string) bool {
	switch op {
	case "=":
		return r == 0
	case "!=":
		return r != 0
	case "<":
		return r < 0
	case "<=":
		return r <= 0
	case ">":
		return r > 0
	case ">=":
		return r >= 0
	}
	return false
}

func asNumber(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

func asString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case bool:
		return strconv.FormatBool(v), true
	case json.Number:
		return v.String(), true
	}
	return "", false
}
