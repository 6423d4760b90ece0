package ingest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Props gives case-insensitive access to a feature's source properties.
type Props map[string]any

// Lookup finds the first of the "|"-separated property names present
// (case-insensitive) with a non-empty value.
func (p Props) Lookup(names string) (key string, v any, ok bool) {
	if names == "" {
		return "", nil, false
	}
	for _, name := range strings.Split(names, "|") {
		if v, ok := p[name]; ok && !empty(v) {
			return name, v, true
		}
		for k, v := range p {
			if strings.EqualFold(k, name) && !empty(v) {
				return k, v, true
			}
		}
	}
	return "", nil, false
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}

// String returns the named property as text.
func (p Props) String(names string) (string, bool) {
	_, v, ok := p.Lookup(names)
	if !ok {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return fmt.Sprint(v), true
}

// Number returns the named property as a number; a present value that is
// not a number is an error.
func (p Props) Number(names string) (float64, bool, error) {
	key, v, ok := p.Lookup(names)
	if !ok {
		return 0, false, nil
	}
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case json.Number:
		var err error
		f, err = x.Float64()
		if err != nil {
			return 0, false, fmt.Errorf("property %s: %q is not a number", key, x)
		}
	case string:
		var err error
		f, err = parseNumber(x)
		if err != nil {
			return 0, false, fmt.Errorf("property %s: %q is not a number", key, x)
		}
	default:
		return 0, false, fmt.Errorf("property %s: %v is not a number", key, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, fmt.Errorf("property %s: %v is not a finite number", key, f)
	}
	return f, true, nil
}

// parseNumber reads "12", "12.5", "12,5", "12 m", "12m".
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	s = strings.TrimSpace(strings.TrimSuffix(s, "m"))
	return strconv.ParseFloat(s, 64)
}

// Metres returns the quantity converted to metres.
func (p Props) Metres(q Quantity) (float64, bool, error) {
	v, ok, err := p.Number(q.Property)
	if !ok || err != nil {
		return 0, ok, err
	}
	f, err := unitFactorM(q.Unit)
	if f == 1 || err != nil {
		return v * f, true, err
	}
	// Round off the binary noise of the conversion (35 cm is 0.35 m, not
	// 0.35000000000000003 m).
	return roundTo(v*f, 1e9), true, nil
}

// metresToMM converts metres to millimetres, rounded to 1e-6 mm so that
// 9 mm read as 0.009 m is 9 mm again, not 9.000000000000002.
func metresToMM(m float64) float64 { return roundTo(m*1000, 1e6) }

// roundTo rounds x to a multiple of 1/scale; values too large for that to
// change anything (and infinities, NaN) are returned as they are.
func roundTo(x, scale float64) float64 {
	if math.Abs(x)*scale >= 1<<52 || math.IsNaN(x) {
		return x
	}
	return math.Round(x*scale) / scale
}

func unitFactorM(unit string) (float64, error) {
	switch strings.ToLower(unit) {
	case "m", "", "metre", "meter", "metres", "meters":
		return 1, nil
	case "mm", "millimetre", "millimeter":
		return 0.001, nil
	case "cm":
		return 0.01, nil
	case "in", "inch", "inches":
		return 0.0254, nil
	case "ft", "foot", "feet":
		return 0.3048, nil
	case "us-ft", "us_ft", "ftus", "us survey foot":
		return 1200.0 / 3937.0, nil
	}
	return 0, fmt.Errorf("unknown unit %q (want mm, cm, m, in, ft or us-ft)", unit)
}
