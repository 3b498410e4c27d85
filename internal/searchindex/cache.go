package searchindex

import "sync"

// Cache holds what a node derives from the newest version of a list it has
// seen (an Index, or an Index with its full text), to derive the next
// version from it.
type Cache[T comparable] struct {
	mu      sync.Mutex
	cur     T
	version int64
}

// Get returns the value of version. When the cache holds another version
// it calls derive: with the cached value and its version when that version
// is older (derive may update it rather than build anew), with the zero T
// otherwise. Builds are serialised: a search waits for a build in progress
// rather than starting its own. A version older than the cached one (a
// snapshot taken before the latest write) gets a value of its own, which is
// not kept, so that the cache never goes back in time and every search
// sees exactly its snapshot.
func (c *Cache[T]) Get(version int64, derive func(prev T, prevVersion int64) (T, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero T
	if c.cur != zero && c.version == version {
		return c.cur, nil
	}
	prev, prevVersion := c.cur, c.version
	if prev == zero || version < prevVersion {
		prev, prevVersion = zero, 0
	}
	v, err := derive(prev, prevVersion)
	if err != nil {
		return zero, err
	}
	if c.cur == zero || version > c.version {
		c.cur, c.version = v, version
	}
	return v, nil
}

// Swap replaces old, when it is still the cached value, by an equivalent
// new one (a compacted copy), and reports whether it did.
func (c *Cache[T]) Swap(old, new T) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != old {
		return false
	}
	c.cur = new
	return true
}
