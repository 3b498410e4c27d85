// Package pgtest gives tests PostgreSQL databases: a pool of migrated
// databases per test binary, each truncated before a test takes it (the
// pkgsite way), so that tests start from empty tables without paying for a
// migration each.
//
// LMO_TEST_POSTGRES holds the URL of a server and a database to connect to
// for administration (e.g. postgres://postgres@127.0.0.1:5432/postgres).
// Without it, tests that need PostgreSQL skip and say so; with it, a server
// that cannot be reached fails them.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo/postgres"
)

// EnvURL names the environment variable with the server's URL.
const EnvURL = "LMO_TEST_POSTGRES"

// poolSize is how many databases a test binary keeps.
const poolSize = 4

var (
	once    sync.Once
	initErr error
	free    chan string // URLs of databases not in use
)

// URL returns the admin URL, skipping the test when none is configured.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		t.Skipf("%s is not set; skipping the PostgreSQL tests (CI sets it)", EnvURL)
	}
	return u
}

// NewDatabase returns the URL of an empty, migrated database for one test;
// it goes back to the pool when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := URL(t)
	once.Do(func() { initErr = createPool(admin) })
	if initErr != nil {
		t.Fatalf("PostgreSQL test databases: %v", initErr)
	}
	dbURL := <-free
	if err := truncate(dbURL); err != nil {
		free <- dbURL
		t.Fatalf("truncating %s: %v", dbURL, err)
	}
	t.Cleanup(func() { free <- dbURL })
	return dbURL
}

// Open returns a store on a fresh test database, closed when the test ends.
func Open(t testing.TB) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// createPool (re)creates poolSize databases named after the test binary and
// migrates them.
func createPool(admin string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("cannot connect to %s (set by %s): %w", admin, EnvURL, err)
	}
	defer conn.Close(ctx)
	free = make(chan string, poolSize)
	// Databases are named after the test binary and the process, so that two
	// runs on one server (two checkouts, a developer and CI) never share one;
	// those of processes that are gone are dropped here.
	binPrefix := "lmo_test_" + sanitize(filepath.Base(os.Args[0])) + "_"
	if err := dropStale(ctx, conn, binPrefix); err != nil {
		return err
	}
	prefix := fmt.Sprintf("%s%d", binPrefix, os.Getpid())
	for i := range poolSize {
		name := fmt.Sprintf("%s_%d", prefix, i)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, `CREATE DATABASE `+name); err != nil {
			return err
		}
		u, err := withDatabase(admin, name)
		if err != nil {
			return err
		}
		db, err := postgres.Open(ctx, u)
		if err != nil {
			return fmt.Errorf("migrating %s: %w", name, err)
		}
		db.Close()
		free <- u
	}
	return nil
}

// truncate empties every table of the database but goose's.
func truncate(dbURL string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'`)
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	_, err = conn.Exec(ctx, `TRUNCATE `+strings.Join(tables, ", ")+` RESTART IDENTITY CASCADE`)
	return err
}

// withDatabase returns admin with its database replaced by name.
func withDatabase(admin, name string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func sanitize(s string) string {
	s = strings.TrimSuffix(strings.ToLower(s), ".test")
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// dropStale drops the test databases of earlier processes of this test
// binary that no longer run.
func dropStale(ctx context.Context, conn *pgx.Conn, binPrefix string) error {
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, binPrefix)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, name := range names {
		pid, _, _ := strings.Cut(strings.TrimPrefix(name, binPrefix), "_")
		if _, err := os.Stat("/proc/" + pid); err == nil {
			continue // still running (or not a pid at all: leave it)
		}
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			return err
		}
	}
	return nil
}
