package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/web"
)

// badPathValues are path values that no record can hold: NUL, invalid
// UTF-8 (a lone byte, a broken sequence, an encoded surrogate), control
// characters, and an over-long value.
var badPathValues = []string{"%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "%01", "%09", "%0A", "%7F", "%C2%85", strings.Repeat("x", 257)}

// badQueryValues are the same for query values, where the limit is
// longer.
var badQueryValues = []string{"%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "%0A", "%C2%85", strings.Repeat("x", 4097)}

// stores is what a test server needs of a database: SQLite's or
// PostgreSQL's.
type stores interface {
	lmo.PracticeService
	lmo.CountryService
	lmo.VocabularyService
	lmo.StandardService
	lmo.StatisticsService
	lmo.ProjectService
	lmo.AgreementService
	web.Pinger
	web.Versioner
}

// routeServer returns a test server over db and the patterns of every
// route it registers.
func routeServer(t *testing.T, db stores) (*httptest.Server, []string) {
	t.Helper()
	ts, srv := serveStores(t, db)
	patterns := web.RoutePatterns(srv)
	if len(patterns) < 20 {
		t.Fatalf("only %d routes recorded: %v", len(patterns), patterns)
	}
	return ts, patterns
}

var wildcard = regexp.MustCompile(`\{[^}]*\}`)

// routePaths returns the paths that reach pattern with bad in each of its
// wildcards in turn (a prefix pattern takes it as its last segment), and
// the path that reaches it with ordinary values.
func routePaths(pattern, bad string) (paths []string, plain string) {
	_, path, ok := strings.Cut(pattern, " ")
	if !ok {
		path = pattern
	}
	path = strings.ReplaceAll(path, "{$}", "")
	names := wildcard.FindAllStringIndex(path, -1)
	for i := range names {
		var b strings.Builder
		last := 0
		for j, m := range names {
			b.WriteString(path[last:m[0]])
			if i == j {
				b.WriteString(bad)
			} else {
				b.WriteString("x")
			}
			last = m[1]
		}
		paths = append(paths, b.String()+path[last:])
	}
	plain = wildcard.ReplaceAllString(path, "x")
	if strings.HasSuffix(path, "/") && path != "/" || path == "/" && pattern == "/" {
		paths = append(paths, path+bad)
	}
	return paths, plain
}

// TestEdgeEveryRoute walks every route that routes.go registers (the
// patterns come from the registration itself, so a new route is covered
// by construction) with bad values in each path wildcard and in a query
// parameter, known and unknown: each is a 400 in the site's form (problem
// JSON under /api/, the error page elsewhere), never a 500.
func TestEdgeEveryRoute(t *testing.T) {
	walkRoutes(t, seededDB(t))
}

// TestEdgeEveryRoutePostgres walks the routes on PostgreSQL, which
// answered 500 to NUL and invalid UTF-8 where SQLite answered 404.
func TestEdgeEveryRoutePostgres(t *testing.T) {
	db := pgtest.Open(t)
	data, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := starter.Seed(context.Background(), db, data); err != nil {
		t.Fatal(err)
	}
	walkRoutes(t, db)
}

// walkRoutes requests every route of a server over db with bad path and
// query values.
func walkRoutes(t *testing.T, db stores) {
	ts, patterns := routeServer(t, db)
	tried := 0
	for _, pattern := range patterns {
		for _, bad := range badPathValues {
			paths, _ := routePaths(pattern, bad)
			for _, p := range paths {
				checkRejected(t, ts, p)
				tried++
			}
		}
		for _, bad := range badQueryValues {
			_, plain := routePaths(pattern, "")
			for _, q := range []string{"q=" + bad, "region=" + bad, "zz=" + bad, bad + "=1"} {
				checkRejected(t, ts, plain+"?"+q)
				tried++
			}
		}
	}
	t.Logf("%d routes, %d hostile requests", len(patterns), tried)
}

// TestEdgeReproductions are the requests of issue 7 that answered 500 on
// PostgreSQL, and malformed query strings.
func TestEdgeReproductions(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, p := range []string{"/practices/%00", "/practices/%FF", "/practices/%C3%28", "/practices/%ED%A0%80",
		"/practices/a%00b", "/practices/%00/cite.bib", "/countries/%00", "/api/v1/practices/%00",
		"/practices?q=%zz", "/api/v1/practices?q=a;b", "/practices?q=" + strings.Repeat("%E2%82%AC", 1400),
		// An escaped slash keeps a wildcard's value in one segment: each
		// segment is short, the value is not.
		"/practices/" + strings.Repeat(strings.Repeat("x", 200)+"%2F", 2) + "/cite.ris"} {
		checkRejected(t, ts, p)
	}
	// Values at the limits pass the edge.
	for _, p := range []string{"/practices/" + strings.Repeat("x", 256), "/practices?q=" + strings.Repeat("%E2%82%AC", 500)} {
		if resp, body := get(t, ts, p); resp.StatusCode != 404 && resp.StatusCode != 200 {
			t.Errorf("GET %.80s: %d, want it past the edge: %.200s", p, resp.StatusCode, body)
		}
	}
}

// checkRejected requests path and checks that it is a 400 in the form of
// its part of the site.
func checkRejected(t *testing.T, ts *httptest.Server, path string) {
	t.Helper()
	resp, body := get(t, ts, path)
	short := path[:min(len(path), 80)]
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET %s: status %d, want 400: %.200s", short, resp.StatusCode, body)
		return
	}
	checkErrorForm(t, short, resp, body)
}

// checkErrorForm checks that an error response is a problem document
// under /api/ and the site's error page elsewhere.
func checkErrorForm(t *testing.T, path string, resp *http.Response, body string) {
	t.Helper()
	ct := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(path, "/api/") {
		if ct != "text/html; charset=utf-8" || !strings.Contains(body, `<main id="main"`) {
			t.Errorf("GET %s: %d is %q, not the error page: %.200s", path, resp.StatusCode, ct, body)
		}
		return
	}
	var p struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal([]byte(body), &p); ct != "application/problem+json" || err != nil || p.Status != resp.StatusCode || p.Detail == "" {
		t.Errorf("GET %s: %d is %q, not a problem document (%v): %.200s", path, resp.StatusCode, ct, err, body)
	}
}
