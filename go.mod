module github.com/citytwin/citytwin

go 1.26.0

require (
	github.com/paulmach/orb v0.11.1
	github.com/paulmach/osm v0.8.0
	github.com/paulmach/protoscan v0.2.1
	github.com/twpayne/go-geom v1.6.1
	github.com/twpayne/go-proj/v10 v10.5.0
	github.com/twpayne/go-shapefile v0.0.7
	golang.org/x/net v0.49.0
	golang.org/x/text v0.33.0
	google.golang.org/protobuf v1.27.1
	modernc.org/sqlite v1.61.1
)

require (
	github.com/datadog/czlib v0.0.0-20160811164712-4bc9a24e37f2 // indirect
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/qmuntal/gltf v0.29.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	go.mongodb.org/mongo-driver v1.11.4 // indirect
	golang.org/x/sys v0.49.0
	modernc.org/libc v1.79.0 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)
