// Package all lists every input format CityTwin reads, in detection order.
package all

import (
	"github.com/citytwin/citytwin/twin/ingest"
	"github.com/citytwin/citytwin/twin/ingest/cityjson"
	"github.com/citytwin/citytwin/twin/ingest/geojson"
	"github.com/citytwin/citytwin/twin/ingest/osm"
	"github.com/citytwin/citytwin/twin/ingest/shapefile"
)

// Formats returns the formats in the order Detect tries them: CityJSON
// before GeoJSON, since both may be named .json.
func Formats() []ingest.Format {
	return []ingest.Format{cityjson.Format, geojson.Format, osm.Format, shapefile.Format}
}
