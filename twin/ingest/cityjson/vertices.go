package cityjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// vertexList is the "vertices" array of a document: x, y, z per vertex.
// It is decoded by hand, as arrays of three numbers, because through
// reflection it costs as much as the rest of the file; anything else falls
// back to encoding/json.
type vertexList struct {
	coords []float64      // 3 per vertex
	bad    map[int]string // vertices that are not three numbers, and why
}

// Len is the number of vertices.
func (l *vertexList) Len() int { return len(l.coords) / 3 }

func (l *vertexList) UnmarshalJSON(b []byte) error {
	l.coords, l.bad = l.coords[:0], nil
	if ok := l.parse(b); ok {
		return nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(b, &elems); err != nil {
		return err
	}
	l.coords = make([]float64, 0, 3*len(elems))
	l.bad = map[int]string{}
	for i, e := range elems {
		var c []float64
		err := json.Unmarshal(e, &c)
		switch {
		case err != nil:
			l.bad[i] = fmt.Sprintf("is not an array of numbers: %v", err)
		case len(c) != 3:
			l.bad[i] = fmt.Sprintf("has %d coordinates, want 3", len(c))
		}
		if len(c) != 3 || err != nil {
			c = []float64{0, 0, 0}
		}
		l.coords = append(l.coords, c...)
	}
	return nil
}

// parse reads b, valid JSON, when it is null or an array of arrays of
// three numbers; it reports false for anything else.
func (l *vertexList) parse(b []byte) bool {
	i := skipSpace(b, 0)
	if string(b[i:min(i+4, len(b))]) == "null" {
		return true
	}
	if i >= len(b) || b[i] != '[' {
		return false
	}
	i = skipSpace(b, i+1)
	for i < len(b) && b[i] != ']' {
		if b[i] != '[' {
			return false
		}
		for k := range 3 {
			var ok bool
			if i, ok = l.number(b, skipSpace(b, i+1)); !ok {
				return false
			}
			sep := byte(',')
			if k == 2 {
				sep = ']'
			}
			if i >= len(b) || b[i] != sep {
				return false
			}
		}
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return i < len(b)
}

// number parses the number at b[i:], appends it and returns the index of
// the next non-space byte after it.
func (l *vertexList) number(b []byte, i int) (int, bool) {
	j := i
	for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '-' || b[j] == '+' || b[j] == '.' || b[j] == 'e' || b[j] == 'E') {
		j++
	}
	f, err := strconv.ParseFloat(string(b[i:j]), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return i, false // out of range is kept as ±Inf: the vertex is rejected if used
	}
	l.coords = append(l.coords, f)
	return skipSpace(b, j), true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
