package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lmo-observatory/lmo/web"
)

// BenchmarkFirstRender measures what a node does for a page it has not
// kept: the response cache is off, so every request loads and renders. It
// calls the handler directly (no network), so the CPU profile shows the
// server's own work:
//
//	go test ./web -run XXX -bench FirstRender -benchtime 2000x -cpuprofile /tmp/cpu.out
//	go tool pprof -top -cum /tmp/cpu.out
func BenchmarkFirstRender(b *testing.B) { benchPages(b, -1) }

// BenchmarkRepeated measures a page the node has kept: the versions read,
// the kept body copied out.
func BenchmarkRepeated(b *testing.B) { benchPages(b, 0) }

func benchPages(b *testing.B, cacheBytes int64) {
	db := seededDB(b)
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, DB: db, Versions: db,
		CacheBytes: cacheBytes, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	slug := newestSlug(b, srv)
	for _, page := range []struct{ name, path string }{
		{"practice", "/practices/" + slug},
		{"search", "/practices?q=domestic+workers"},
		{"api-list", "/api/v1/practices?region=arab-states"},
		{"instrument", "/instruments/C189"},
		{"home", "/"},
	} {
		b.Run(page.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+page.path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, w.Code)
				}
			}
		})
	}
}

// newestSlug returns the slug of the newest practice, through the API.
func newestSlug(b *testing.B, srv http.Handler) string {
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/api/v1/practices?per_page=1", nil))
	var doc struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := json.NewDecoder(w.Body).Decode(&doc); err != nil || len(doc.Items) == 0 {
		b.Fatalf("no practice: %v", err)
	}
	return doc.Items[0].Slug
}
