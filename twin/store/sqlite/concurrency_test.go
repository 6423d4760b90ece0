package sqlite

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/citytwin/citytwin/geo"
	"github.com/citytwin/citytwin/twin"
)

// TestReadersDuringLoad holds a load open mid-way and checks that every read
// works meanwhile, promptly, and sees the last committed state.
func TestReadersDuringLoad(t *testing.T) {
	s := openTemp(t)
	if _, err := s.LoadDataset(context.Background(), meta("city"), func(w twin.FeatureWriter) error {
		return synthSegments(1, "city", 300, w.Put)
	}); err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(t, s)

	mid, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := s.LoadDataset(context.Background(), meta("city"), func(w twin.FeatureWriter) error {
			if err := synthSegments(2, "city", 200, w.Put); err != nil {
				return err
			}
			close(mid)
			<-release
			return nil
		})
		done <- err
	}()
	<-mid
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	reads := []struct {
		name string
		read func() error
	}{
		{"Feature", func() error { _, err := s.Feature(ctx, "city:s0000299"); return err }},
		{"Datasets", func() error { _, err := s.Datasets(ctx); return err }},
		{"Changes", func() error { _, err := s.Changes(ctx, 0, 10); return err }},
		{"Info", func() error { _, err := s.Info(ctx); return err }},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			if err := r.read(); err != nil {
				t.Errorf("blocked or failed during a load: %v", err)
			}
		})
	}
	if during := takeSnapshot(t, s); !reflect.DeepEqual(before, during) {
		t.Error("readers see an uncommitted load")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	after := takeSnapshot(t, s)
	if len(after.feats) != 200 || after.lastSeq != 300+200+100 {
		t.Errorf("after commit: %d features, last seq %d; want 200, 600", len(after.feats), after.lastSeq)
	}
}

// TestConcurrentUse runs loads, deletes and reads at once (meant for -race):
// every operation succeeds and the change log has no gaps.
func TestConcurrentUse(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	var loaders, readers sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 16)
	for i := range 3 {
		name := fmt.Sprintf("d%d", i)
		loaders.Go(func() {
			for round := range 4 {
				_, err := s.LoadDataset(ctx, meta(name), func(w twin.FeatureWriter) error {
					return synthSegments(uint64(10*i+round%2), name, 150, w.Put)
				})
				if err == nil && round == 2 {
					err = s.DeleteDataset(ctx, name)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for range 3 {
		readers.Go(func() { errs <- readUntil(ctx, s, stop) })
	}
	loaders.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	changes, err := s.Changes(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range changes {
		if c.Seq != int64(i+1) {
			t.Fatalf("change %d has seq %d: the log has a gap", i, c.Seq)
		}
	}
}

// readUntil reads in a loop until stop closes, checking that LastSeq never
// goes back.
func readUntil(ctx context.Context, s *Store, stop <-chan struct{}) error {
	box := geo.Bounds3{Min: geo.Point3{4.9, 52.35, -10}, Max: geo.Point3{4.95, 52.4, 10}}
	var last int64
	for {
		select {
		case <-stop:
			return nil
		default:
		}
		seq, err := s.LastSeq(ctx)
		if err != nil {
			return err
		}
		if seq < last {
			return fmt.Errorf("LastSeq went back from %d to %d", last, seq)
		}
		last = seq
		if _, err := s.Datasets(ctx); err != nil {
			return err
		}
		if err := s.Search(ctx, box, twin.Filter{}, func(twin.Feature) bool { return true }); err != nil {
			return err
		}
	}
}
