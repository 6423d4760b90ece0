package server

import (
	"container/list"
	"sync"
)

// lru is a least-recently-used cache of values bounded by their total
// size. Entries belong to an epoch (the tile cache uses the store's tile
// generation): a get or put with a newer epoch empties the cache first,
// one with an older epoch misses and stores nothing, so that a value read
// before a change never lands in the cache after it. A cache of max 0
// stores nothing.
type lru[V any] struct {
	mu      sync.Mutex
	max     int64
	size    int64
	epoch   int64
	sizeOf  func(V) int64
	order   list.List // front: most recently used; values are *lruItem[V]
	items   map[string]*list.Element
	hits    uint64
	misses  uint64
	evicted uint64
}

type lruItem[V any] struct {
	key  string
	val  V
	size int64
}

func newLRU[V any](max int64, sizeOf func(V) int64) *lru[V] {
	return &lru[V]{max: max, sizeOf: sizeOf, items: map[string]*list.Element{}}
}

// get returns the value of key in epoch.
func (c *lru[V]) get(key string, epoch int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	c.advance(epoch)
	el, ok := c.items[key]
	if !ok || epoch < c.epoch {
		c.misses++
		return zero, false
	}
	c.hits++
	c.order.MoveToFront(el)
	return el.Value.(*lruItem[V]).val, true
}

// put stores v under key in epoch, evicting the least recently used
// values to stay within max. A value larger than max/4 is not stored.
func (c *lru[V]) put(key string, epoch int64, v V) {
	size := c.sizeOf(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance(epoch)
	if epoch < c.epoch || size > c.max/4 {
		return
	}
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	c.items[key] = c.order.PushFront(&lruItem[V]{key: key, val: v, size: size})
	c.size += size
	for c.size > c.max {
		c.remove(c.order.Back())
		c.evicted++
	}
}

// advance empties the cache when epoch is newer than its own.
func (c *lru[V]) advance(epoch int64) {
	if epoch <= c.epoch {
		return
	}
	c.epoch = epoch
	c.order.Init()
	clear(c.items)
	c.size = 0
}

func (c *lru[V]) remove(el *list.Element) {
	it := c.order.Remove(el).(*lruItem[V])
	delete(c.items, it.key)
	c.size -= it.size
}

// cacheStats are a cache's counters for /metrics.
type cacheStats struct {
	bytes, entries, hits, misses, evicted uint64
}

func (c *lru[V]) stats() cacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return cacheStats{bytes: uint64(c.size), entries: uint64(len(c.items)),
		hits: c.hits, misses: c.misses, evicted: c.evicted}
}
