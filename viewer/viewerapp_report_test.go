package viewer

import (
	"slices"
	"strings"
	"testing"
)

// The report of tools/viewer-e2e.mjs, as TestViewerApp reads it, and the
// part of it that tools/viewer-query-e2e.mjs reports too.

// e2eReport is what both viewer scripts report besides their own
// findings (tools/lib/viewer-session.mjs, the open step of
// tools/viewer-steps.mjs).
type e2eReport struct {
	OK       bool   `json:"ok"`
	Phase    string `json:"phase"`
	Error    string `json:"error"`
	MS       int    `json:"ms"`
	Chromium string `json:"chromium"`
	Cesium   string `json:"cesium"`
	Steps    []struct {
		Name string `json:"name"`
		MS   int    `json:"ms"`
	} `json:"steps"`
	Marks           []string          `json:"marks"`
	Ready           bool              `json:"ready"`
	Stats           *viewerStats      `json:"stats"`
	Screenshots     map[string]string `json:"screenshots"`
	ConsoleErrors   []string          `json:"consoleErrors"`
	PageErrors      []string          `json:"pageErrors"`
	ForeignRequests []string          `json:"foreignRequests"`
	HTTPErrors      []string          `json:"httpErrors"`
}

// session gives the shared part of a script's report.
func (r *e2eReport) session() *e2eReport { return r }

// provokedErrors are errors a step causes on purpose: from the
// ConsoleFrom-th console error and the HTTPFrom-th HTTP error on, the HTTP
// errors must be exactly HTTP and each console error must contain Console.
type provokedErrors struct {
	ConsoleFrom, HTTPFrom int
	HTTP                  []string
	Console               string
}

// checkClean wants no console error, page error, request outside the
// server or HTTP error in the report but the provoked ones (nil: none).
func (r *e2eReport) checkClean(t *testing.T, provoked *provokedErrors) {
	t.Helper()
	consoleErrs, httpErrs := r.ConsoleErrors, r.HTTPErrors
	if p := provoked; p != nil {
		consoleErrs, httpErrs = consoleErrs[:min(p.ConsoleFrom, len(consoleErrs))], httpErrs[:min(p.HTTPFrom, len(httpErrs))]
		if after := r.HTTPErrors[len(httpErrs):]; !slices.Equal(after, p.HTTP) {
			t.Errorf("HTTP errors provoked on purpose: %v, want %v", after, p.HTTP)
		}
		for _, e := range r.ConsoleErrors[len(consoleErrs):] {
			if !strings.Contains(e, p.Console) {
				t.Errorf("console error among the provoked ones without %q: %s", p.Console, e)
			}
		}
	}
	for _, list := range []struct {
		what  string
		items []string
	}{
		{"console error", consoleErrs}, {"page error", r.PageErrors},
		{"request outside the server", r.ForeignRequests}, {"HTTP error", httpErrs},
	} {
		for _, it := range list.items {
			t.Errorf("%s: %s", list.what, it)
		}
	}
}

// viewerReport is the JSON printed by tools/viewer-e2e.mjs.
type viewerReport struct {
	e2eReport
	Selected     *selection `json:"selected"`
	PipeSelected *selection `json:"pipeSelected"`
	Tools        *struct {
		GasHidden   bool              `json:"gasHidden"`
		GasShown    bool              `json:"gasShown"`
		Styles      map[string]string `json:"styles"`
		Legend      string            `json:"legend"`
		Highlight   string            `json:"highlight"`
		Measure     *measureResult    `json:"measure"`
		MeasureText string            `json:"measureText"`
	} `json:"tools"`
	Underground *undergroundState `json:"underground"`
	Below       *struct {
		GroundM         float64          `json:"groundM"`
		GroundTarget    float64          `json:"groundTarget"`
		GroundHeight    float64          `json:"groundHeight"`
		EllipsoidTarget float64          `json:"ellipsoidTarget"`
		EllipsoidHeight float64          `json:"ellipsoidHeight"`
		State           undergroundState `json:"state"`
	} `json:"below"`
	Lang *struct {
		Before langTexts `json:"before"`
		After  langTexts `json:"after"`
		Stored string    `json:"stored"`
	} `json:"lang"`
	Layout *struct {
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
		Left   box     `json:"left"`
		Right  box     `json:"right"`
		Topbar box     `json:"topbar"`
	} `json:"layout"`
}

// selection is what the info panel showed after a click.
type selection struct {
	ID         string         `json:"id"`
	Layer      string         `json:"layer"`
	Color      string         `json:"color"`
	InfoText   string         `json:"infoText"`
	Error      *string        `json:"error"`
	Loading    bool           `json:"loading"`
	Properties map[string]any `json:"properties"`
	Details    map[string]any `json:"details"`
}

type viewerStats struct {
	Layers map[string]struct {
		Kind        string  `json:"kind"`
		Loaded      int     `json:"loaded"`
		Failed      int     `json:"failed"`
		TilesLoaded bool    `json:"tilesLoaded"`
		Error       *string `json:"error"`
	} `json:"layers"`
	Loaded   int `json:"loaded"`
	Failed   int `json:"failed"`
	Pending  int `json:"pending"`
	Frames   int `json:"frames"`
	Failures []struct {
		Layer   string `json:"layer"`
		URL     string `json:"url"`
		Message string `json:"message"`
	} `json:"failures"`
}

type measureResult struct {
	Distance3D float64 `json:"distance3d"`
	Horizontal float64 `json:"horizontal"`
	DH         float64 `json:"dh"`
	DepthA     float64 `json:"depthA"`
	DepthB     float64 `json:"depthB"`
}

type undergroundState struct {
	On                 bool     `json:"on"`
	Translucency       bool     `json:"translucency"`
	CollisionDetection bool     `json:"collisionDetection"`
	Labels             int      `json:"labels"`
	LabelTexts         []string `json:"labelTexts"`
	Error              *string  `json:"error"`
	CameraHeight       float64  `json:"cameraHeight"`
	GroundM            float64  `json:"groundM"`
}

type langTexts struct {
	HTMLLang    string   `json:"htmlLang"`
	Underground string   `json:"underground"`
	Layers      string   `json:"layers"`
	Info        string   `json:"info"`
	Labels      []string `json:"labels"`
}

type box struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}
