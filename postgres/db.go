// Package postgres runs the observatory on PostgreSQL (pgx/v5 with a
// connection pool, through database/sql): opening, the pool, migrations, and
// the PostgreSQL dialect of the store (full text on a weighted tsvector).
// The store itself is internal/sqlstore.
//
// It behaves as the sqlite package does; the storetest suite holds both to
// that. Reads run in read-only REPEATABLE READ transactions (one snapshot for
// the several queries of a search), writes in READ COMMITTED with row and
// table locks where they matter.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open PostgreSQL observatory: the store of every module on one
// connection pool.
type DB struct {
	*sqlstore.Store
	pool *pgxpool.Pool
}

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
	// database/sql keeps its connections (each holding one of the pool's)
	// instead of taking one from the pool and giving it back for every
	// statement: measured with scripts/load.sh, 15-30 % more requests a
	// second than the default of no idle connections.
	sqlDB := stdlib.OpenDBFromPool(pool)
	sqlDB.SetMaxIdleConns(int(cfg.MaxConns))
	sqlDB.SetMaxOpenConns(int(cfg.MaxConns))
	closeAll := func() error {
		err := sqlDB.Close()
		pool.Close()
		return err
	}
	if err := migrate(ctx, sqlDB); err != nil {
		closeAll()
		return nil, err
	}
	store := sqlstore.New(sqlstore.NewDB(dialect{pool: pool, sqlDB: sqlDB, idle: int(cfg.MaxConns)}, sqlDB, sqlDB, closeAll))
	return &DB{Store: store, pool: pool}, nil
}

// migrate applies the embedded migrations with goose, each in a transaction.
// A session advisory lock makes concurrent starts of several app nodes wait
// for one another instead of racing.
func migrate(ctx context.Context, sqlDB *sql.DB) error {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return classify(fmt.Errorf("postgres: connect: %w", err))
	}
	defer conn.Close()
	const lockID = 7_104_202_611 // "lmo migrate"
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockID); err != nil {
		return classify(fmt.Errorf("postgres: migration lock: %w", err))
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

// Pool returns the connection pool, for tools that copy or inspect tables.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }
