package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/featurejson"
)

// geoJSONType is the media type of GeoJSON (RFC 7946).
const geoJSONType = "application/geo+json"

// handleFeature serves one feature as a GeoJSON Feature.
func (s *Server) handleFeature(w http.ResponseWriter, r *http.Request) {
	f, err := s.store.Feature(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.serveJSON(w, r, featurejson.Feature(f), geoJSONType)
}

// searchResult is a page of a feature search: a GeoJSON FeatureCollection
// with foreign members saying where it stands.
type searchResult struct {
	featurejson.Collection
	Returned int `json:"returned"`
	Offset   int `json:"offset"`
	Limit    int `json:"limit"`
	// Truncated is true when more features match: Next is the URL of the
	// next page.
	Truncated bool   `json:"truncated"`
	Next      string `json:"next,omitempty"`
	// TimedOut is true when the search ran into its deadline; the page
	// holds what it found until then.
	TimedOut bool `json:"timed_out,omitempty"`
}

// handleFeatureSearch serves GET /api/v1/features: the features that pass
// every filter, in the store's order, one page at a time.
func (s *Server) handleFeatureSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseFeatureQuery(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad feature search", err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.queryTime)
	defer cancel()
	res := searchResult{Offset: q.offset, Limit: q.limit}
	var objs []featurejson.Object
	skipped := 0
	err = s.store.Search(ctx, q.bounds, q.filter, func(f twin.Feature) bool {
		if !q.matchTyped(f) || !q.matchProps(featurejson.Properties(f)) {
			return true
		}
		if skipped < q.offset {
			skipped++
			return true
		}
		if len(objs) == q.limit {
			res.Truncated = true
			return false
		}
		objs = append(objs, featurejson.Feature(f))
		return true
	})
	if err != nil {
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil
		if !timedOut {
			s.storeError(w, err)
			return
		}
		if len(objs) == 0 {
			writeError(w, http.StatusGatewayTimeout, "feature search deadline exceeded",
				"narrow the search (dataset, layer, kind, bbox) or lower the offset")
			return
		}
		res.TimedOut, res.Truncated = true, true
	}
	res.Collection = featurejson.NewCollection(objs)
	res.Returned = len(objs)
	if res.Truncated {
		next := r.URL.Query()
		next.Set("offset", strconv.Itoa(q.offset+len(objs)))
		res.Next = "/api/v1/features?" + next.Encode()
	}
	s.serveJSON(w, r, res, geoJSONType)
}
