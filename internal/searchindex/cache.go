package searchindex

import (
	"slices"
	"sync"
)

// cacheVersions is how many of the newest versions a Cache keeps, so that a
// search on a snapshot taken just before a write (the version before the
// newest) finds its index instead of building one.
const cacheVersions = 4

// Cache holds what a node derives from the newest versions of a list it has
// seen (an Index, or an Index with its full text), to serve them and derive
// the next version from the newest.
type Cache[T comparable] struct {
	// Keep, when set, says whether an older value is worth keeping beside
	// the newest (one that shares most of its memory with it, say); nil
	// keeps every one.
	Keep   func(older, newest T) bool
	mu     sync.Mutex
	recent []cached[T] // ascending versions, at most cacheVersions
}

type cached[T comparable] struct {
	version int64
	v       T
}

// Get returns the value of version. When the cache does not hold it, it
// calls derive: with the newest cached value and its version when that
// version is older (derive may update it rather than build anew), with the
// zero T otherwise. Builds are serialised: a search waits for a build in
// progress rather than starting its own. A version older than every cached
// one (a snapshot taken before several writes) gets a value of its own,
// which is not kept, so that the cache never goes back in time and every
// search sees exactly its snapshot.
func (c *Cache[T]) Get(version int64, derive func(prev T, prevVersion int64) (T, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero T
	for _, e := range c.recent {
		if e.version == version {
			return e.v, nil
		}
	}
	prev, prevVersion := zero, int64(0)
	if n := len(c.recent); n > 0 && c.recent[n-1].version < version {
		prev, prevVersion = c.recent[n-1].v, c.recent[n-1].version
	}
	v, err := derive(prev, prevVersion)
	if err != nil {
		return zero, err
	}
	switch n := len(c.recent); {
	case n == 0 || version > c.recent[n-1].version:
		c.recent = append(c.recent, cached[T]{version, v})
		if len(c.recent) > cacheVersions {
			c.recent = append(c.recent[:0], c.recent[1:]...)
		}
	case version > c.recent[0].version && (c.Keep == nil || c.Keep(v, c.recent[n-1].v)): // between two kept versions
		i := 0
		for c.recent[i].version < version {
			i++
		}
		c.recent = append(c.recent[:i], append([]cached[T]{{version, v}}, c.recent[i:]...)...)
		if len(c.recent) > cacheVersions {
			c.recent = append(c.recent[:0], c.recent[1:]...)
		}
	}
	if newest := c.recent[len(c.recent)-1].v; c.Keep != nil {
		c.recent = slices.DeleteFunc(c.recent, func(e cached[T]) bool { return e.v != newest && !c.Keep(e.v, newest) })
	}
	return v, nil
}

// Swap replaces old, when it is still cached, by an equivalent new one (a
// compacted copy), and reports whether it did.
func (c *Cache[T]) Swap(old, new T) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.recent {
		if c.recent[i].v == old {
			c.recent[i].v = new
			return true
		}
	}
	return false
}
