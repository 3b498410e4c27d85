package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestSearchPageHead: the title names the filters and the page, the meta
// description says what the page lists, and the head's Atom link follows
// the search.
func TestSearchPageHead(t *testing.T) {
	ts, _ := newTestServer(t)
	_, body := get(t, ts, "/practices?region=asia-pacific&page=2")
	if !strings.Contains(body, "<title>Good practices: ILO region: Asia and the Pacific, page 2 · Labour Migration Observatory</title>") {
		t.Errorf("title: %s", regexp.MustCompile(`<title>.*</title>`).FindString(body))
	}
	if !regexp.MustCompile(`<meta name="description" content="\d+ good practices in labour migration policy match this search`).MatchString(body) {
		t.Errorf("no meta description of the search")
	}
	if !strings.Contains(body, `<link rel="alternate" type="application/atom+xml" title="Atom feed of this search" href="/practices/feed.atom?region=asia-pacific">`) {
		t.Errorf("the head's Atom link does not follow the search")
	}
	if !strings.Contains(body, `<h2 id="results-h" tabindex="-1">Results</h2>`) {
		t.Errorf("no Results heading")
	}
	if !strings.Contains(body, `<summary id="filters-n">Filters (1 active)</summary>`) {
		t.Errorf("no Filters (1 active) control")
	}
	_, body = get(t, ts, `/practices?q=%22domestic+workers%22`)
	if !strings.Contains(body, `>Words: &#34;domestic workers&#34; <span aria-hidden="true">×</span></button>`) {
		t.Errorf("the chip of a quoted query: %s", regexp.MustCompile(`name="remove" value="q"[^>]*>[^<]*`).FindString(body))
	}
	for _, path := range []string{"/", "/countries", "/countries/PH", "/about"} {
		if _, body := get(t, ts, path); !strings.Contains(body, `<meta name="description" content="`) {
			t.Errorf("GET %s: no meta description", path)
		}
	}
}

// TestSearchPageNoDownloadsWhenEmpty: a search without results offers no
// file to download, but keeps its feed and permalink.
func TestSearchPageNoDownloadsWhenEmpty(t *testing.T) {
	ts, _ := newTestServer(t)
	_, body := get(t, ts, "/practices?q=zzzznothingmatches")
	if strings.Contains(body, "/practices.csv") || strings.Contains(body, "Download these results") {
		t.Errorf("a search with no results offers downloads")
	}
	if !strings.Contains(body, "/practices/feed.atom?q=zzzznothingmatches") {
		t.Errorf("a search with no results lost its feed")
	}
}

// TestSearchPageDropsEmptyFields: the form sent without JavaScript carries
// every field, empty or not; the page redirects to the clean permalink.
func TestSearchPageDropsEmptyFields(t *testing.T) {
	ts, _ := newTestServer(t)
	for path, want := range map[string]string{
		"/practices?q=&year_from=&year_to=&sort=relevance":                 "/practices",
		"/practices?q=workers&year_from=&year_to=2010&sort=relevance":      "/practices?q=workers&year_to=2010",
		"/practices?q=&region=africa&region=arab-states&sort=title&page=2": "/practices?page=2&region=africa&region=arab-states&sort=title",
	} {
		resp, _ := noRedirect(t, ts, path)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 303 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	if resp, _ := noRedirect(t, ts, "/practices?q=workers&sort=title"); resp.StatusCode != 200 {
		t.Errorf("a clean search address answers %d", resp.StatusCode)
	}
}

// TestSearchPageErrors: a parameter that cannot be read keeps the search
// page, with the person's words in the form and the message beside the
// field; a page after the last says so and links to the last one.
func TestSearchPageErrors(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, tt := range []struct{ path, field, want string }{
		{"/practices?q=workers&year_from=abc", "year_from", "Enter a year from 1900 to 2100, or leave the field empty (not “abc”)."},
		{"/practices?q=workers&year_from=2030&year_to=2000", "year_from", "The first year (2030) is after the last year (2000)"},
		{"/practices?q=workers&sort=random", "sort", `Unknown sort order &#34;random&#34;.`},
	} {
		resp, body := get(t, ts, tt.path)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400", tt.path, resp.StatusCode)
		}
		for _, w := range []string{`<form id="search"`, `value="workers"`, `<a href="#` + tt.field + `">` + tt.want, "practices found", "<title>Error: "} {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: the page lacks %q", tt.path, w)
			}
		}
		checkPage(t, tt.path, resp, body)
	}
	_, body := get(t, ts, "/practices?year_from=abc&year_to=2000")
	if !strings.Contains(body, `<div id="years-error"><p class="field-error">Enter a year`) || !strings.Contains(body, `value="abc"`) || !strings.Contains(body, `value="2000"`) {
		t.Errorf("the years error is not beside the field with the words typed")
	}
	_, body = get(t, ts, "/practices?page=999")
	if !strings.Contains(body, "There is no page 999: this search has 3 pages.") || strings.Contains(body, "No practice matches") || strings.Contains(body, "Page 999 of") ||
		!strings.Contains(body, `<a href="/practices?page=3">Last page</a>`) {
		t.Errorf("page 999 is not answered sensibly")
	}
}
