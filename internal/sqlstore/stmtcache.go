package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// maxCachedStmts bounds the statements a pool keeps prepared. The store's
// SQL is a fixed set of texts, except for lists of ids whose length
// varies; once the cache is full, a new text runs unprepared, as before.
const maxCachedStmts = 512

// stmtCache keeps a pool's prepared statements by SQL text. database/sql
// prepares a kept statement once on each connection that runs it and
// reuses it there, so the database parses each query once per connection
// instead of once per request (on SQLite, parsing was a third of loading
// a practice).
type stmtCache struct {
	pool  *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}}
}

// get returns query prepared on the pool, or nil to run the text. A
// statement not yet kept is prepared in the background and used from the
// next request on: preparing here, inside a transaction that holds one of
// the pool's connections, could wait for another connection held by
// transactions that wait for this one.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.RLock()
	stmt, ok := c.stmts[query]
	c.mu.RUnlock()
	if ok {
		return stmt // nil while it is being prepared
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.stmts[query]; !ok && len(c.stmts) < maxCachedStmts {
		c.stmts[query] = nil
		go c.prepare(query)
	}
	return nil
}

// prepare prepares query on the pool and keeps it; on failure (the
// database unreachable, the pool closed) it forgets the query, so that a
// later request tries again.
func (c *stmtCache) prepare(query string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stmt, err := c.pool.PrepareContext(ctx, query)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		delete(c.stmts, query)
		return
	}
	c.stmts[query] = stmt
}

// in returns the kept statement for query bound to tx, or nil.
func (c *stmtCache) in(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	if stmt := c.get(query); stmt != nil {
		return tx.StmtContext(ctx, stmt)
	}
	return nil
}
