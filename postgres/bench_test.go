package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo/postgres"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/storetest"
)

// The same benchmarks as the sqlite package's, on PostgreSQL: a database of
// the starter data and n synthetic practices, built once and kept as
// lmo_bench_<n>_v<version> on the server of LMO_TEST_POSTGRES.

func openBenchDB(b *testing.B, n int) *postgres.DB {
	admin := pgtest.URL(b)
	ctx := context.Background()
	name := fmt.Sprintf("lmo_bench_%d_v%d_%d", n, storetest.BenchCorpusVersion, storetest.SyntheticVersion)
	u, err := url.Parse(admin)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	dbURL := u.String()
	d, err := starter.Load()
	if err != nil {
		b.Fatal(err)
	}
	want := n + len(d.Practices)
	db, err := postgres.Open(ctx, dbURL)
	if err == nil {
		var have int
		db.Pool().QueryRow(ctx, `SELECT count(*) FROM practices`).Scan(&have)
		if have != want {
			db.Close()
			err = fmt.Errorf("%d practices, want %d", have, want)
		}
	}
	if err != nil {
		if testing.Short() && n > 10000 {
			b.Skipf("-short: not building the %d-practice corpus %s", n, name)
		}
		start := time.Now()
		if db, err = buildBenchDB(ctx, admin, name, dbURL, n, d); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s (%d synthetic practices) in %v", name, n, time.Since(start).Round(time.Millisecond))
	} else {
		b.Logf("reusing %s", name)
	}
	return db
}

func buildBenchDB(ctx context.Context, admin, name, dbURL string, n int, d *starter.Data) (*postgres.DB, error) {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		return nil, err
	}
	db, err := postgres.Open(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	if err := storetest.FillBenchCorpus(ctx, db, d, n); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.Pool().Exec(ctx, `VACUUM ANALYZE`); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// bench holds the corpora that openBenchDB builds or reuses.
var bench = storetest.NewBench(openBenchDB)

// BenchmarkSearch100k and BenchmarkSearch1k ask every search as if for the
// first time (the cache of recent searches' words is off);
// BenchmarkSearch100kCached leaves it on, as a node runs.
func BenchmarkSearch1k(b *testing.B)         { bench.Search(b, 1000, 0) }
func BenchmarkSearch100k(b *testing.B)       { bench.Search(b, 100000, 0) }
func BenchmarkSearch100kCached(b *testing.B) { bench.SearchCached(b, 100000) }

func BenchmarkGet100k(b *testing.B) { bench.Get(b, 100000) }

// BenchmarkSearchAfterWrite100k times the first search after one write at
// 100,000 practices: the node updates its indexes from the change log.
//
//	go test ./postgres -run XXX -bench SearchAfterWrite100k -benchtime 200x
func BenchmarkSearchAfterWrite100k(b *testing.B) { bench.SearchAfterWrite(b, 100000) }

// BenchmarkIndexBuild100k times a node's full build of its facet and
// full-text indexes at 100,000 practices, and the heap they hold.
//
//	go test ./postgres -run XXX -bench IndexBuild100k -benchtime 3x
func BenchmarkIndexBuild100k(b *testing.B) { bench.IndexBuild(b, 100000) }
