package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/web"
)

// countingStore counts the practices a server loads.
type countingStore struct {
	*sqlite.DB
	loads atomic.Int64
}

func (c *countingStore) FindPracticeBySlug(ctx context.Context, slug string) (*lmo.Practice, error) {
	c.loads.Add(1)
	return c.DB.FindPracticeBySlug(ctx, slug)
}

// cacheServer serves db through a counting store with a response cache of
// cacheBytes, under one public address (the tags of nodes behind one
// address agree).
func cacheServer(t *testing.T, db *sqlite.DB, cacheBytes int64) (*httptest.Server, *countingStore) {
	t.Helper()
	cs := &countingStore{DB: db}
	srv, err := web.NewServer(web.Config{Practices: cs, Countries: db, Vocabularies: db, Standards: db, DB: db, Versions: db,
		CacheBytes: cacheBytes, BaseURL: "https://lmo.example.org", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, cs
}

// metric reads one metric's value from /metrics.
func metric(t *testing.T, ts *httptest.Server, name string) float64 {
	t.Helper()
	_, body := get(t, ts, "/metrics")
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no metric %s", name)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// TestResponseCache: a repeated page is served from the node's cache, the
// same bytes without loading the practice again; the client's validator is
// answered 304 after reading the versions alone; a write gives a new tag
// and the new page at once, never the old one.
func TestResponseCache(t *testing.T) {
	db := seededDB(t)
	ts, cs := cacheServer(t, db, 0)
	slug := somePractices(t, db, 1)[0]
	path := "/practices/" + slug

	first, body1 := get(t, ts, path)
	second, body2 := get(t, ts, path)
	if first.StatusCode != 200 || body1 != body2 || first.Header.Get("ETag") != second.Header.Get("ETag") {
		t.Fatalf("two GETs: %d, same body %v, tags %s %s", first.StatusCode, body1 == body2, first.Header.Get("ETag"), second.Header.Get("ETag"))
	}
	if n := cs.loads.Load(); n != 1 {
		t.Errorf("the practice was loaded %d times for two GETs, want 1", n)
	}
	if hits := metric(t, ts, "lmo_response_cache_hits_total"); hits < 1 {
		t.Errorf("%v cache hits", hits)
	}

	// A second node (no cache yet) answers the client's tag with 304
	// without loading the practice: the tag is the versions', not the body's.
	other, cs2 := cacheServer(t, db, 0)
	resp, _ := get(t, other, path, "If-None-Match", first.Header.Get("ETag"))
	if resp.StatusCode != http.StatusNotModified || cs2.loads.Load() != 0 {
		t.Errorf("another node: %d after %d loads, want 304 after none", resp.StatusCode, cs2.loads.Load())
	}

	// A write: the next answer is the new page under a new tag, on both.
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	p, err := db.FindPracticeBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	p.Title += " (changed)"
	if err := db.UpdatePractice(ctx, p, "cache test"); err != nil {
		t.Fatal(err)
	}
	for _, server := range []*httptest.Server{ts, other} {
		resp, body := get(t, server, path, "If-None-Match", first.Header.Get("ETag"))
		if resp.StatusCode != 200 || resp.Header.Get("ETag") == first.Header.Get("ETag") || !strings.Contains(body, "(changed)") {
			t.Errorf("after a write: %d, tag %s (was %s), new title shown %v", resp.StatusCode, resp.Header.Get("ETag"), first.Header.Get("ETag"), strings.Contains(body, "(changed)"))
		}
	}
}

// TestResponseCacheBound keeps the cache within its size: pages beyond it
// push the oldest out.
func TestResponseCacheBound(t *testing.T) {
	db := seededDB(t)
	const bound = 64 << 10
	ts, _ := cacheServer(t, db, bound)
	for _, slug := range somePractices(t, db, 12) {
		get(t, ts, "/practices/"+slug)
	}
	if size := metric(t, ts, "lmo_response_cache_bytes"); size > bound || size == 0 {
		t.Errorf("the cache holds %v bytes, bound %d", size, bound)
	}
	if ev := metric(t, ts, "lmo_response_cache_evictions_total"); ev == 0 {
		t.Error("twelve pages of about 20 KB fit in 64 KB without an eviction")
	}
}

// TestResponseCacheGzip: a client that accepts gzip gets the kept answer
// compressed once, under a tag of its own that it can revalidate; one
// that does not, or that asks for a range, gets the identity body.
func TestResponseCacheGzip(t *testing.T) {
	ts, _ := cacheServer(t, seededDB(t), 0)
	path := "/practices?q=domestic"
	plain, plainBody := get(t, ts, path, "Accept-Encoding", "identity")
	if plain.Header.Get("Content-Encoding") != "" || !strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("identity answer: Content-Encoding %q, Vary %q", plain.Header.Get("Content-Encoding"), plain.Header.Get("Vary"))
	}
	for i := range 2 { // a miss, then a hit
		resp, raw := get(t, ts, path, "Accept-Encoding", "br;q=1, gzip;q=0.8")
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("request %d: Content-Encoding %q, want gzip", i, resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(strings.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || string(body) != plainBody {
			t.Fatalf("request %d: the gzipped body is not the page (%v)", i, err)
		}
		tag := resp.Header.Get("ETag")
		if tag == plain.Header.Get("ETag") || !strings.HasSuffix(tag, `-gz"`) {
			t.Fatalf("gzip tag %s, identity tag %s: they must differ", tag, plain.Header.Get("ETag"))
		}
		if len(raw) >= len(plainBody)/2 {
			t.Errorf("gzip body %d bytes for %d: not compressed", len(raw), len(plainBody))
		}
		if again, _ := get(t, ts, path, "Accept-Encoding", "gzip", "If-None-Match", tag); again.StatusCode != http.StatusNotModified || again.Header.Get("ETag") != tag {
			t.Errorf("revalidating the gzip tag: %d %s", again.StatusCode, again.Header.Get("ETag"))
		}
	}
	if off, _ := get(t, ts, path, "Accept-Encoding", "gzip;q=0"); off.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got Content-Encoding %q", off.Header.Get("Content-Encoding"))
	}
	if part, _ := get(t, ts, path, "Accept-Encoding", "gzip", "Range", "bytes=0-9"); part.StatusCode != http.StatusPartialContent || part.Header.Get("Content-Encoding") != "" {
		t.Errorf("a range: %d, Content-Encoding %q; want 206 of the identity body", part.StatusCode, part.Header.Get("Content-Encoding"))
	}
}
