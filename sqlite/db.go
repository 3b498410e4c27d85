// Package sqlite implements the lmo services on an embedded SQLite database
// (modernc.org/sqlite, pure Go), with FTS5 for full-text search.
//
// A DB holds two pools on one file: a single-connection pool for writes,
// whose transactions begin IMMEDIATE so that writers queue instead of failing
// on lock upgrades, and a pool of read connections that WAL lets run beside
// the writer. Every public method runs in one transaction.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// timeFormat is fixed-width so that timestamps sort as text.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// DB is an open SQLite observatory.
type DB struct {
	path  string
	read  *sql.DB
	write *sql.DB

	// Now returns the current time; tests replace it.
	Now func() time.Time

	index searchindex.Cache      // of the latest practices version seen
	texts *searchindex.TextCache // the latest searches' words: matches and rank
}

// SetTextCacheSize changes how many searches' words the store remembers; 0
// turns the cache off (benchmarks of first-time searches).
func (db *DB) SetTextCacheSize(n int) { db.texts = searchindex.NewTextCache(n) }

// Open opens (creating if needed) the database file at path and applies any
// pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: no database path")
	}
	db := &DB{path: path, Now: time.Now, texts: searchindex.NewTextCache(searchindex.DefaultTextCacheSize)}
	var err error
	if db.write, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		return nil, err
	}
	db.write.SetMaxOpenConns(1)
	if db.read, err = sql.Open("sqlite", dsn(path, false)); err != nil {
		db.write.Close()
		return nil, err
	}
	db.read.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	db.read.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func dsn(path string, write bool) string {
	v := url.Values{}
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "synchronous(NORMAL)")
	if write {
		v.Set("_txlock", "immediate")
	} else {
		v.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + v.Encode()
}

// migrate applies the embedded migrations with goose, each in a transaction.
func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.write, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate %s: %w", db.path, err)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// Ping checks that the database answers; /healthz calls it.
func (db *DB) Ping(ctx context.Context) error {
	return db.read.PingContext(ctx)
}

// readTx begins a read-only transaction: a consistent snapshot for the
// several queries of one method.
func (db *DB) readTx(ctx context.Context) (*sql.Tx, error) {
	return db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
}

// writeTx begins an IMMEDIATE transaction on the writer.
func (db *DB) writeTx(ctx context.Context) (*sql.Tx, error) {
	return db.write.BeginTx(ctx, nil)
}

func (db *DB) now() string { return formatTime(db.Now()) }

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

// audit records who did what in the audit log, inside tx.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, action, entity, id, detail string) error {
	actor := "anonymous"
	if u := lmo.UserFromContext(ctx); u != nil {
		actor = u.Name
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (created_at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		db.now(), actor, action, entity, id, detail)
	return err
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// nullInt maps 0 to NULL.
func nullInt(v int) any {
	if v == 0 {
		return nil
	}
	return v
}

// Backup writes a consistent copy of the database to path (VACUUM INTO),
// while readers and writers go on.
func (db *DB) Backup(ctx context.Context, path string) error {
	_, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}

// SQL returns the writer's database handle, for tools that copy or inspect
// whole tables (lmo copy). Queries on it bypass the services' checks.
func (db *DB) SQL() *sql.DB { return db.write }
