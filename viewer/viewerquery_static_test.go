package viewer

import (
	"regexp"
	"testing"
)

// Checks of the planning-query modules without a browser: the i18n keys
// they name in string literals or build from parts exist in both
// languages (TestViewerTexts sees only literal t('…') calls).

// queryKeyLiteral matches a quoted i18n key of the query modules' prefixes.
var queryKeyLiteral = regexp.MustCompile(`'((?:draw|query|opt|res|col|stats|section|trace|geom)\.[a-zA-Z.]+)'`)

// queryModules are the viewer files of the planning queries.
var queryModules = []string{"js/queries.js", "js/queryapi.js", "js/results.js", "js/resultviews.js", "js/section.js", "js/trace.js", "js/draw.js", "js/highlight.js"}

// builtQueryKeys are the keys the query modules build from parts.
func builtQueryKeys() []string {
	var keys []string
	add := func(prefix string, names ...string) {
		for _, n := range names {
			keys = append(keys, prefix+n)
		}
	}
	kinds := []string{"area", "stats", "proximity", "clash", "section"}
	add("query.", append(kinds, "trace")...)
	for _, k := range kinds {
		keys = append(keys, "query."+k+"Hint")
	}
	add("draw.", "polygon", "line", "point", "polygonTitle", "lineTitle", "pointTitle")
	add("geom.", "Point", "LineString", "Polygon")
	add("col.", "id", "layer", "kind", "distance", "horizontal", "vertical", "proposal", "conflict", "required", "network", "station", "depth", "size", "role")
	add("trace.", "connected", "upstream", "downstream", "isolate", "connectedTitle", "upstreamTitle", "downstreamTitle", "isolateTitle")
	add("res.kind.", "clash", "clearance")
	add("kind.", "building", "segment", "node")
	return keys
}

// TestViewerQueryTexts checks the texts of the planning-query modules.
func TestViewerQueryTexts(t *testing.T) {
	en, ru := i18nTables(t, appFile(t, "js/i18n.js"))
	used := map[string]string{}
	for _, name := range queryModules {
		for _, m := range queryKeyLiteral.FindAllStringSubmatch(appFile(t, name), -1) {
			used[m[1]] = name
		}
	}
	for _, k := range builtQueryKeys() {
		used[k] = "(built key)"
	}
	if len(used) < 100 {
		t.Fatalf("only %d keys found in the query modules", len(used))
	}
	for k, file := range used {
		t.Run(k, func(t *testing.T) {
			if en[k] == "" || ru[k] == "" {
				t.Errorf("%s uses text %q: English %q, Russian %q", file, k, en[k], ru[k])
			}
		})
	}
}
