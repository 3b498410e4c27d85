package searchindex

import "sync"

// TextCache remembers, for the latest searches' words, the practices that
// match them and what ranks them, keyed by the practices version, so that
// choosing facets, sorts and pages for the same words does not evaluate
// the words again. Like the Index it is a cache per node, never
// the truth: an entry of an older version is never returned.
type TextCache struct {
	mu      sync.Mutex
	size    int
	version int64
	entries map[string]*TextEntry
	order   []string // least recently used first
}

// TextEntry is what a TextCache keeps for one query.
type TextEntry struct {
	Set  Set    // the practices that match
	Rank Ranker // the best k of a subset of Set
}

// DefaultTextCacheSize is how many searches' words a node remembers.
const DefaultTextCacheSize = 64

// NewTextCache returns a cache of at most size queries; size 0 caches
// nothing (benchmarks of first-time queries use it).
func NewTextCache(size int) *TextCache {
	return &TextCache{size: size, entries: map[string]*TextEntry{}}
}

// Get returns the entry of query at version, or nil.
func (c *TextCache) Get(version int64, query string) *TextEntry {
	if c == nil || c.size == 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return nil
	}
	e := c.entries[query]
	if e != nil {
		c.touch(query)
	}
	return e
}

// Put stores the entry of query at version. A newer version empties the
// cache; an older one is not stored.
func (c *TextCache) Put(version int64, query string, e *TextEntry) {
	if c == nil || c.size == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version:
		c.version, c.entries, c.order = version, map[string]*TextEntry{}, nil
	}
	if _, ok := c.entries[query]; !ok && len(c.order) >= c.size {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[query] = e
	c.touch(query)
}

// touch makes query the most recently used.
func (c *TextCache) touch(query string) {
	for i, q := range c.order {
		if q == query {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	c.order = append(c.order, query)
}
