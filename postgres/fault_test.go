package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/postgres"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/storetest"
)

// TestImportCutOff kills the connection in the middle of a large import: the
// import fails, and nothing of it is written.
func TestImportCutOff(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	proxy, viaProxy := pgtest.NewProxy(t, dbURL)
	ctx := context.Background()
	db, err := postgres.Open(ctx, viaProxy)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	data, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := starter.Seed(ctx, db, &starter.Data{Regions: data.Regions, Countries: data.Countries, Vocabularies: data.Vocabularies}); err != nil {
		t.Fatal(err)
	}
	// 40 copies of the starter practices under synthetic slugs: enough
	// statements that the cut falls in the middle.
	var ps []*lmo.Practice
	for i := range 40 {
		for _, p := range data.Practices {
			c := *p
			c.Slug = fmt.Sprintf("synthetic-%d-%s", i, p.Slug)
			ps = append(ps, &c)
		}
	}
	start := proxy.UpstreamBytes()
	done := make(chan error, 1)
	go func() {
		_, err := db.ImportPractices(storetest.Admin(), lmo.PracticesOf(ps), "cut off")
		done <- err
	}()
	for proxy.UpstreamBytes()-start < 2<<20 {
		select {
		case err := <-done:
			t.Fatalf("the import ended before the cut: %v", err)
		case <-time.After(5 * time.Millisecond):
		}
	}
	proxy.Down()
	err = <-done
	if err == nil {
		t.Fatal("the import survived a killed connection")
	}
	if code := lmo.ErrorCode(err); code != lmo.EUNAVAILABLE {
		t.Errorf("error code %q (%v), want unavailable", code, err)
	}
	proxy.Up()
	direct, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	st, err := direct.PracticeStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Practices != 0 {
		t.Errorf("%d practices were written by the cut-off import", st.Practices)
	}
	var rows int
	if err := direct.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM practices) + (SELECT count(*) FROM practice_countries)
		+ (SELECT count(*) FROM organisations) + (SELECT count(*) FROM revisions)`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 0 {
		t.Errorf("%d rows were left by the cut-off import", rows)
	}
	// The store recovers once the server is back: the same import succeeds.
	deadline := time.Now().Add(30 * time.Second)
	for {
		counts, err := db.ImportPractices(storetest.Admin(), lmo.PracticesOf(ps[:5]), "after the cut")
		if err == nil {
			if counts.Created != 5 {
				t.Errorf("after recovery: %+v", counts)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store did not recover: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestDeadIdleConnections kills every server process of the store's pool
// while its connections sit idle (as a PostgreSQL restart or an operator's
// pg_terminate_backend does): the next reads and writes must not fail, since
// the dead connections fail at BEGIN, before anything was read, and the
// store retries once on a fresh connection.
func TestDeadIdleConnections(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	ctx := context.Background()
	db, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.Seed(t, db)
	// Fill the pool with idle connections.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := db.FindCountries(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	killer, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close()
	var killed int
	if err := killer.Pool().QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&killed); err != nil {
		t.Fatal(err)
	}
	if killed == 0 {
		t.Fatal("no connection to kill")
	}
	// Wait until the server has ended them all.
	for deadline := time.Now().Add(10 * time.Second); ; {
		var left int
		if err := killer.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still alive", left)
		}
	}
	for i := range 20 {
		if _, err := db.FindCountryByCode(ctx, "PH"); err != nil {
			t.Fatalf("read %d after %d connections died: %v", i+1, killed, err)
		}
	}
	if err := db.ReplaceVocabularies(storetest.Admin(), nil); err != nil {
		t.Fatalf("a write after the connections died: %v", err)
	}
}
