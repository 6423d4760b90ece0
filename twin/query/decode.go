package query

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Decode reads one JSON request into v strictly: unknown members (typos)
// and trailing data are errors. Every error is a BadRequestError naming
// what is wrong and where.
func Decode(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("", "invalid JSON: unexpected data after the request object")
	}
	return nil
}

// DecodeBytes is Decode over a byte slice.
func DecodeBytes(data []byte, v any) error { return Decode(bytes.NewReader(data), v) }

// decodeError explains a json decoding error.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return badRequest("", "empty request body: want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "invalid JSON: the request ends early")
	case errors.As(err, &syn):
		return badRequest("", "invalid JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return badRequest("", "the request must be a JSON object, not %s", typ.Value)
		}
		return badRequest(field, "got JSON %s, want %s", typ.Value, jsonTypeName(typ.Type.String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return badRequest("", "unknown field %s (check the spelling; see the API documentation)", name)
	case strings.Contains(err.Error(), "request body too large"): // http.MaxBytesError
		return badRequest("", "request body too large")
	}
	var br *BadRequestError
	if errors.As(err, &br) {
		return br
	}
	return badRequest("", "invalid request: %v", err)
}

// jsonTypeName names a Go type as a JSON type for messages.
func jsonTypeName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "map["), strings.HasPrefix(goType, "query."), strings.HasPrefix(goType, "struct"):
		return "an object"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "float"), strings.HasPrefix(goType, "uint"):
		return "a number"
	}
	return fmt.Sprintf("a value of type %s", goType)
}
