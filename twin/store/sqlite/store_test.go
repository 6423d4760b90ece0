package sqlite

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

func TestLoadLifecycle(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := segment("net", "a", twin.NetworkWater, geo.Point3{4.9, 52.3, -1}, geo.Point3{4.901, 52.3, -1})
	b := segment("net", "b", twin.NetworkGas, geo.Point3{4.91, 52.31, -2}, geo.Point3{4.911, 52.31, -2})
	c := node("net", "c", twin.NetworkWater, geo.Point3{4.9, 52.3, -1}, 1)
	h := building("net", "h", 4.92, 52.32, 0.0001, 1, 12)

	moved := segment("net", "b", twin.NetworkGas, geo.Point3{4.95, 52.35, -2}, geo.Point3{4.951, 52.35, -2})
	d := segment("net", "d", twin.NetworkSewer, geo.Point3{4.93, 52.33, -3}, geo.Point3{4.931, 52.33, -3})

	steps := []struct {
		name  string
		feats []twin.Feature
		want  twin.LoadStats
		// changes are the entries the step logs: op and feature id.
		changes []string
	}{
		{"first load", []twin.Feature{a, b, c, h}, twin.LoadStats{Added: 4, FirstSeq: 1, LastSeq: 4},
			[]string{"upsert net:a", "upsert net:b", "upsert net:c", "upsert net:h"}},
		{"unchanged reload logs nothing", []twin.Feature{h, c, b, a}, twin.LoadStats{Unchanged: 4}, nil},
		{"replace: move b, drop c and h, add d", []twin.Feature{a, moved, d},
			twin.LoadStats{Added: 1, Changed: 1, Unchanged: 1, Deleted: 2, FirstSeq: 5, LastSeq: 8},
			[]string{"upsert net:b", "upsert net:d", "delete net:c", "delete net:h"}},
		{"empty reload deletes all", nil, twin.LoadStats{Deleted: 3, FirstSeq: 9, LastSeq: 11},
			[]string{"delete net:a", "delete net:b", "delete net:d"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before, err := s.LastSeq(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := load(t, s, "net", st.feats...)
			if got != st.want {
				t.Errorf("stats = %+v, want %+v", got, st.want)
			}
			checkIndex(t, s)
			changes, err := s.Changes(ctx, before, 100)
			if err != nil {
				t.Fatal(err)
			}
			var ops []string
			for _, c := range changes {
				ops = append(ops, string(c.Op)+" "+c.FeatureID)
			}
			if !reflect.DeepEqual(ops, st.changes) {
				t.Errorf("changes = %q, want %q", ops, st.changes)
			}
			for _, f := range st.feats {
				got, err := s.Feature(ctx, f.Head().ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, f) {
					t.Errorf("feature %s = %+v, want %+v", f.Head().ID, got, f)
				}
			}
		})
	}
}

func TestChangeBounds(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	p := func(lon float64) []geo.Point3 { return []geo.Point3{{lon, 52, -1}, {lon + 0.001, 52.001, -2}} }
	load(t, s, "n", segment("n", "x", twin.NetworkPower, p(4)...))
	load(t, s, "n", segment("n", "x", twin.NetworkPower, p(5)...))
	if err := s.DeleteDataset(ctx, "n"); err != nil {
		t.Fatal(err)
	}
	b4 := geo.Bounds3{Min: geo.Point3{4, 52, -2}, Max: geo.Point3{4.001, 52.001, -1}}
	b5 := geo.Bounds3{Min: geo.Point3{5, 52, -2}, Max: geo.Point3{5.001, 52.001, -1}}
	want := []struct {
		op       twin.ChangeOp
		old, new geo.Bounds3
	}{{twin.OpUpsert, geo.EmptyBounds(), b4}, {twin.OpUpsert, b4, b5}, {twin.OpDelete, b5, geo.EmptyBounds()}}
	changes, err := s.Changes(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != len(want) {
		t.Fatalf("got %d changes, want %d", len(changes), len(want))
	}
	for i, w := range want {
		c := changes[i]
		t.Run(string(w.op), func(t *testing.T) {
			if c.Seq != int64(i+1) || c.Op != w.op || c.OldBounds != w.old || c.NewBounds != w.new {
				t.Errorf("change %d = %+v, want seq %d %s %v -> %v", i, c, i+1, w.op, w.old, w.new)
			}
			if c.Kind != twin.KindSegment || c.Layer != "power" || c.Dataset != "n" || c.At.IsZero() {
				t.Errorf("change %d = %+v: wrong kind, layer, dataset or time", i, c)
			}
		})
	}
}

func TestLoadRollback(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name string
		fill func(ctx context.Context, cancel func()) func(twin.FeatureWriter) error
		want error
	}{
		{"fill fails after puts", func(context.Context, func()) func(twin.FeatureWriter) error {
			return func(w twin.FeatureWriter) error {
				_ = synthSegments(2, "city", 50, w.Put)
				return boom
			}
		}, boom},
		{"invalid feature returned by fill", func(context.Context, func()) func(twin.FeatureWriter) error {
			return func(w twin.FeatureWriter) error {
				_ = synthSegments(2, "city", 50, w.Put)
				return w.Put(segment("city", "bad", twin.NetworkGas, geo.Point3{4.9, 52.3, 0}))
			}
		}, twin.ErrInvalidFeature},
		{"context cancelled mid-load", func(_ context.Context, cancel func()) func(twin.FeatureWriter) error {
			return func(w twin.FeatureWriter) error {
				_ = synthSegments(2, "city", 50, w.Put)
				cancel()
				return synthSegments(3, "city", 10, w.Put)
			}
		}, context.Canceled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			var feats []twin.Feature
			_ = synthSegments(1, "city", 100, func(f twin.Feature) error { feats = append(feats, f); return nil })
			load(t, s, "city", feats...)
			load(t, s, "other", segment("other", "o", twin.NetworkWater, geo.Point3{5, 52, 0}, geo.Point3{5.1, 52, 0}))
			before := takeSnapshot(t, s)

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, err := s.LoadDataset(ctx, meta("city"), tc.fill(ctx, cancel))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if after := takeSnapshot(t, s); !reflect.DeepEqual(before, after) {
				t.Errorf("store changed by a failed load")
			}
			checkIndex(t, s)
		})
	}
}

func TestDuplicateID(t *testing.T) {
	pts := []geo.Point3{{4.9, 52.3, -1}, {4.901, 52.3, -1}}
	cases := []struct {
		name    string
		reload  bool // the dataset is loaded once before, so the duplicate is an existing feature
		dataset string
		feats   []twin.Feature
		want    string
	}{
		{"new feature twice", false, "a", []twin.Feature{segment("a", "1", twin.NetworkGas, pts...), segment("a", "1", twin.NetworkGas, pts...)}, `"a:1"`},
		{"existing feature twice", true, "a", []twin.Feature{segment("a", "1", twin.NetworkGas, pts...), segment("a", "1", twin.NetworkGas, pts...)}, `"a:1"`},
		{"id of another dataset", false, "b", []twin.Feature{segment("b", "x", twin.NetworkGas, pts...), withID(segment("b", "y", twin.NetworkGas, pts...), "o:1")}, `dataset "o"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			load(t, s, "o", segment("o", "1", twin.NetworkWater, pts...))
			if tc.reload {
				load(t, s, tc.dataset, tc.feats[0])
			}
			before := takeSnapshot(t, s)
			_, err := s.LoadDataset(context.Background(), meta(tc.dataset), putAll(tc.feats))
			if !errors.Is(err, twin.ErrDuplicateID) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %v naming %s", err, twin.ErrDuplicateID, tc.want)
			}
			if after := takeSnapshot(t, s); !reflect.DeepEqual(before, after) {
				t.Errorf("store changed by a failed load")
			}
		})
	}
}

func withID(s *twin.UtilitySegment, id string) *twin.UtilitySegment {
	s.ID = id
	return s
}

func TestSkippedPutErrors(t *testing.T) {
	s := openTemp(t)
	pts := []geo.Point3{{4.9, 52.3, -1}, {4.901, 52.3, -1}}
	var errs []error
	st, err := s.LoadDataset(context.Background(), meta("a"), func(w twin.FeatureWriter) error {
		for _, f := range []twin.Feature{
			segment("a", "1", twin.NetworkGas, pts...),
			segment("a", "1", twin.NetworkGas, pts...),
			segment("b", "2", twin.NetworkGas, pts...),
			segment("a", "3", twin.NetworkGas, pts[0]),
		} {
			errs = append(errs, w.Put(f)) // a loader may skip bad features and go on
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wants := []error{nil, twin.ErrDuplicateID, twin.ErrInvalidFeature, twin.ErrInvalidFeature}
	for i, want := range wants {
		if !errors.Is(errs[i], want) || (want == nil) != (errs[i] == nil) {
			t.Errorf("Put %d: err = %v, want %v", i, errs[i], want)
		}
	}
	if st.Added != 1 {
		t.Errorf("stats = %+v, want 1 added", st)
	}
}

func TestInvalidName(t *testing.T) {
	s := openTemp(t)
	for _, name := range []string{"", "A", "-a", "_a", "a b", "a/b", "é", strings.Repeat("a", 65), "a.b"} {
		t.Run(name, func(t *testing.T) {
			_, err := s.LoadDataset(context.Background(), meta(name), putAll(nil))
			if !errors.Is(err, twin.ErrInvalidName) {
				t.Errorf("err = %v, want %v", err, twin.ErrInvalidName)
			}
		})
	}
	for _, name := range []string{"a", "0", "a-b_c", strings.Repeat("z", 64)} {
		t.Run("valid "+name, func(t *testing.T) {
			if err := ValidateName(name); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestFillPanics(t *testing.T) {
	s := openTemp(t)
	pts := []geo.Point3{{4.9, 52.3, -1}, {4.901, 52.3, -1}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not reach the caller")
			}
		}()
		_, _ = s.LoadDataset(context.Background(), meta("a"), func(w twin.FeatureWriter) error {
			_ = w.Put(segment("a", "1", twin.NetworkGas, pts...))
			panic("fill bug")
		})
	}()
	// The write connection must be free again and the load rolled back.
	if st := load(t, s, "a", segment("a", "2", twin.NetworkGas, pts...)); st.Added != 1 || st.FirstSeq != 1 {
		t.Errorf("stats after a panicked load = %+v, want 1 added from seq 1", st)
	}
}
