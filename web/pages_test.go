package web_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if seedDir != "" {
		os.RemoveAll(seedDir)
	}
	os.Exit(code)
}

// firstSlug returns the slug of the first practice that the API lists for
// query.
func firstSlug(t *testing.T, ts interface{ Client() *http.Client }, url string) string {
	t.Helper()
	resp, err := ts.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Items []struct {
			ID   int64  `json:"id"`
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list.Items) == 0 {
		t.Fatalf("no practice listed at %s: %v", url, err)
	}
	return list.Items[0].Slug
}

func TestPages(t *testing.T) {
	ts, _ := newTestServer(t)
	slug := firstSlug(t, ts, ts.URL+"/api/v1/practices?q=domestic")
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{"<h1>Labour Migration Observatory</h1>", "good practices", "Arab States", "Recently added"}},
		{"/practices", 200, []string{`<form id="search"`, "practices found", `name="region"`, "Download these results"}},
		{"/practices?q=domestic+workers&sort=title", 200, []string{`value="domestic workers"`, "<mark>", `<option value="title" selected>`}},
		{"/practices/" + slug, 200, []string{"Cite this practice", "@misc{lmo-" + slug, "Revision history", "Sources", `href="/countries/`}},
		{"/countries", 200, []string{"Philippines", "Arab States", "Not assigned to an ILO region", `<form id="country-filter"`}},
		{"/countries/PH", 200, []string{"<h1>Philippines</h1>", "PHL", "Asia and the Pacific", "South-eastern Asia"}},
		{"/about", 200, []string{"Where the data come from", "A/RES/73/195"}},
		{"/sources", 200, []string{"<h1>Cited sources</h1>", "Cited by"}},
		{"/api", 200, []string{"<h1>API reference</h1>", "GET /api/v1/practices"}},
		{"/practices/no-such-practice", 404, []string{"404", "There is no practice"}},
		{"/countries/ZZ", 404, []string{"There is no country"}},
		{"/nowhere", 404, []string{"There is no page at this address."}},
		{"/practices?year_from=abc", 400, []string{`<form id="search"`, `value="abc"`, "Enter a year from 1900 to 2100", `aria-invalid="true"`, "practices found"}},
		{"/practices?year_from=2030&year_to=2000", 400, []string{`<form id="search"`, `value="2030"`, "The first year (2030) is after the last year (2000)"}},
		{"/practices?page=999", 200, []string{"There is no page 999: this search has", "Last page"}},
	}
	for _, tt := range tests {
		resp, body := get(t, ts, tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", tt.path, ct)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: body lacks %q", tt.path, w)
			}
		}
		checkPage(t, tt.path, resp, body)
	}
}

var (
	inlineScript  = regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]+</script>|<script>`)
	inlineHandler = regexp.MustCompile(`\son[a-z]+=`)
	inlineStyle   = regexp.MustCompile(`\sstyle=`)
)

// checkPage checks what every HTML page must be: a full message catalog, no
// inline script or style (the CSP forbids them), the security headers, and
// nothing fetched from another host.
func checkPage(t *testing.T, path string, resp *http.Response, body string) {
	t.Helper()
	if strings.Contains(body, "??") {
		i := strings.Index(body, "??")
		t.Errorf("GET %s: a message is missing from the catalog near %q", path, body[max(0, i-20):min(len(body), i+40)])
	}
	for _, re := range []*regexp.Regexp{inlineScript, inlineHandler, inlineStyle} {
		if m := re.FindString(body); m != "" {
			t.Errorf("GET %s: inline code the CSP would block: %q", path, m)
		}
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("GET %s: no %s header", path, h)
		}
	}
	if m := regexp.MustCompile(`(?:src|href)="(?:https?:)?//[^"]*"`).FindAllString(body, -1); len(m) > 0 {
		for _, link := range m {
			if strings.HasPrefix(link, "src") || strings.Contains(link, "stylesheet") {
				t.Errorf("GET %s: fetches from another host: %s", path, link)
			}
		}
	}
	lang := "en"
	if strings.HasPrefix(path, "/fr/") || path == "/fr" {
		lang = "fr"
	} else if strings.HasPrefix(path, "/es/") || path == "/es" {
		lang = "es"
	}
	if !strings.Contains(body, `<html lang="`+lang+`">`) || !strings.Contains(body, `<main id="main"`) {
		t.Errorf("GET %s: no lang attribute or main landmark", path)
	}
}

// TestPageWeight: the heaviest pages, with their assets, stay under 100 KB:
// the search page, and the instrument pages with their map and chart.
func TestPageWeight(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, path := range []string{"/practices", "/instruments/C189", "/instruments/ICMW", "/instruments/C097", "/countries/PH", "/corridors/PH-SA", "/regions/arab-states", "/regions/001"} {
		_, page := get(t, ts, path)
		total := len(page)
		for _, asset := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page, -1) {
			resp, body := get(t, ts, asset[1])
			if resp.StatusCode != 200 {
				t.Fatalf("asset %s: %d", asset[1], resp.StatusCode)
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
				t.Errorf("asset %s: Cache-Control %q, want immutable", asset[1], cc)
			}
			total += len(body)
		}
		t.Logf("%s with its assets: %d bytes", path, total)
		if total > 100<<10 {
			t.Errorf("%s and its assets weigh %d bytes, more than 100 KB", path, total)
		}
	}
}

func TestSearchPageFilters(t *testing.T) {
	ts, _ := newTestServer(t)
	var api struct {
		Total  int `json:"total"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	q := "?region=arab-states&region=africa&stage=employment"
	resp, body := get(t, ts, "/api/v1/practices"+q)
	if resp.StatusCode != 200 {
		t.Fatalf("API: %d %s", resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	if api.Total == 0 {
		t.Fatalf("the starter data has no employment-stage practice in Africa or the Arab States")
	}
	_, page := get(t, ts, "/practices"+q)
	if want := regexp.MustCompile(`(\d+) practices? found`).FindStringSubmatch(page); want == nil || want[1] != itoa(api.Total) {
		t.Errorf("page count %v, API total %d", want, api.Total)
	}
	for _, v := range []string{"arab-states", "africa"} {
		if !regexp.MustCompile(`name="region" value="` + v + `" checked`).MatchString(page) {
			t.Errorf("region %s is not checked on the page", v)
		}
	}
	// Every facet count on the page is the API's.
	for facet, counts := range api.Facets {
		for _, c := range counts {
			re := regexp.MustCompile(`name="` + facet + `" value="` + regexp.QuoteMeta(c.Value) + `"[^>]*>\s*<label[^>]*>[^<]*<span class="n">\((\d+)\)`)
			m := re.FindStringSubmatch(page)
			if m == nil || m[1] != itoa(c.Count) {
				t.Errorf("facet %s=%s: page shows %v, API %d", facet, c.Value, m, c.Count)
			}
		}
	}
	// Removing a filter: its button submits the form (every other filter)
	// with remove=, which redirects to the search without it.
	if !strings.Contains(page, `<button type="submit" name="remove" value="region:arab-states"`) {
		t.Errorf("no button that removes the Arab States filter")
	}
	resp, _ = noRedirect(t, ts, "/practices"+q+"&q=&year_from=&year_to=&sort=relevance&remove=region:arab-states")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/practices?region=africa&stage=employment" {
		t.Errorf("removing the Arab States: %d to %q, want 303 to the search without it", resp.StatusCode, loc)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
