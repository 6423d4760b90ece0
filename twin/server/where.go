package server

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// condition is one attribute condition of a feature search, written
// name OP value with OP one of = != < <= > >= ~ ("year>=1990",
// "material=PVC", "street~mostov"). It tests a feature's GeoJSON
// properties (typed fields and source attributes alike):
//
//   - a feature without the property, or with it null, matches no
//     condition;
//   - ~ matches when the property's text contains value, ignoring case;
//   - a number, or a string holding one, compares as a number when value
//     is one; a bool with
//     "true"/"false"; a string as a string (= and != exactly, < <= > >=
//     in byte order); a list or map by its JSON text;
//   - != is always the negation of = for a present property, so a value
//     of another type (year!=abc) matches and year=abc does not.
type condition struct {
	name, op, value string
	num             float64
	isNum           bool
}

// maxConditions bounds the where parameters of one search.
const maxConditions = 20

// parseCondition parses "name OP value". The name is everything before the
// first operator character (= ! < > ~); it must not be empty.
func parseCondition(s string) (condition, error) {
	i := strings.IndexAny(s, "=!<>~")
	if i < 0 {
		return condition{}, fmt.Errorf("where %q: no operator (want name OP value, OP one of = != < <= > >= ~)", s)
	}
	c := condition{name: strings.TrimSpace(s[:i])}
	rest := s[i:]
	switch {
	case strings.HasPrefix(rest, ">="), strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "!="):
		c.op = rest[:2]
	case rest[0] == '!':
		return condition{}, fmt.Errorf("where %q: ! must be followed by =", s)
	default:
		c.op = rest[:1]
	}
	if c.name == "" {
		return condition{}, fmt.Errorf("where %q: no property name before %s", s, c.op)
	}
	c.value = rest[len(c.op):]
	if f, err := strconv.ParseFloat(strings.TrimSpace(c.value), 64); err == nil && !math.IsNaN(f) {
		c.num, c.isNum = f, true
	}
	return c, nil
}

// match tests the condition on a feature's properties.
func (c condition) match(props map[string]any) bool {
	v, ok := props[c.name]
	if !ok || v == nil {
		return false
	}
	if c.op == "~" {
		return strings.Contains(strings.ToLower(valueText(v)), strings.ToLower(c.value))
	}
	cmp, comparable := c.compare(v)
	if !comparable {
		return c.op == "!="
	}
	switch c.op {
	case "=":
		return cmp == 0
	case "!=":
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	}
	return false
}

// compare orders the property v against the condition's value; false when
// they cannot be compared (or only for equality, with an ordering op).
func (c condition) compare(v any) (int, bool) {
	ordering := c.op != "=" && c.op != "!="
	switch x := v.(type) {
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil && c.isNum {
			return cmp.Compare(f, c.num), true
		}
		return strings.Compare(x, c.value), true
	case bool:
		b, err := strconv.ParseBool(c.value)
		if err != nil || ordering {
			return 0, false
		}
		if x == b {
			return 0, true
		}
		return 1, true
	case float64, float32, int, int64, int32, uint64:
		if !c.isNum {
			return 0, false
		}
		return cmp.Compare(toFloat(x), c.num), true
	}
	if ordering {
		return 0, false
	}
	return strings.Compare(valueText(v), c.value), true
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return 0
}

// valueText is a property value as text: strings as they are, numbers in
// their shortest form, anything else as JSON.
func valueText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64, float32, int, int64, int32, uint64:
		return strconv.FormatFloat(toFloat(x), 'f', -1, 64)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
