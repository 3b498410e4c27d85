package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// noRedirect fetches path without following a redirect.
func noRedirect(t *testing.T, ts *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	client := *ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp, resp.Header.Get("Location")
}

// selection returns a query that selects n values of facet, each
// prefixed.
func selection(facet, prefix string, n int) string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return facet + "=" + url.QueryEscape(strings.Join(vs, ","))
}

// repeated returns a query that selects n values of facet, each prefixed,
// repeating the parameter.
func repeated(facet, prefix string, n int) string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = fmt.Sprintf("%s=%s%d", facet, prefix, i)
	}
	return strings.Join(vs, "&")
}

// TestSelectionLimits: what one URL can select is bounded for the page,
// the API, the exports and the feed, with a 400 that says the limit.
func TestSelectionLimits(t *testing.T) {
	ts, _ := newTestServer(t)
	tests := []struct{ query, want string }{
		{repeated("region", "v", 1000), "region may have at most 50 values"},
		{selection("region", "v", 1000), "is too long: 4889 bytes, more than the 4096 allowed"},
		{selection("theme", "v", 51), "theme may have at most 50 values"},
		{selection("theme", "t", 50) + "&" + selection("target", "g", 50) + "&country=PH", "at most 100 values in all, not 101"},
		{"q=" + strings.Repeat("%C3%A9", 501), "q may be at most 500 characters long, not 501"},
		{"country=" + strings.Repeat("%C3%A9", 101), "A value of country may be at most 100 characters long"},
	}
	for _, tt := range tests {
		for _, base := range []string{"/practices", "/api/v1/practices", "/practices.csv", "/practices/feed.atom"} {
			path := base + "?" + tt.query
			resp, body := get(t, ts, path)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
				t.Errorf("GET %.60s: %d, want 400 saying %q: %.300s", path, resp.StatusCode, tt.want, body)
				continue
			}
			checkErrorForm(t, path, resp, body)
		}
	}
	// At the limits, the search runs.
	for _, q := range []string{selection("theme", "t", 50) + "&" + selection("target", "g", 50), "q=" + strings.Repeat("%C3%A9", 500),
		selection("country", "c", 50) + "&" + selection("country", "C", 50)} {
		if resp, body := get(t, ts, "/api/v1/practices?"+q); resp.StatusCode != 200 {
			t.Errorf("GET /api/v1/practices?%.60s: %d: %.300s", q, resp.StatusCode, body)
		}
	}
}

// TestSearchPageLinear: the search page grows with its URL, not with the
// square of its selection: a remove button carries only its own value.
func TestSearchPageLinear(t *testing.T) {
	ts, _ := newTestServer(t)
	size := func(query string) int {
		resp, body := get(t, ts, "/practices?"+query)
		if resp.StatusCode != 200 {
			t.Fatalf("GET /practices?%.60s: %d: %.300s", query, resp.StatusCode, body)
		}
		return len(body)
	}
	// The largest selection: 100 values of 100 characters, and the
	// longest words (which match nothing, so that only the selection
	// changes the page).
	words := "q=" + strings.Repeat("w", 500)
	long := strings.Repeat("y", 98) // and two digits
	full := repeated("theme", long, 50) + "&" + repeated("target", long, 50) + "&" + words
	small := repeated("theme", long, 5) + "&" + repeated("target", long, 5) + "&" + words
	base, big, little := size(words), size(full), size(small)
	t.Logf("search page: %d bytes with the words alone, %d with 10 values (URL %d bytes), %d with 100 (URL %d bytes)", base, little, len(small), big, len(full))
	// Linear: ten times the selection is about ten times the growth, not
	// a hundred.
	if growth := float64(big-base) / float64(little-base); growth > 12 {
		t.Errorf("the page grows %.1f times for ten times the selection: not linear", growth)
	}
	// Each byte of the URL costs the page a bounded number of bytes (the
	// permalink, exports, feed and page links each repeat the search once).
	if perByte := (big - base) / len(full); perByte > 30 {
		t.Errorf("the page grows by %d bytes a URL byte", perByte)
	}
}

// TestRemoveFilter: each remove button leads to the search without its
// filter, and only that one; the search's other state is kept.
func TestRemoveFilter(t *testing.T) {
	ts, _ := newTestServer(t)
	state := "q=domestic&region=africa&region=arab-states&country=ph&year_from=2000&changed_since=2001-01-01&sort=title"
	for rm, want := range map[string]string{
		"region:africa": "/practices?changed_since=2001-01-01T00%3A00%3A00Z&country=PH&q=domestic&region=arab-states&sort=title&year_from=2000",
		"country:PH":    "/practices?changed_since=2001-01-01T00%3A00%3A00Z&q=domestic&region=africa&region=arab-states&sort=title&year_from=2000",
		"q":             "/practices?changed_since=2001-01-01T00%3A00%3A00Z&country=PH&region=africa&region=arab-states&sort=title&year_from=2000",
		"years":         "/practices?changed_since=2001-01-01T00%3A00%3A00Z&country=PH&q=domestic&region=africa&region=arab-states&sort=title",
	} {
		resp, loc := noRedirect(t, ts, "/practices?"+state+"&remove="+url.QueryEscape(rm))
		if resp.StatusCode != http.StatusSeeOther || loc != want {
			t.Errorf("remove %s: %d to %s, want 303 to %s", rm, resp.StatusCode, loc, want)
		}
	}
	_, page := get(t, ts, "/practices?"+state)
	for _, want := range []string{`name="remove" value="region:africa"`, `name="remove" value="country:PH"`, `name="remove" value="q"`,
		`name="remove" value="years"`, `<input type="hidden" name="changed_since" value="2001-01-01T00:00:00Z">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}
