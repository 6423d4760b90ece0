package server

import (
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
)

// Cache-Control of static files: the viewer's own files are revalidated on
// every load (edits show at once, 304 keeps it cheap); CesiumJS's files
// change only with its version.
const (
	cacheApp    = "no-cache"
	cacheCesium = "public, max-age=86400"
)

// maxAssetMemory is the largest file read into memory (for its content
// hash and gzip variant); larger ones stream from disk.
const maxAssetMemory = 32 << 20

// assetEntry is a static file ready to serve, with what it was made from.
type assetEntry struct {
	p       *payload
	modTime time.Time
	size    int64
}

func assetEntrySize(e *assetEntry) int64 { return e.p.size() }

// contentTypes are the types of the viewer's and CesiumJS's files, fixed
// here rather than taken from the system's MIME tables, which vary.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
	".json": "application/json", ".map": "application/json", ".svg": "image/svg+xml",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".ico": "image/x-icon", ".wasm": "application/wasm",
	".glb": "model/gltf-binary", ".gltf": "model/gltf+json", ".ktx2": "image/ktx2",
	".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".woff": "font/woff",
	".woff2": "font/woff2", ".ttf": "font/ttf",
}

// contentType returns the type of a file by its extension, and whether it
// is text worth compressing.
func contentType(name string) (string, bool) {
	ext := strings.ToLower(path.Ext(name))
	ct, ok := contentTypes[ext]
	if !ok {
		ct = mime.TypeByExtension(ext)
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	text := strings.HasPrefix(ct, "text/") || ct == "application/json" || ct == "image/svg+xml" ||
		ct == "application/xml" || ct == "model/gltf+json" || ct == "application/wasm"
	return ct, text
}

// handleIndex serves the viewer's index.html at /.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.serveApp(w, r, "index.html")
}

// handleApp serves the viewer's other files at /app/{path...}.
func (s *Server) handleApp(w http.ResponseWriter, r *http.Request) {
	s.serveApp(w, r, r.PathValue("path"))
}

func (s *Server) serveApp(w http.ResponseWriter, r *http.Request, name string) {
	if s.app == nil {
		writeError(w, http.StatusNotFound, "no viewer in this server", "see /status")
		return
	}
	s.serveFile(w, r, s.app, "app:", name, cacheApp)
}

// handleCesium serves CesiumJS's files at /cesium/{path...}.
func (s *Server) handleCesium(w http.ResponseWriter, r *http.Request) {
	if s.cesiumDir == "" {
		writeError(w, http.StatusServiceUnavailable, "CesiumJS is not available",
			"no CesiumJS directory: run `make deps` (npm installs it in viewer/node_modules) or pass --cesium-dir")
		return
	}
	root, err := os.OpenRoot(s.cesiumDir)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "CesiumJS is not available",
			fmt.Sprintf("%s: %v: run `make deps` or pass --cesium-dir", s.cesiumDir, err))
		return
	}
	defer root.Close()
	// os.Root refuses any path that leaves the directory, symbolic links
	// included.
	s.serveFile(w, r, root.FS(), "cesium:", r.PathValue("path"), cacheCesium)
}

// serveFile serves the regular file name of fsys: 400 for a path that is
// not a clean relative one, 404 for a missing file or a directory.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, keyPrefix, name, cacheControl string) {
	info, status := assetInfo(fsys, name)
	switch status {
	case http.StatusBadRequest:
		writeError(w, status, "invalid file path", name)
		return
	case http.StatusNotFound:
		writeError(w, status, "no such file", r.URL.Path)
		return
	}
	if info.Size() > maxAssetMemory {
		s.streamFile(w, r, fsys, name, info, cacheControl)
		return
	}
	e, err := s.loadAsset(fsys, keyPrefix+name, name, info)
	if err != nil {
		writeError(w, http.StatusNotFound, "no such file", r.URL.Path)
		return
	}
	s.serve(w, r, e.p, cacheControl)
}

// assetInfo stats the static file name of fsys; the status is 0 for a
// regular file, 400 for a path that is not a clean relative one, 404 for
// a missing file or a directory.
func assetInfo(fsys fs.FS, name string) (fs.FileInfo, int) {
	if name == "" {
		return nil, http.StatusNotFound
	}
	if !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return nil, http.StatusBadRequest
	}
	info, err := fs.Stat(fsys, name)
	if err != nil || !info.Mode().IsRegular() {
		return nil, http.StatusNotFound
	}
	return info, 0
}

// memoryAsset returns the regular file name of fsys, small enough to hold
// in memory, from the cache or read into it; an error for anything
// serveFile would not answer from memory.
func (s *Server) memoryAsset(fsys fs.FS, keyPrefix, name string) (*assetEntry, error) {
	info, status := assetInfo(fsys, name)
	if status != 0 || info.Size() > maxAssetMemory {
		return nil, fs.ErrInvalid
	}
	return s.loadAsset(fsys, keyPrefix+name, name, info)
}

// cesiumAsset is memoryAsset of a file of the CesiumJS directory.
func (s *Server) cesiumAsset(name string) (*assetEntry, error) {
	root, err := os.OpenRoot(s.cesiumDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return s.memoryAsset(root.FS(), "cesium:", name)
}

// loadAsset returns a file from the cache, or reads it (again, when its
// size or time changed) and caches it.
func (s *Server) loadAsset(fsys fs.FS, key, name string, info fs.FileInfo) (*assetEntry, error) {
	if e, ok := s.assets.get(key, 0); ok && e.size == info.Size() && e.modTime.Equal(info.ModTime()) {
		return e, nil
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	ct, text := contentType(name)
	p := newPayload(data, ct, text)
	if text {
		p.gz = s.gzip(data)
	}
	p.modTime = info.ModTime()
	e := &assetEntry{p: p, modTime: info.ModTime(), size: info.Size()}
	s.assets.put(key, 0, e)
	return e, nil
}

// streamFile serves a large file from disk, uncompressed, its ETag made of
// its size and time.
func (s *Server) streamFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string, info fs.FileInfo, cacheControl string) {
	f, err := fsys.Open(name)
	if err != nil {
		writeError(w, http.StatusNotFound, "no such file", r.URL.Path)
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		writeError(w, http.StatusInternalServerError, "file cannot seek", name)
		return
	}
	ct, _ := contentType(name)
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", fmt.Sprintf(`"%x-%x"`, info.Size(), info.ModTime().UnixNano()))
	http.ServeContent(w, r, "", info.ModTime(), rs)
}
