package server

import (
	"html/template"
	"net/http"
)

var statusPage = template.Must(template.New("status").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CityTwin</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem;max-width:70rem}
table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}
.synthetic{background:#fff3cd;padding:.1rem .4rem;border-radius:.3rem;font-size:.8rem}</style></head>
<body><h1>CityTwin</h1>
<p>Store <code>{{.Info.Path}}</code>: {{len .Info.Datasets}} dataset(s), change sequence {{.Info.LastSeq}}.
The <a href="/">3D viewer</a> shows the tiles; this page lists what the store holds.</p>
<table><tr><th>Dataset</th><th>Buildings</th><th>Segments</th><th>Nodes</th><th>CRS</th><th>Loaded</th></tr>
{{range .Info.Datasets}}<tr><td>{{.Name}}{{if .Synthetic}} <span class="synthetic">SYNTHETIC</span>{{end}}</td>
<td>{{.Buildings}}</td><td>{{.Segments}}</td><td>{{.Nodes}}</td><td>{{.CRS}}</td><td>{{.LoadedAt.Format "2006-01-02 15:04"}}</td></tr>
{{end}}</table>
<p>API: <a href="/api/v1/datasets">/api/v1/datasets</a> · <a href="/api/v1/layers">/api/v1/layers</a> ·
<a href="/api/v1/scene">/api/v1/scene</a> · <a href="/readyz">/readyz</a> · <a href="/metrics">/metrics</a> · version {{.Version}}</p>
</body></html>`))

func (s *Server) handleStatusPage(w http.ResponseWriter, r *http.Request) {
	info, err := s.store.Info(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := statusPage.Execute(w, map[string]any{"Info": info, "Version": s.version}); err != nil {
		s.log.Error("status page", "err", err)
	}
}
