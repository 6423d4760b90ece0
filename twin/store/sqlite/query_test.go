package sqlite

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

func TestDatasets(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	start := time.Now().Add(-time.Second)
	load(t, s, "util",
		segment("util", "w1", twin.NetworkWater, geo.Point3{4.9, 52.3, -1}, geo.Point3{4.91, 52.31, -2}),
		segment("util", "w2", twin.NetworkWater, geo.Point3{4.92, 52.3, -1}, geo.Point3{4.93, 52.3, -1}),
		segment("util", "g1", twin.NetworkGas, geo.Point3{4.9, 52.29, -3}, geo.Point3{4.9, 52.3, -1}),
		node("util", "n1", twin.NetworkWater, geo.Point3{4.9, 52.3, -1}, 2),
	)
	load(t, s, "blds", building("blds", "b1", 5, 52, 0.001, 0, 20))
	load(t, s, "empty")

	want := map[string]twin.Dataset{
		"util": {DatasetMeta: *meta("util"), Segments: 3, Nodes: 1,
			Networks: map[twin.Network]int{twin.NetworkWater: 2, twin.NetworkGas: 1},
			Extent:   geo.Bounds3{Min: geo.Point3{4.9, 52.29, -3}, Max: geo.Point3{4.93, 52.31, 2}}},
		"blds": {DatasetMeta: *meta("blds"), Buildings: 1,
			Extent: geo.Bounds3{Min: geo.Point3{5, 52, 0}, Max: geo.Point3{5.001, 52.001, 20}}},
		"empty": {DatasetMeta: *meta("empty"), Extent: geo.EmptyBounds()},
	}
	all, err := s.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Name != "blds" || all[1].Name != "empty" || all[2].Name != "util" {
		t.Fatalf("Datasets = %+v, want blds, empty, util", all)
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			got, err := s.Dataset(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			if got.LoadedAt.Before(start) || got.LoadedAt.After(time.Now()) {
				t.Errorf("LoadedAt = %v, want about now", got.LoadedAt)
			}
			got.LoadedAt = time.Time{}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("got  %+v\nwant %+v", got, w)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	load(t, s, "a", building("a", "1", 5, 52, 0.001, 0, 10))
	cases := []struct {
		name string
		call func() error
	}{
		{"Feature", func() error { _, err := s.Feature(ctx, "a:2"); return err }},
		{"Dataset", func() error { _, err := s.Dataset(ctx, "b"); return err }},
		{"DeleteDataset", func() error { return s.DeleteDataset(ctx, "b") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, twin.ErrNotFound) {
				t.Errorf("err = %v, want %v", err, twin.ErrNotFound)
			}
		})
	}
}

func TestChangesPaging(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.LoadDataset(ctx, meta("city"), func(w twin.FeatureWriter) error {
		return synthSegments(9, "city", 25, w.Put)
	}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		since    int64
		limit    int
		from, to int64 // the seqs expected, inclusive; from > to for none
	}{
		{0, 10, 1, 10}, {10, 10, 11, 20}, {20, 10, 21, 25}, {25, 10, 26, 25}, {0, 0, 1, 25}, {-5, 3, 1, 3},
	}
	for _, tc := range cases {
		got, err := s.Changes(ctx, tc.since, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var seqs []int64
		for _, c := range got {
			seqs = append(seqs, c.Seq)
		}
		var want []int64
		for q := tc.from; q <= tc.to; q++ {
			want = append(want, q)
		}
		if !reflect.DeepEqual(seqs, want) {
			t.Errorf("Changes(%d, %d) seqs = %v, want %v", tc.since, tc.limit, seqs, want)
		}
	}
}

func TestInfo(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	load(t, s, "a", building("a", "1", 5, 52, 0.001, 0, 10))
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Path != s.Path() || info.SchemaVersion != SchemaVersion() || info.LastSeq != 1 ||
		len(info.Datasets) != 1 || info.SizeBytes <= 0 {
		t.Errorf("Info = %+v", info)
	}
}
