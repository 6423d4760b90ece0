package tiles

import (
	"fmt"
	"strconv"
	"strings"
)

// Template URIs locate implicit tiles and subtrees by tile coordinates:
// "content/{level}/{x}/{y}.glb" becomes "content/3/5/2.glb".

// ExpandTemplate substitutes c into the template URI tmpl: {level}, {x},
// {y} and {z}. Other text, including unknown {names}, is copied as is.
func ExpandTemplate(tmpl string, c Coord) string {
	var sb strings.Builder
	var num [20]byte
	sb.Grow(len(tmpl) + 32)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			sb.WriteString(tmpl)
			return sb.String()
		}
		sb.WriteString(tmpl[:i])
		tmpl = tmpl[i:]
		name, n := templateVar(tmpl)
		if v, ok := coordValue(c, name); ok {
			sb.Write(strconv.AppendUint(num[:0], v, 10))
			tmpl = tmpl[n:]
		} else {
			sb.WriteByte('{')
			tmpl = tmpl[1:]
		}
	}
}

// templateVar returns the name of the variable that s starts with ("{x}"
// gives "x") and the length of the variable, or "" and 0.
func templateVar(s string) (string, int) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return "", 0
	}
	return s[1:end], end + 1
}

func coordValue(c Coord, name string) (uint64, bool) {
	switch name {
	case "level":
		return uint64(c.Level), true
	case "x":
		return c.X, true
	case "y":
		return c.Y, true
	case "z":
		return c.Z, true
	}
	return 0, false
}

// CheckTemplate reports whether tmpl names every variable scheme s needs:
// {level}, {x}, {y}, and {z} for an octree.
func CheckTemplate(tmpl string, s SubdivisionScheme) error {
	need := []string{"level", "x", "y"}
	switch s {
	case Octree:
		need = append(need, "z")
	case Quadtree:
	default:
		return fmt.Errorf("tiles: template %q: unknown subdivision scheme %q", tmpl, s)
	}
	for _, v := range need {
		if !strings.Contains(tmpl, "{"+v+"}") {
			return fmt.Errorf("tiles: template %q lacks {%s}", tmpl, v)
		}
	}
	return nil
}

// MatchTemplate is the inverse of ExpandTemplate: it reports whether uri
// is tmpl with decimal numbers in place of the variables, and the tile
// coordinate they give. A variable used twice must have one value.
func MatchTemplate(tmpl, uri string) (Coord, bool) {
	var c Coord
	seen := map[string]uint64{}
	for tmpl != "" {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			i = len(tmpl)
		}
		if !strings.HasPrefix(uri, tmpl[:i]) {
			return c, false
		}
		uri, tmpl = uri[i:], tmpl[i:]
		if tmpl == "" {
			break
		}
		name, n := templateVar(tmpl)
		if _, known := coordValue(c, name); !known {
			if uri == "" || uri[0] != '{' {
				return c, false
			}
			uri, tmpl = uri[1:], tmpl[1:]
			continue
		}
		v, d, ok := leadingUint(uri)
		if !ok {
			return c, false
		}
		if old, dup := seen[name]; dup && old != v {
			return c, false
		}
		seen[name] = v
		uri, tmpl = uri[d:], tmpl[n:]
	}
	if seen["level"] > 64 {
		return c, false
	}
	c = Coord{Level: int(seen["level"]), X: seen["x"], Y: seen["y"], Z: seen["z"]}
	return c, uri == ""
}

// leadingUint parses the decimal number that s starts with, without
// leading zeros, and returns it and its length.
func leadingUint(s string) (uint64, int, bool) {
	d := 0
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	v, err := strconv.ParseUint(s[:d], 10, 64)
	if err != nil || d > 1 && s[0] == '0' {
		return 0, 0, false
	}
	return v, d, true
}
