package tiles

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// sharedData3DT returns the path of rel (slash-separated) under
// ../shared/data/3dtiles beside the module root. A missing path fails the
// test under CI=true and skips it elsewhere.
func sharedData3DT(t testing.TB, rel string) string {
	t.Helper()
	path := filepath.Join(moduleRoot3DT(t), "..", "shared", "data", "3dtiles", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return path
}

// moduleRoot3DT returns the directory of go.mod above the test directory.
func moduleRoot3DT(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// jsonDiff compares two generic JSON values (from json.Unmarshal into any)
// and returns one line per difference, naming its path.
func jsonDiff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: object became %T", path, got)}
		}
		var out []string
		for _, k := range sortedKeys3DT(w) {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: lost", path, k))
				continue
			}
			out = append(out, jsonDiff(path+"."+k, w[k], gv)...)
		}
		for _, k := range sortedKeys3DT(g) {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: added", path, k))
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: array of %d became %#v", path, len(w), got)}
		}
		var out []string
		for i := range w {
			out = append(out, jsonDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s: %#v became %#v", path, want, got)}
	}
	return nil
}

func sortedKeys3DT(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// genericJSON unmarshals data into a generic value.
func genericJSON(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
