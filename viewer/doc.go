// Package viewer will serve the CesiumJS viewer of the city twin (issue 4).
//
// For now it holds the real-client tests of the tiles: its test files run
// the Node.js harnesses in viewer/tools against 3D Tiles tilesets —
// loaders.gl (tools/check-loadersgl.mjs) parses every tileset and tile
// content, and CesiumJS in headless Debian Chromium (tools/cesium-load.mjs)
// loads and draws them offline — on the official 3D Tiles samples, on a
// small tileset written with package tiles, and on the demo district
// exported by `twin export`. The npm packages they need are pinned in
// viewer/package-lock.json (`make deps` installs them).
package viewer
