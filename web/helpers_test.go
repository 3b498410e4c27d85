package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/web"
)

var (
	seedOnce sync.Once
	seedDir  string
	seedErr  error
)

// seededDB returns a SQLite database with the starter dataset: seeded once
// per test binary into a template file, then copied for each test.
func seededDB(t testing.TB) *sqlite.DB {
	t.Helper()
	seedOnce.Do(func() {
		seedDir, seedErr = tempDir()
		if seedErr != nil {
			return
		}
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(seedDir, "seed.db"))
		if err != nil {
			seedErr = err
			return
		}
		data, err := starter.Load()
		if err != nil {
			seedErr = err
			return
		}
		if _, err := starter.Seed(ctx, db, data); err != nil {
			seedErr = err
			return
		}
		seedErr = db.Backup(ctx, filepath.Join(seedDir, "template.db"))
		db.Close()
	})
	if seedErr != nil {
		t.Fatalf("seeding: %v", seedErr)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	if err := copyFile(filepath.Join(seedDir, "template.db"), path); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newTestServer returns an httptest server over a seeded database.
func newTestServer(t testing.TB) (*httptest.Server, *sqlite.DB) {
	t.Helper()
	db := seededDB(t)
	ts, _ := serveStores(t, db)
	return ts, db
}

// serveStores returns an httptest server, and the web server behind it, over
// the services of db.
func serveStores(t testing.TB, db stores) (*httptest.Server, *web.Server) {
	t.Helper()
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, Agreements: db, Projects: db, DB: db, Versions: db,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, srv
}

// get fetches path from ts and returns the response with its body read.
func get(t testing.TB, ts *httptest.Server, path string, header ...string) (*http.Response, string) {
	t.Helper()
	return request(t, ts, http.MethodGet, path, header...)
}

// request performs a request with any method and header pairs and returns
// the response with its body read.
func request(t testing.TB, ts *httptest.Server, method, path string, header ...string) (*http.Response, string) {
	t.Helper()
	resp, b, err := do(t, ts, method, path, header...)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// do performs a request and returns the response, its body and the error
// of reading it (a broken-off stream is one).
func do(t testing.TB, ts *httptest.Server, method, path string, header ...string) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}
