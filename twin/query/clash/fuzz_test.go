package clash

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// FuzzCheck decodes requests from JSON, as the HTTP API does, and checks
// them against a small scene: no input may panic or run unbounded.
func FuzzCheck(f *testing.F) {
	seeds := []string{
		`{"pipe":{"network":"gas","diameter_mm":100,"centreline":[[10,50,-0.75],[10.00001,50.00002,-0.75]]}}`,
		`{"pipe":{"network":"water","width_mm":300,"height_mm":200,"centreline":[[10,50,0],[10,50.0001,0]],"depth_m":[1,1.5]}}`,
		`{"pipe":{"network":"gas","diameter_mm":100,"centreline":[[10,50,0],[10,50.0001,0]],"depth_m":[1,1],"ground_m":3},"limit":1}`,
		`{"excavation":{"polygon":[[[9.9999,49.9999,0],[10.0001,49.9999,0],[10.0001,50.0001,0],[9.9999,49.9999,0]]],"bottom_depth_m":2,"ground_m":0}}`,
		`{"excavation":{"polygon":[[[9.9999,49.9999,0],[10.0001,49.9999,0],[10,50.0001,0]]],"top_m":0,"bottom_m":-3},"clearances":[{"a":"excavation","b":"*","horizontal_m":5,"vertical_m":1}]}`,
		`{"pipe":{"network":"sewer","diameter_mm":9999,"centreline":[[10,50,0],[10,50,0],[10,50,0]]},"networks":["water"],"skip_buildings":true}`,
		`{"pipe":null,"excavation":{"polygon":[]}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req Request
		if err := json.Unmarshal(data, &req); err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		res, err := Check(ctx, scene(), req)
		if err == nil && (res.Conflicts == nil || len(res.Conflicts) > MaxLimit) {
			t.Errorf("bad result %+v", res)
		}
	})
}
