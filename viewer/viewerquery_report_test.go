package viewer

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"slices"
	"testing"
)

// The report of tools/viewer-query-e2e.mjs, as TestViewerQueries reads
// it, and the direct API calls the test compares the viewer with.

// queryReport is the JSON printed by tools/viewer-query-e2e.mjs.
type queryReport struct {
	e2eReport
	Area *struct {
		Drawn   drawState    `json:"drawn"`
		Summary querySummary `json:"summary"`
		queryState
		Message    *string    `json:"message"`
		RowClicked string     `json:"rowClicked"`
		Selected   *selection `json:"selected"`
	} `json:"area"`
	Others *struct {
		Stats         querySummary `json:"stats"`
		Histogram     int          `json:"histogram"`
		Proximity     querySummary `json:"proximity"`
		ProximityRows []string     `json:"proximityRows"`
		Clash         querySummary `json:"clash"`
		SVGSafety     struct {
			Active  int  `json:"active"`
			Circles int  `json:"circles"`
			Refused bool `json:"refused"`
			Pwned   any  `json:"pwned"`
		} `json:"svgSafety"`
		ClashState struct {
			IDs     map[string][]string `json:"ids"`
			Rows    int                 `json:"rows"`
			Markers int                 `json:"markers"`
		} `json:"clashState"`
	} `json:"others"`
	Section *struct {
		Drawn   drawState    `json:"drawn"`
		Summary querySummary `json:"summary"`
		SVG     *svgState    `json:"svg"`
		queryState
	} `json:"section"`
	Isolate *struct {
		Selected *selection    `json:"selected"`
		Buttons  []string      `json:"buttons"`
		Trace    *traceSummary `json:"trace"`
		queryState
		After highlightState `json:"after"`
	} `json:"isolate"`
	Refused *struct {
		Result  querySummary `json:"result"`
		Message *string      `json:"message"`
	} `json:"refused"`
	Before *struct {
		ConsoleErrors int `json:"consoleErrors"`
		HTTPErrors    int `json:"httpErrors"`
	} `json:"before"`
}

// drawState is cityTwin.draw(): the drawing and its GeoJSON geometry.
type drawState struct {
	Mode     string          `json:"mode"`
	Active   bool            `json:"active"`
	Vertices int             `json:"vertices"`
	Complete bool            `json:"complete"`
	Geometry json.RawMessage `json:"geometry"`
}

// querySummary is what cityTwin.queries.run() resolves to.
type querySummary struct {
	Kind      string         `json:"kind"`
	Rows      int            `json:"rows"`
	Total     int            `json:"total"`
	Groups    map[string]int `json:"groups"`
	Buildings int            `json:"buildings"`
	Conflicts int            `json:"conflicts"`
	Crossings int            `json:"crossings"`
	Error     string         `json:"error"`
}

// queryState is the highlight and the results table after a query.
type queryState struct {
	IDs       map[string][]string `json:"ids"`
	Highlight highlightState      `json:"highlight"`
	Rows      []struct {
		ID    string   `json:"id"`
		Cells []string `json:"cells"`
	} `json:"rows"`
	Panel string `json:"panel"`
}

// rowIDs returns the distinct ids of the results table, sorted.
func (q queryState) rowIDs() []string {
	var ids []string
	for _, r := range q.Rows {
		ids = append(ids, r.ID)
	}
	return sortedSet(ids)
}

// highlightState is cityTwin.highlightState(): the highlighted features
// found in the tiles of the last frame and their colours.
type highlightState struct {
	IDs      int               `json:"ids"`
	Found    int               `json:"found"`
	Coloured int               `json:"coloured"`
	Strays   int               `json:"strays"`
	Markers  int               `json:"markers"`
	Colours  map[string]string `json:"colours"`
}

type svgState struct {
	Shown   bool     `json:"shown"`
	Circles int      `json:"circles"`
	IDs     []string `json:"ids"`
	Title   string   `json:"title"`
}

type traceSummary struct {
	Kind   string         `json:"kind"`
	Start  string         `json:"start"`
	Counts map[string]int `json:"counts"`
	Valves []string       `json:"valves"`
	Rows   int            `json:"rows"`
	Error  string         `json:"error"`
}

// postQuery POSTs body to /api/v1/query/name and decodes the answer into out.
func postQuery(t *testing.T, base, name string, body, out any) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(base+"/api/v1/query/"+name, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/v1/query/%s %s: %s %s", name, b, resp.Status, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("/api/v1/query/%s: %v", name, err)
	}
}

// sortedSet returns the distinct strings of s, sorted.
func sortedSet(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// round8 rounds a coordinate as the viewer does (1e-8°).
func round8(v float64) float64 {
	return math.Round(v*1e8) / 1e8
}
