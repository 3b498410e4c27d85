// Package sqlite runs the observatory on an embedded SQLite database
// (modernc.org/sqlite, pure Go): opening, pools, pragmas, migrations, and
// the SQLite dialect of the store (FTS5 for full text). The store itself is
// internal/sqlstore.
//
// A DB holds two pools on one file: a single-connection pool for writes,
// whose transactions begin IMMEDIATE so that writers queue instead of failing
// on lock upgrades, and a pool of read connections that WAL lets run beside
// the writer.
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

	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open SQLite observatory: the store of every module on one file.
type DB struct {
	*sqlstore.Store
	path  string
	write *sql.DB
}

// Open opens (creating if needed) the database file at path and applies any
// pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: no database path")
	}
	write, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	read.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	closeBoth := func() error { return errors.Join(read.Close(), write.Close()) }
	if err := migrate(ctx, write, path); err != nil {
		closeBoth()
		return nil, err
	}
	store := sqlstore.New(sqlstore.NewDB(dialect{}, read, write, closeBoth))
	return &DB{Store: store, path: path, write: write}, nil
}

func dsn(path string, write bool) string {
	v := url.Values{}
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "synchronous(NORMAL)")
	if write {
		v.Set("_txlock", "immediate")
		// The one writer's page cache: 64 MiB instead of SQLite's 2 MiB
		// keeps the B-tree pages a large import touches in memory
		// (measured with scripts/import_bench.sh; readers keep the default).
		v.Add("_pragma", "cache_size(-65536)")
	} else {
		v.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + v.Encode()
}

// migrate applies the embedded migrations with goose, each in a transaction.
func migrate(ctx context.Context, db *sql.DB, path string) error {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate %s: %w", path, err)
	}
	return nil
}

// Backup writes a consistent copy of the database to path (VACUUM INTO),
// while readers and writers go on.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}

// SQL returns the writer's database handle, for tools that copy or inspect
// whole tables (lmo copy). Queries on it bypass the services' checks.
func (db *DB) SQL() *sql.DB { return db.write }
