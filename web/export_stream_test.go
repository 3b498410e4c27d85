package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/prometheus/client_golang/prometheus"
)

// pagedStore is a PracticeService (and the reference services that labels
// need) over n made-up practices, answering searches page by page as the
// real stores do and remembering what it was asked.
type pagedStore struct {
	lmo.PracticeService
	lmo.CountryService
	lmo.VocabularyService
	practices []*lmo.Practice
	changedAt time.Time
	// fail, when set, is asked before each search (n counts from 1) and
	// may return an error or change the store.
	fail func(n int, s *pagedStore) error

	mu       sync.Mutex
	searches int
	maxLimit int
}

// newPagedStore returns a store of n practices.
func newPagedStore(n int) *pagedStore {
	s := &pagedStore{changedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	for i := range n {
		s.practices = append(s.practices, &lmo.Practice{ID: int64(i + 1), Slug: fmt.Sprintf("p-%d", i+1),
			Title: fmt.Sprintf("Practice %d", i+1), Summary: strings.Repeat("words ", 20), Status: "ongoing"})
	}
	return s
}

// SearchPractices returns the page f asks for, every practice matching.
func (s *pagedStore) SearchPractices(ctx context.Context, f lmo.PracticeFilter) (*lmo.PracticeResults, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.searches++
	n := s.searches
	s.maxLimit = max(s.maxLimit, f.Limit)
	s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(n, s); err != nil {
			return nil, err
		}
	}
	res := &lmo.PracticeResults{Total: len(s.practices)}
	for _, p := range s.practices[min(f.Offset, len(s.practices)):min(f.Offset+f.Limit, len(s.practices))] {
		res.Hits = append(res.Hits, &lmo.PracticeHit{Practice: p})
	}
	return res, nil
}

func (s *pagedStore) PracticesChangedAt(context.Context) (time.Time, error) { return s.changedAt, nil }
func (s *pagedStore) ReferenceVersion(context.Context) (int64, error)       { return 1, nil }
func (s *pagedStore) FindVocabularies(context.Context) ([]*lmo.Vocabulary, error) {
	return nil, nil
}
func (s *pagedStore) FindCountries(context.Context) ([]*lmo.Country, error) { return nil, nil }
func (s *pagedStore) FindRegions(context.Context) ([]*lmo.Region, error)    { return nil, nil }

// asked returns how many searches the store answered and their largest
// limit.
func (s *pagedStore) asked() (searches, maxLimit int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.searches, s.maxLimit
}

// syncBuffer is a log destination safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// pagedServer serves store, logging into the returned buffer.
func pagedServer(t *testing.T, store *pagedStore) (*Server, *httptest.Server, *syncBuffer) {
	t.Helper()
	var log syncBuffer
	s, err := NewServer(Config{Practices: store, Countries: store, Vocabularies: store, Version: "test",
		Logger: slog.New(slog.NewTextHandler(&log, nil)), Registry: prometheus.NewRegistry(), BaseURL: "https://lmo.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts, &log
}

// getAll GETs path and returns the response, its body and the error of
// reading it.
func getAll(t *testing.T, ts *httptest.Server, method, path string, header ...string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, nil)
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

// TestExportStreamsInBatches: a download of 1,234 practices reads them
// from the store in batches of exportBatch, and has every practice once,
// in order, in CSV and JSON.
func TestExportStreamsInBatches(t *testing.T) {
	const n = 1234
	for _, format := range []string{formatCSV, formatJSON, formatXLSX} {
		t.Run(format, func(t *testing.T) {
			store := newPagedStore(n)
			_, ts, _ := pagedServer(t, store)
			resp, body, err := getAll(t, ts, "GET", "/practices."+format)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("%d %v", resp.StatusCode, err)
			}
			if searches, limit := store.asked(); searches != (n+exportBatch-1)/exportBatch || limit != exportBatch {
				t.Errorf("the store was asked %d searches of at most %d, want %d of %d", searches, limit, (n+exportBatch-1)/exportBatch, exportBatch)
			}
			if resp.Header.Get("Content-Length") != "" {
				t.Errorf("Content-Length %s: the export was not streamed", resp.Header.Get("Content-Length"))
			}
			ids := exportedIDs(t, format, body)
			if len(ids) != n {
				t.Fatalf("%d practices exported, want %d", len(ids), n)
			}
			for i, id := range ids {
				if id != fmt.Sprint(i+1) {
					t.Fatalf("practice %d is %s", i+1, id)
				}
			}
		})
	}
}

// exportedIDs returns the practice ids of an export, in order.
func exportedIDs(t *testing.T, format string, body []byte) []string {
	t.Helper()
	var ids []string
	switch format {
	case formatCSV:
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			ids = append(ids, r[0])
		}
	case formatJSON:
		var doc struct {
			Total int `json:"total"`
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		for _, it := range doc.Items {
			ids = append(ids, fmt.Sprint(it.ID))
		}
	case formatXLSX:
		rows := xlsxRows(t, body, "Practices")
		for _, r := range rows[1:] {
			ids = append(ids, r[0])
		}
	}
	return ids
}

// TestExportValidators: a streamed export has a strong ETag derived from
// what the data is, the same on every request, answered with 304 by
// If-None-Match and If-Modified-Since, and another once the data changed.
func TestExportValidators(t *testing.T) {
	store := newPagedStore(700)
	_, ts, _ := pagedServer(t, store)
	resp, _, _ := getAll(t, ts, "GET", "/practices.csv?sort=title")
	etag := resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || resp.Header.Get("Last-Modified") != "Thu, 02 Jan 2025 03:04:05 GMT" {
		t.Fatalf("validators %q %q", etag, resp.Header.Get("Last-Modified"))
	}
	before, _ := store.asked()
	for _, h := range [][]string{{"If-None-Match", etag}, {"If-None-Match", `"x", W/` + etag}, {"If-Modified-Since", "Thu, 02 Jan 2025 03:04:05 GMT"}} {
		resp, body, _ := getAll(t, ts, "GET", "/practices.csv?sort=title", h...)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("ETag") != etag {
			t.Errorf("%s: %d %q", h, resp.StatusCode, body)
		}
	}
	if after, _ := store.asked(); after != before+3 {
		t.Errorf("a 304 read %d pages, want only the first", after-before-3)
	}
	for _, other := range []string{"/practices.json?sort=title", "/practices.csv?sort=newest"} {
		if resp, _, _ := getAll(t, ts, "GET", other); resp.Header.Get("ETag") == etag {
			t.Errorf("%s has the ETag of /practices.csv?sort=title", other)
		}
	}
	store.changedAt = store.changedAt.Add(time.Microsecond)
	if resp, _, _ := getAll(t, ts, "GET", "/practices.csv?sort=title", "If-None-Match", etag); resp.StatusCode != 200 || resp.Header.Get("ETag") == etag {
		t.Errorf("after a change: %d %s", resp.StatusCode, resp.Header.Get("ETag"))
	}
	resp, body, _ := getAll(t, ts, "HEAD", "/practices.csv")
	if resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Disposition") == "" {
		t.Errorf("HEAD: %d %q %v", resp.StatusCode, body, resp.Header)
	}
}

// TestExportFailsHalfway: an error after the download began (the data
// changed between batches, a store failure) breaks the connection, so the
// client cannot take a short file for the whole, and is logged and counted
// under its own status, not 200.
func TestExportFailsHalfway(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fail   func(n int, s *pagedStore) error
		level  string
		status string
	}{
		{"changed", func(n int, s *pagedStore) error {
			if n == 3 {
				s.practices = s.practices[1:]
			}
			return nil
		}, "level=WARN", "409"},
		{"store", func(n int, s *pagedStore) error {
			if n == 3 {
				return errors.New("disk on fire")
			}
			return nil
		}, "level=ERROR", "500"},
		{"changed at the end", func(n int, s *pagedStore) error {
			if n == 3 {
				s.changedAt = s.changedAt.Add(time.Second)
			}
			return nil
		}, "level=WARN", "409"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := newPagedStore(1400)
			store.fail = tc.fail
			s, ts, log := pagedServer(t, store)
			resp, body, err := getAll(t, ts, "GET", "/practices.csv")
			if err == nil {
				t.Errorf("the broken download reads whole: %d, %d bytes", resp.StatusCode, len(body))
			}
			waitFor(t, func() bool { return strings.Contains(metricsText(s), `status="`+tc.status+`"} 1`) }, func() string { return metricsText(s) })
			if !strings.Contains(log.String(), tc.level+` msg="response failed after it started"`) {
				t.Errorf("log:\n%s", log)
			}
		})
	}
}

// waitFor polls ok for a second, failing with what() if it never holds.
func waitFor(t *testing.T, ok func() bool, what func() string) {
	t.Helper()
	for range 100 {
		if ok() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("never: %s", what())
}

// metricsText returns the server's metrics in the text format.
func metricsText(s *Server) string {
	w := httptest.NewRecorder()
	s.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	return w.Body.String()
}

// TestExportSlots: when every export slot is taken, a large download is
// 503 with Retry-After, as the error page (not an attachment); a small one
// still serves; a slot given back serves again.
func TestExportSlots(t *testing.T) {
	store := newPagedStore(exportBatch + 1)
	s, ts, _ := pagedServer(t, store)
	var releases []func()
	for range maxHeavyExports {
		release, ok := s.exports.acquire()
		if !ok {
			t.Fatal("a slot is missing")
		}
		releases = append(releases, release)
	}
	resp, body, _ := getAll(t, ts, "GET", "/practices.json")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
		resp.Header.Get("Content-Disposition") != "" || !strings.Contains(string(body), "Too many large downloads") {
		t.Errorf("a large export beyond the slots: %d %v %.300s", resp.StatusCode, resp.Header, body)
	}
	if resp, body, _ := getAll(t, ts, "HEAD", "/practices.json"); resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Disposition") == "" {
		t.Errorf("HEAD of a large export with the slots taken: %d %v", resp.StatusCode, resp.Header)
	}
	small := newPagedStore(exportBatch)
	_, ts2, _ := pagedServer(t, small)
	if resp, _, _ := getAll(t, ts2, "GET", "/practices.json"); resp.StatusCode != 200 {
		t.Errorf("a small export: %d", resp.StatusCode)
	}
	releases[0]()
	if resp, _, err := getAll(t, ts, "GET", "/practices.json"); resp.StatusCode != 200 || err != nil {
		t.Errorf("with a slot free: %d %v", resp.StatusCode, err)
	}
	if s.exports.n.Load() != maxHeavyExports-1 {
		t.Errorf("%d slots taken after the export, want %d", s.exports.n.Load(), maxHeavyExports-1)
	}
}
