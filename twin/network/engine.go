package network

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/citytwin/citytwin/twin"
)

// Engine answers traces over the networks of a store. It builds the graph of
// a dataset's network on first use and keeps the most recently used ones
// (keyed by dataset, network and the store's LastSeq, so any change to the
// store makes the next trace rebuild). An Engine is safe for concurrent use.
type Engine struct {
	store twin.Store
	opts  Options

	mu    sync.Mutex
	cache map[graphKey]*cacheEntry
	tick  int64
}

type graphKey struct {
	dataset string
	network twin.Network
	seq     int64
}

type cacheEntry struct {
	ready chan struct{}
	g     *Graph
	err   error
	used  int64
}

// NewEngine returns an engine over store; zero Options fields take their
// defaults.
func NewEngine(store twin.Store, opts Options) *Engine {
	return &Engine{store: store, opts: opts.withDefaults(), cache: map[graphKey]*cacheEntry{}}
}

// Options returns the engine's options with the defaults filled in.
func (e *Engine) Options() Options { return e.opts }

// Trace runs one request: it looks the start feature up, loads (or reuses)
// the graph of its dataset's network and runs the trace within the engine's
// deadline and result cap.
func (e *Engine) Trace(ctx context.Context, req Request) (*Result, error) {
	began := time.Now()
	if err := req.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout(req))
	defer cancel()
	f, err := e.store.Feature(ctx, req.Start)
	if err != nil {
		return nil, fmt.Errorf("network: start %q: %w", req.Start, err)
	}
	net, err := featureNetwork(f)
	if err != nil {
		return nil, err
	}
	g, err := e.Graph(ctx, f.Head().Dataset, net)
	if err != nil {
		return nil, err
	}
	res, err := g.Trace(ctx, req, e.opts.MaxResults)
	if err != nil {
		return nil, err
	}
	res.ElapsedMS = float64(time.Since(began).Microseconds()) / 1000
	return res, nil
}

func (e *Engine) timeout(req Request) time.Duration {
	d := e.opts.Timeout
	if req.TimeoutMS > 0 {
		d = min(d, time.Duration(req.TimeoutMS)*time.Millisecond)
	}
	return d
}

func (r Request) validate() error {
	known := false
	for _, k := range Kinds {
		known = known || r.Kind == k
	}
	switch {
	case !known:
		return fmt.Errorf("%w: unknown kind %q (want one of %v)", ErrBadRequest, r.Kind, Kinds)
	case r.Start == "":
		return fmt.Errorf("%w: no start feature id", ErrBadRequest)
	case r.MaxResults < 0 || r.TimeoutMS < 0:
		return fmt.Errorf("%w: max_results and timeout_ms must not be negative", ErrBadRequest)
	}
	return nil
}

func featureNetwork(f twin.Feature) (twin.Network, error) {
	switch v := f.(type) {
	case *twin.UtilitySegment:
		return v.Network, nil
	case *twin.UtilityNode:
		return v.Network, nil
	}
	return "", fmt.Errorf("%w: %s is a %s, not a utility segment or node", ErrBadRequest, f.Head().ID, f.Kind())
}

// Graph returns the graph of one network of one dataset, from the cache if
// the store has not changed since it was built.
func (e *Engine) Graph(ctx context.Context, dataset string, net twin.Network) (*Graph, error) {
	seq, err := e.store.LastSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	key := graphKey{dataset, net, seq}
	ent, owner := e.entry(key)
	if owner {
		ent.g, ent.err = Load(ctx, e.store, dataset, net, e.opts)
		if ent.g != nil {
			ent.g.topo.Seq = seq
		}
		close(ent.ready)
		if ent.err != nil {
			e.forget(key, ent)
		}
	}
	select {
	case <-ent.ready:
	case <-ctx.Done():
		return nil, fmt.Errorf("network: load %s/%s: %w", dataset, net, ctx.Err())
	}
	return ent.g, ent.err
}

// entry returns the cache entry of key, creating it (owner true: the caller
// must build the graph) when missing, and evicts the least recently used
// entries beyond the cache size.
func (e *Engine) entry(key graphKey) (*cacheEntry, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tick++
	if ent, ok := e.cache[key]; ok {
		ent.used = e.tick
		return ent, false
	}
	ent := &cacheEntry{ready: make(chan struct{}), used: e.tick}
	e.cache[key] = ent
	for len(e.cache) > e.opts.CacheGraphs {
		var oldest graphKey
		first := true
		for k, v := range e.cache {
			if first || v.used < e.cache[oldest].used {
				oldest, first = k, false
			}
		}
		delete(e.cache, oldest)
	}
	return ent, true
}

// forget drops a failed entry so that the next trace tries again.
func (e *Engine) forget(key graphKey, ent *cacheEntry) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cache[key] == ent {
		delete(e.cache, key)
	}
}

// errDeadline wraps a context error met inside a trace.
func errDeadline(ctx context.Context, what string) error {
	err := ctx.Err()
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("network: %s: deadline exceeded: %w", what, err)
	}
	return fmt.Errorf("network: %s: %w", what, err)
}
