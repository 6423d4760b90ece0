// Package assets holds the data CityTwin writes itself and ships inside the
// binary: the recipe of the synthetic demo district (demo/district.json) and
// attribute mappings for known public datasets (mappings/*.json). No
// third-party data lives here.
//
// The files are read through FS, an fs.FS rooted at this directory, so that
// "demo/district.json" names the demo recipe.
package assets

import "embed"

// FS holds the embedded asset files, by path relative to this directory.
//
//go:embed demo mappings
var FS embed.FS
