// Package viewer is the browser side of CityTwin: the CesiumJS viewer app
// and the tests that load CityTwin's 3D Tiles in real clients.
//
// The app (viewer/app: index.html, js/, css/) is plain ES modules with no
// bundler; App returns it for `twin serve`, which serves it at / and /app/,
// and serves CesiumJS itself from viewer/node_modules/cesium/Build/Cesium
// at /cesium/. Everything it fetches comes from the same server: no Cesium
// ion, no external imagery or terrain. All interface text is in
// app/js/i18n.js (English and Russian).
//
// The tests drive Node.js harnesses in viewer/tools: the viewer itself in
// headless Debian Chromium against `twin serve` of the demo district
// (tools/viewer-e2e.mjs, and its planning-query tools in
// tools/viewer-query-e2e.mjs), CesiumJS and loaders.gl on exported tilesets and
// the official 3D Tiles samples, and 3DTilesRendererJS on the served tiles
// (tools/three-load.mjs). The npm packages they need are pinned in
// viewer/package-lock.json (`make deps` installs them).
package viewer
