package searchindex

import "sync"

// Cache holds the index of the newest practices version a node has seen.
type Cache struct {
	mu sync.Mutex
	ix *Index
}

// Get returns the index of version, calling build when the cache holds
// another version. Builds are serialised: a search waits for a build in
// progress rather than starting its own. A version older than the cached one
// (a snapshot taken before the latest write) gets an index of its own, which
// is not kept, so that the cache never goes back in time and every search
// sees exactly its snapshot.
func (c *Cache) Get(version int64, build func() (*Index, error)) (*Index, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != nil && c.ix.Version == version {
		return c.ix, nil
	}
	ix, err := build()
	if err != nil {
		return nil, err
	}
	if c.ix == nil || version > c.ix.Version {
		c.ix = ix
	}
	return ix, nil
}
