package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/demo"
	"github.com/citytwin/citytwin/twin/server"
	"github.com/citytwin/citytwin/twin/store/sqlite"
)

func newTestServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "twin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	opts := demo.Options{Seed: 1, Dataset: "demo"}
	var firstID string
	meta := demo.Meta(opts)
	_, err = store.LoadDataset(ctx, &meta, func(w twin.FeatureWriter) error {
		_, err := demo.Generate(ctx, opts, firstIDWriter{w, &firstID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(server.Options{Store: store, Version: "test"}))
	t.Cleanup(srv.Close)
	return srv, firstID
}

// firstIDWriter remembers the id of the first building written.
type firstIDWriter struct {
	twin.FeatureWriter
	id *string
}

func (w firstIDWriter) Put(f twin.Feature) error {
	if *w.id == "" && f.Kind() == twin.KindBuilding {
		*w.id = f.Head().ID
	}
	return w.FeatureWriter.Put(f)
}

func TestRoutes(t *testing.T) {
	srv, buildingID := newTestServer(t)
	cases := []struct {
		name, path string
		status     int
		contains   string
	}{
		{"status page", "/", 200, "SYNTHETIC"},
		{"health", "/healthz", 200, `"ok"`},
		{"datasets", "/api/v1/datasets", 200, `"name": "demo"`},
		{"dataset", "/api/v1/datasets/demo", 200, `"synthetic": true`},
		{"unknown dataset", "/api/v1/datasets/nope", 404, `"error"`},
		{"feature", "/api/v1/features/" + buildingID, 200, `"kind": "building"`},
		{"unknown feature", "/api/v1/features/demo:nope", 404, `"error"`},
		{"unknown route", "/no/such/thing", 404, `"error"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body strings.Builder
			if _, err := io.Copy(&body, resp.Body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.status, body.String())
			}
			if !strings.Contains(body.String(), tc.contains) {
				t.Errorf("body does not contain %q: %.300s", tc.contains, body.String())
			}
			if tc.status >= 400 {
				var e struct{ Error string }
				if err := json.Unmarshal([]byte(body.String()), &e); err != nil || e.Error == "" {
					t.Errorf("error body is not JSON {\"error\": ...}: %s", body.String())
				}
			}
		})
	}
}
