package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/web"
	"github.com/prometheus/client_golang/prometheus"
)

// leavingStore is the seeded database whose search waits until the client
// has gone and then fails as fail says, the way each layer reports it.
type leavingStore struct {
	*sqlite.DB
	leave   func()        // makes the client go away (nil: it goes on its own)
	entered chan struct{} // closed when a search starts
	fail    func(ctx context.Context) error
	once    sync.Once
}

// SearchPractices lets the client go while the query runs, then fails.
func (s *leavingStore) SearchPractices(ctx context.Context, f lmo.PracticeFilter) (*lmo.PracticeResults, error) {
	s.once.Do(func() { close(s.entered) })
	if s.leave != nil {
		s.leave()
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		return nil, errors.New("the request was never cancelled")
	}
	return nil, s.fail(ctx)
}

// lockedBuffer is a log destination safe for concurrent use.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// goneServer returns a server over store (or the seeded db) logging into
// the returned buffer.
func goneServer(t *testing.T, db *sqlite.DB, store lmo.PracticeService) (*web.Server, *lockedBuffer) {
	t.Helper()
	var log lockedBuffer
	srv, err := web.NewServer(web.Config{Practices: store, Countries: db, Vocabularies: db, Standards: db, DB: db, Versions: db, Version: "test",
		Logger: slog.New(slog.NewTextHandler(&log, nil)), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	return srv, &log
}

// requestCount returns the line of lmo_http_requests_total for route and
// status from srv's /metrics, or "".
func requestCount(srv *web.Server, route, status string) string {
	w := httptest.NewRecorder()
	srv.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	prefix := fmt.Sprintf(`lmo_http_requests_total{route=%q,status=%q} `, route, status)
	for line := range strings.Lines(w.Body.String()) {
		if strings.HasPrefix(line, prefix) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// checkGone checks that the one request to route was logged and counted
// as 499 at Info, never as an error or a 5xx.
func checkGone(t *testing.T, srv *web.Server, log *lockedBuffer, route string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for requestCount(srv, route, "499") == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := requestCount(srv, route, "499"); !strings.HasSuffix(got, " 1") {
		t.Errorf("lmo_http_requests_total{status=499} for %s: %q", route, got)
	}
	for _, status := range []string{"500", "503", "200"} {
		if got := requestCount(srv, route, status); got != "" {
			t.Errorf("counted as %s: %s", status, got)
		}
	}
	out := log.String()
	if !strings.Contains(out, "level=INFO msg=request") || !strings.Contains(out, "status=499") ||
		!strings.Contains(out, `note="client closed request"`) || strings.Contains(out, "level=ERROR") || strings.Contains(out, "level=WARN") {
		t.Errorf("log:\n%s", out)
	}
}

// TestClientGoneIs499 drops requests while their handler runs, each way a
// layer reports it: the store returns context.Canceled (wrapped), the
// driver returns an error of its own ("interrupted") once the context is
// cancelled, the client's connection closes over the network, and a write
// to a closed connection fails (a page written whole, an export streamed).
// Each is logged at Info and counted as 499, never as a server error.
func TestClientGoneIs499(t *testing.T) {
	db := seededDB(t)
	for _, tc := range []struct {
		name string
		fail func(ctx context.Context) error
	}{
		{"store returns context.Canceled", func(ctx context.Context) error { return fmt.Errorf("search practices: %w", ctx.Err()) }},
		{"driver returns its own error", func(context.Context) error { return errors.New("search practices: interrupted (9)") }},
	} {
		for _, path := range []string{"/practices", "/api/v1/practices", "/practices.csv"} {
			t.Run(tc.name+" "+path, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				store := &leavingStore{DB: db, leave: cancel, entered: make(chan struct{}), fail: tc.fail}
				srv, log := goneServer(t, db, store)
				srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil).WithContext(ctx))
				checkGone(t, srv, log, "GET "+path)
			})
		}
	}
	t.Run("connection closed", func(t *testing.T) {
		store := &leavingStore{DB: db, entered: make(chan struct{}), fail: func(ctx context.Context) error { return ctx.Err() }}
		srv, log := goneServer(t, db, store)
		ts := httptest.NewServer(srv)
		defer ts.Close()
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-store.entered; cancel() }()
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/practices.json", nil)
		if resp, err := ts.Client().Do(req); err == nil {
			resp.Body.Close()
			t.Fatal("the request was not cancelled")
		}
		checkGone(t, srv, log, "GET /practices.json")
	})
	for _, path := range []string{"/practices", "/practices.csv", "/practices.xlsx", "/api/v1/practices"} {
		t.Run("write fails "+path, func(t *testing.T) {
			srv, log := goneServer(t, db, db)
			srv.ServeHTTP(brokenPipe{httptest.NewRecorder()}, httptest.NewRequest("GET", path, nil))
			checkGone(t, srv, log, "GET "+path)
		})
	}
}

// brokenPipe is a response whose connection has closed: every write fails.
type brokenPipe struct{ *httptest.ResponseRecorder }

func (brokenPipe) Write(b []byte) (int, error) { return 0, syscall.EPIPE }
