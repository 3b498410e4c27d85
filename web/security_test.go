package web_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/starter"
)

// sqliStrings reads testdata/sqli-strings.txt: classic SQL injection
// strings, LIKE wildcards, escapes and full-text syntax, one a line.
func sqliStrings(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "sqli-strings.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil || len(lines) == 0 {
		t.Fatalf("sqli-strings.txt: %d lines, %v", len(lines), err)
	}
	return lines
}

// The query parameters that the lists read, by kind of list.
var (
	practiceSearchParams = append([]string{"q", "year_from", "year_to", "changed_since", "sort", "page", "per_page", "remove"}, lmo.Facets...)
	countryListParams    = []string{"q", "region", "with"}
	standardsParams      = []string{"as_of", "from", "to", "instrument", "country"}
	observationParams    = []string{"indicator", "area", "origin", "sex", "time", "edition", "changed_since", "cursor", "limit"}
	explorerParams       = []string{"area", "origin", "sex", "from", "to", "year", "edition", "view", "chart"}
)

// queryParams returns the parameters that the route of pattern reads.
func queryParams(pattern string) []string {
	_, path, _ := strings.Cut(pattern, " ")
	switch {
	case path == "/practices" || path == "/api/v1/practices" || path == "/practices/feed.atom" || strings.HasPrefix(path, "/practices."):
		return practiceSearchParams
	case path == "/countries" || path == "/api/v1/countries":
		return countryListParams
	case strings.Contains(path, "instruments") || strings.Contains(path, "ratifications") || strings.Contains(path, "parties"):
		return standardsParams
	case strings.HasPrefix(path, "/observations") || path == "/api/v1/observations":
		return observationParams
	case strings.HasPrefix(path, "/statistics/"):
		return explorerParams
	}
	return []string{"q", "page"}
}

// sameAsCSV reports whether a route is the JSON or XLSX twin of a CSV
// export: the same parser and the same store query, only written in
// another format, so the walk leaves it to the CSV.
func sameAsCSV(pattern string) bool {
	return !strings.Contains(pattern, "/api/") && (strings.HasSuffix(pattern, ".json") || strings.HasSuffix(pattern, ".xlsx"))
}

// narrow returns a filter to add beside the parameter name on a route
// that would otherwise export every observation (some seconds each, for
// no more coverage): observations of one small area, or of no year.
func narrow(pattern, name string) string {
	if !strings.Contains(pattern, "observations") {
		return ""
	}
	if name == "area" {
		return "&time=1950..1951"
	}
	return "&area=IS"
}

// storeFilterRoute reports whether a route's filters reach the store's
// queries (and not only the node's in-memory lists): the routes walked on
// PostgreSQL.
func storeFilterRoute(pattern string) bool {
	switch pattern {
	case "GET /api/v1/practices", "GET /practices.csv", "GET /api/v1/ratifications", "GET /api/v1/observations",
		"GET /observations.csv", "GET /api/v1/instruments/{code}/parties", "GET /api/v1/countries", "GET /api/v1/practices/{id}",
		"GET /practices/{slug}", "GET /countries/{code}", "GET /api/v1/indicators/{code}":
		return true
	}
	return false
}

// TestSQLInjectionEveryRoute sends every string of sqli-strings.txt in
// every query parameter that each route reads and in each path wildcard
// of every route (the patterns come from the registration, so a new route
// is covered): each answer is an ordinary 200, 400 or 404, never a 5xx,
// and every table is as it was, row for row.
func TestSQLInjectionEveryRoute(t *testing.T) {
	db := seededDB(t)
	walkInjections(t, db, func(string) bool { return true })
}

// TestSQLInjectionPostgres walks the routes whose filters reach the
// store's queries on PostgreSQL.
func TestSQLInjectionPostgres(t *testing.T) {
	db := pgtest.Open(t)
	data, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := starter.Seed(context.Background(), db, data); err != nil {
		t.Fatal(err)
	}
	walkInjections(t, db, storeFilterRoute)
}

// walkInjections requests the routes that want accepts with the injection
// strings and compares the tables' sums before and after.
func walkInjections(t *testing.T, db stores, want func(pattern string) bool) {
	ts, patterns := routeServer(t, db)
	whole, ok := db.(interface{ Database() *sqlstore.DB })
	if !ok {
		t.Fatalf("%T has no Database", db)
	}
	ctx := context.Background()
	before, err := whole.Database().Sums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	strs := sqliStrings(t)
	tried := 0
	for _, pattern := range patterns {
		if !want(pattern) || !strings.HasPrefix(pattern, "GET ") || sameAsCSV(pattern) {
			continue
		}
		for _, s := range strs {
			paths, plain := routePaths(pattern, url.PathEscape(s))
			for _, p := range paths {
				checkOrdinary(t, ts.URL, p)
				tried++
			}
			for _, name := range queryParams(pattern) {
				checkOrdinary(t, ts.URL, plain+"?"+name+"="+url.QueryEscape(s)+narrow(pattern, name))
				tried++
			}
		}
	}
	after, err := whole.Database().Sums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlstore.CompareSums(before, after); err != nil {
		t.Errorf("the tables changed: %v", err)
	}
	t.Logf("%d injection strings, %d requests", len(strs), tried)
}

// checkOrdinary requests a path and checks that the answer is 200, 400 or
// 404, 401 (an API route for signed-in users, asked anonymously), or a
// redirect to a well-formed address on the site other than the
// one asked for, whatever the URL holds.
func checkOrdinary(t *testing.T, base, path string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The transport, not a client: a client fails on a Location it cannot
	// parse before anyone sees it.
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusBadRequest, http.StatusNotFound:
	case http.StatusUnauthorized:
		if !strings.HasPrefix(path, "/api/") {
			t.Errorf("GET %.120s: 401 outside the API", path)
		}
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
		loc := resp.Header.Get("Location")
		u, err := url.Parse(loc)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || loc == path {
			t.Errorf("GET %.120s: %d to %q (%v)", path, resp.StatusCode, loc, err)
		}
	default:
		t.Errorf("GET %.120s: %d", path, resp.StatusCode)
	}
}
