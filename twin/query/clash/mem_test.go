package clash

import (
	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/query/internal/querytest"
)

// at converts scene metres (x east, y north, z height) to lon°, lat°, h m
// as the package's frames do (z kept as is).
func at(x, y, z float64) geo.Point3 { return querytest.At(x, y, z) }

func line(pts ...[3]float64) []geo.Point3 {
	out := make([]geo.Point3, len(pts))
	for i, p := range pts {
		out[i] = at(p[0], p[1], p[2])
	}
	return out
}

func pipeSeg(id string, net twin.Network, dMM float64, pts ...[3]float64) *twin.UtilitySegment {
	return &twin.UtilitySegment{
		Header:  twin.Header{ID: "t:" + id, Dataset: "t", SourceID: id},
		Network: net, Centreline: line(pts...), DiameterMM: dMM,
		DepthM: 1, GroundM: 0, Vertical: twin.VerticalElevation, Status: twin.StatusExisting,
	}
}

func block(id string, x0, y0, x1, y1, base, roof float64) *twin.Building {
	return &twin.Building{Header: twin.Header{ID: "t:" + id, Dataset: "t", SourceID: id},
		Footprint: querytest.Rect(x0, y0, x1, y1), BaseM: base, RoofM: roof, LoD: "1"}
}

// scene is an east-west water main (Ø 200 mm, axis at −1 m) from x = −50
// to 50 m along y = 0, a power duct 400 × 200 mm at −0.8 m along y = −3,
// and a building 10 × 10 m whose south wall is at y = 6 (base 0, roof 12).
func scene() *querytest.MemStore {
	duct := pipeSeg("duct", twin.NetworkPower, 0, [3]float64{-50, -3, -0.8}, [3]float64{50, -3, -0.8})
	duct.WidthMM, duct.HeightMM = 400, 200
	return &querytest.MemStore{Feats: []twin.Feature{
		pipeSeg("main", twin.NetworkWater, 200, [3]float64{-50, 0, -1}, [3]float64{50, 0, -1}),
		duct,
		block("house", -5, 6, 5, 16, 0, 12),
	}}
}
