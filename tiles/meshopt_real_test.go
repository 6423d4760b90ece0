package tiles

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/citytwin/citytwin/viewer/nodetool"
)

// meshoptJSCase and meshoptJSResult are the JSON of
// viewer/tools/meshopt-decode.mjs.
type meshoptJSCase struct {
	Mode   string `json:"mode"`
	Count  int    `json:"count"`
	Stride int    `json:"stride"`
	Data   string `json:"data"`
}

type meshoptJSResult struct {
	Wasm           string `json:"wasm"`
	WasmError      string `json:"wasmError"`
	Reference      string `json:"reference"`
	ReferenceError string `json:"referenceError"`
}

// TestMeshoptRealDecoder encodes attribute streams and index buffers in
// Go, decodes them with meshoptimizer's own decoders (the WebAssembly one
// CesiumJS and loaders.gl use, and the pure-JS reference) through node,
// and compares the bytes with what was encoded.
func TestMeshoptRealDecoder(t *testing.T) {
	script, node := nodetool.Script(t, "meshopt-decode.mjs", "meshoptimizer/meshopt_decoder.mjs")
	var cases []meshoptJSCase
	var names []string
	var want [][]byte
	for _, tc := range meshoptVertexCases(t) {
		if tc.count == 0 {
			continue // the JS API wants a non-empty target
		}
		enc, err := meshoptEncodeVertices(tc.data, tc.count, tc.stride)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, meshoptJSCase{"ATTRIBUTES", tc.count, tc.stride, base64.StdEncoding.EncodeToString(enc)})
		names, want = append(names, "vertices-"+tc.name), append(want, tc.data)
	}
	for _, tc := range meshoptIndexCases(t) {
		enc, decoded, err := meshoptEncodeTriangles(tc.ix)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, meshoptJSCase{"TRIANGLES", len(tc.ix), tc.size, base64.StdEncoding.EncodeToString(enc)})
		names, want = append(names, "triangles-"+tc.name), append(want, meshoptIndexBytes(decoded, tc.size))
	}
	// Negative control: a stream one byte short must be rejected, or the
	// harness could not tell a good encoding from a bad one.
	short, _ := meshoptEncodeVertices(bytes.Repeat([]byte{1, 2, 3, 4}, 40), 40, 4)
	cases = append(cases, meshoptJSCase{"ATTRIBUTES", 40, 4, base64.StdEncoding.EncodeToString(short[:len(short)-1])})
	results := meshoptRunDecoder(t, node, script, cases)
	if r := results[len(results)-1]; r.WasmError == "" {
		t.Errorf("truncated stream: wasm decoder did not complain")
	}
	results = results[:len(results)-1]
	for i, r := range results {
		t.Run(names[i], func(t *testing.T) {
			meshoptCompareJS(t, "wasm", r.Wasm, r.WasmError, want[i])
			meshoptCompareJS(t, "reference", r.Reference, r.ReferenceError, want[i])
		})
	}
}

func meshoptCompareJS(t *testing.T, decoder, got64, failure string, want []byte) {
	t.Helper()
	if failure != "" {
		t.Fatalf("%s decoder: %s", decoder, failure)
	}
	got, err := base64.StdEncoding.DecodeString(got64)
	if err != nil {
		t.Fatalf("%s decoder output: %v", decoder, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s decoder: %d bytes differ from the %d encoded", decoder, len(got), len(want))
	}
}

// meshoptRunDecoder runs the node script on cases, one result per case.
func meshoptRunDecoder(t *testing.T, node, script string, cases []meshoptJSCase) []meshoptJSResult {
	t.Helper()
	in, err := json.Marshal(map[string]any{"cases": cases})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, script)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run %s: %v\n%s", script, err, stderr.String())
	}
	var rep struct {
		Decoder string            `json:"decoder"`
		Results []meshoptJSResult `json:"results"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("decoder output: %v\n%.500s\n%s", err, out, stderr.String())
	}
	if len(rep.Results) != len(cases) || len(cases) == 0 {
		t.Fatalf("%d results for %d cases", len(rep.Results), len(cases))
	}
	t.Logf("%s: %d cases", rep.Decoder, len(cases))
	return rep.Results
}

// TestMeshoptGLBValidator runs the Khronos glTF validator on meshopt
// GLBs: no errors. (It may report the extension as unsupported: an info.)
func TestMeshoptGLBValidator(t *testing.T) {
	script, node := nodetool.Validator(t)
	dir := t.TempDir()
	var files []string
	for _, tc := range meshoptGLBCases(t) {
		opts := tc.opts
		opts.Meshopt = true
		path := filepath.Join(dir, tc.name+".glb")
		if err := os.WriteFile(path, encodeTestGLB(t, tc.meshes, tc.table, tc.schema, opts), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	rep, exitCode := nodetool.Validate(t, node, script, files...)
	if len(rep.Files) != len(files) {
		t.Fatalf("validator reported %d files, want %d", len(rep.Files), len(files))
	}
	for _, f := range rep.Files {
		t.Run(filepath.Base(f.File), func(t *testing.T) {
			for _, m := range f.Messages {
				t.Logf("%s %s %s: %s", m.Severity, m.Code, m.Pointer, m.Message)
			}
			if f.Failure != "" || f.Errors != 0 {
				t.Errorf("validator: %d errors %s", f.Errors, f.Failure)
			}
		})
	}
	if exitCode != 0 {
		t.Errorf("validator exit status %d", exitCode)
	}
}
