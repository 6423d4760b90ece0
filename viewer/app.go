package viewer

import (
	"embed"
	"io/fs"
)

//go:embed app
var appFiles embed.FS

// App returns the viewer's own files (index.html, js/, css/), rooted at
// the app directory. CesiumJS itself is not embedded: the server serves it
// from viewer/node_modules/cesium/Build/Cesium (see twin serve --cesium-dir).
func App() fs.FS {
	sub, err := fs.Sub(appFiles, "app")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}
