// Package postgres implements the lmo services on PostgreSQL (pgx/v5 with a
// connection pool), with full-text search on a weighted tsvector.
//
// It behaves as the sqlite package does; the storetest suite holds both to
// that. Every public method runs in one transaction: reads in a read-only
// REPEATABLE READ transaction (one snapshot for the several queries of a
// search), writes in READ COMMITTED with row locks where they matter.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open PostgreSQL observatory.
type DB struct {
	pool *pgxpool.Pool

	// Now returns the current time; tests replace it.
	Now func() time.Time

	index searchindex.Cache      // of the latest practices version seen
	texts *searchindex.TextCache // the latest searches' words: matches and rank
}

// SetTextCacheSize changes how many searches' words the store remembers; 0
// turns the cache off (benchmarks of first-time searches).
func (db *DB) SetTextCacheSize(n int) { db.texts = searchindex.NewTextCache(n) }

// Open connects to the database at url (postgres://...), checks that it
// answers, and applies any pending migrations.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// Fail fast when the server is down, so that requests get a 503 at once
	// instead of waiting for the request timeout.
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > 5*time.Second {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	cfg.HealthCheckPeriod = 10 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := &DB{pool: pool, Now: time.Now, texts: searchindex.NewTextCache(searchindex.DefaultTextCacheSize)}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// migrate applies the embedded migrations with goose, each in a transaction.
// A session advisory lock makes concurrent starts of several app nodes wait
// for one another instead of racing.
func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return err
	}
	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer sqlDB.Close()
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return wrap(fmt.Errorf("postgres: connect: %w", err))
	}
	defer conn.Close()
	const lockID = 7_104_202_611 // "lmo migrate"
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockID); err != nil {
		return wrap(fmt.Errorf("postgres: migration lock: %w", err))
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, lockID)
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, sub)
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping checks that the database answers; /healthz calls it.
func (db *DB) Ping(ctx context.Context) error {
	return wrap(db.pool.Ping(ctx))
}

// Pool returns the connection pool, for tools that copy or inspect tables.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// readTx begins a read-only transaction on one snapshot.
func (db *DB) readTx(ctx context.Context) (pgx.Tx, error) {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	return tx, wrap(err)
}

// writeTx begins a read-write transaction.
func (db *DB) writeTx(ctx context.Context) (pgx.Tx, error) {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	return tx, wrap(err)
}

// commit commits tx, reporting a lost connection as unavailable: whether the
// commit happened is then unknown to this node, and the caller must retry.
func commit(ctx context.Context, tx pgx.Tx) error {
	return wrap(tx.Commit(ctx))
}

// now returns the store's clock at microsecond precision, PostgreSQL's.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// audit records who did what in the audit log, inside tx.
func (db *DB) audit(ctx context.Context, tx pgx.Tx, action, entity, id, detail string) error {
	actor := "anonymous"
	if u := lmo.UserFromContext(ctx); u != nil {
		actor = u.Name
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (created_at, actor, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
		db.now(), actor, action, entity, id, detail)
	return err
}

// wrap marks errors that mean the database cannot be reached (refused or
// lost connections, a server shutting down or starting up) as
// lmo.EUNAVAILABLE, keeping the cause in the chain for the log.
func wrap(err error) error {
	if err == nil || !unreachable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", errUnavailable, err)
}

var errUnavailable = &lmo.Error{Code: lmo.EUNAVAILABLE, Message: "The database is not answering. Please try again in a moment."}

func unreachable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exception; 57P01-57P03: shutdown, crash,
		// cannot connect now.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	var netErr net.Error
	var connErr *pgconn.ConnectError
	return errors.As(err, &netErr) || errors.As(err, &connErr) || pgconn.SafeToRetry(err) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "conn closed")
}

// nullInt maps 0 to NULL.
func nullInt(v int) any {
	if v == 0 {
		return nil
	}
	return v
}
