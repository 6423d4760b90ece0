package viewer

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Checks of the viewer's files without a browser: every interface text
// comes from i18n.js in both languages, no other file holds a literal UI
// string, nothing points off the server, and every referenced file is
// embedded.

var (
	i18nEntry   = regexp.MustCompile(`(?m)^\s*'([a-zA-Z0-9_.]+)':\s*'((?:[^'\\]|\\.)*)',?\s*$`)
	i18nCall    = regexp.MustCompile(`\bt\('([a-zA-Z0-9_.]+)'`)
	i18nAttr    = regexp.MustCompile(`data-i18n(?:-title|-placeholder)?="([^"]+)"`)
	htmlText    = regexp.MustCompile(`>([^<]*)<`)
	literalUI   = regexp.MustCompile(`(?:\btext:|textContent\s*=|innerText\s*=|\btitle:|placeholder:)\s*['"\x60][\p{L}]`)
	externalURL = regexp.MustCompile(`(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	appRef      = regexp.MustCompile(`(?:src|href)="/app/([^"]+)"`)
	jsImport    = regexp.MustCompile(`(?m)^import .* from '\./([^']+)';$`)
)

// dynamicKeys are the i18n keys the code builds from parts.
var dynamicKeys = []string{
	"views.home", "views.overview", "views.street", "views.underground",
	"style.b.default", "style.b.height", "style.b.year", "style.b.use",
	"style.u.network", "style.u.diameter", "style.u.material", "style.u.age",
	"kind.building", "kind.segment", "kind.node", "net.water", "net.sewer", "net.storm",
	"net.gas", "net.power", "net.telecom", "net.heating", "prop.id", "prop.height_m",
}

// i18nTables returns the keys and texts of the EN and RU tables of i18n.js.
func i18nTables(t *testing.T, src string) (en, ru map[string]string) {
	t.Helper()
	enStart, ruStart := strings.Index(src, "const EN = {"), strings.Index(src, "const RU = {")
	end := strings.Index(src, "const TEXT = ")
	if enStart < 0 || ruStart < enStart || end < ruStart {
		t.Fatal("i18n.js: want const EN = {…}, const RU = {…}, const TEXT in this order")
	}
	table := func(s string) map[string]string {
		m := map[string]string{}
		for _, e := range i18nEntry.FindAllStringSubmatch(s, -1) {
			m[e[1]] = e[2]
		}
		return m
	}
	return table(src[enStart:ruStart]), table(src[ruStart:end])
}

func appFile(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(App(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func appSources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(App(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && slices.Contains([]string{".js", ".html", ".css"}, path.Ext(p)) {
			out[p] = appFile(t, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestViewerTexts checks the two languages and the keys the code uses.
func TestViewerTexts(t *testing.T) {
	en, ru := i18nTables(t, appFile(t, "js/i18n.js"))
	if len(en) < 50 {
		t.Fatalf("i18n.js: only %d English texts parsed", len(en))
	}
	for k, v := range en {
		if r, ok := ru[k]; !ok || r == "" || v == "" {
			t.Errorf("text %q: English %q, Russian %q", k, v, r)
		}
	}
	for k := range ru {
		if _, ok := en[k]; !ok {
			t.Errorf("text %q only in Russian", k)
		}
	}
	used := map[string]string{}
	for name, src := range appSources(t) {
		if name == "js/i18n.js" {
			continue // it builds keys from prefixes
		}
		for _, m := range i18nCall.FindAllStringSubmatch(src, -1) {
			used[m[1]] = name
		}
		for _, m := range i18nAttr.FindAllStringSubmatch(src, -1) {
			used[m[1]] = name
		}
	}
	for _, k := range dynamicKeys {
		used[k] = "(built key)"
	}
	for k, file := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%s uses text %q, missing from i18n.js", file, k)
		}
	}
}

// TestViewerNoLiteralText checks that the interface's words come from
// i18n.js only, and that nothing is fetched from another host.
func TestViewerNoLiteralText(t *testing.T) {
	for name, src := range appSources(t) {
		t.Run(name, func(t *testing.T) {
			if m := externalURL.FindString(src); m != "" {
				t.Errorf("refers to another host: %s", m)
			}
			switch {
			case name == "js/i18n.js":
			case strings.HasSuffix(name, ".html"):
				body := src[strings.Index(src, "<body>"):]
				for _, m := range htmlText.FindAllStringSubmatch(body, -1) {
					if strings.TrimSpace(m[1]) != "" {
						t.Errorf("literal text in HTML: %q (use data-i18n)", m[1])
					}
				}
			case strings.HasSuffix(name, ".js"):
				for _, m := range literalUI.FindAllString(src, -1) {
					t.Errorf("literal UI text: %s… (use t() from i18n.js)", m)
				}
			}
		})
	}
}

// TestViewerFilesReferenced checks that index.html's /app/ files and every
// module import are embedded.
func TestViewerFilesReferenced(t *testing.T) {
	var refs []string
	for _, m := range appRef.FindAllStringSubmatch(appFile(t, "index.html"), -1) {
		refs = append(refs, m[1])
	}
	for name, src := range appSources(t) {
		for _, m := range jsImport.FindAllStringSubmatch(src, -1) {
			refs = append(refs, path.Join(path.Dir(name), m[1]))
		}
	}
	if len(refs) < 10 {
		t.Fatalf("only %d references found: %v", len(refs), refs)
	}
	for _, r := range refs {
		if _, err := fs.Stat(App(), r); err != nil {
			t.Errorf("referenced file %s is not in viewer/app", r)
		}
	}
}
