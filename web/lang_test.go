package web_test

import (
	"github.com/lmo-observatory/lmo/web"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// noFollow is a client of ts that reports redirects instead of following
// them.
func noFollow(ts interface{ Client() *http.Client }) *http.Client {
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// TestLanguagePrefixes: /fr and /es serve the same pages in French and
// Spanish, every link on them stays in the language (but assets and the API
// do not), the switch leads to the same view in each language, and the
// response cache keeps the languages apart.
func TestLanguagePrefixes(t *testing.T) {
	ts, _ := newTestServer(t)
	_, en := get(t, ts, "/practices?q=domestic&sort=title")
	for _, lang := range []string{"fr", "es"} {
		path := "/" + lang + "/practices?q=domestic&sort=title"
		resp, body := get(t, ts, path)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		checkPage(t, path, resp, body)
		if body == en {
			t.Errorf("GET %s: the English page (the response cache must keep the languages apart)", path)
		}
		for _, link := range regexp.MustCompile(` (?:href|action)="(/[^"]*)"`).FindAllStringSubmatch(body, -1) {
			addr := link[1]
			switch {
			case strings.HasPrefix(addr, "/"+lang+"/"), addr == "/"+lang:
			case strings.HasPrefix(addr, "/static/"), strings.HasPrefix(addr, "/api/v1/"):
			default:
				t.Errorf("GET %s: a link leaves the language: %s", path, addr)
			}
		}
		for _, want := range []string{
			`<link rel="canonical" href="` + ts.URL + "/" + lang + `/practices?`,
			`<link rel="alternate" hreflang="en" href="` + ts.URL + `/practices?q=domestic&amp;sort=title">`,
			`<link rel="alternate" hreflang="x-default" href="` + ts.URL + `/practices?q=domestic&amp;sort=title">`,
			`<link rel="alternate" hreflang="fr" href="` + ts.URL + `/fr/practices?q=domestic&amp;sort=title">`,
			`<a href="` + ts.URL + `/es/practices?q=domestic&amp;sort=title" lang="es" hreflang="es"`,
			`<a href="` + ts.URL + `/practices?q=domestic&amp;sort=title" lang="en" hreflang="en"><span class="lang-name">English</span>`,
			`href="/static/`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: no %s", path, want)
			}
		}
		if !strings.Contains(body, `lang="`+lang+`" hreflang="`+lang+`" aria-current="true"`) {
			t.Errorf("GET %s: the switch does not mark the current language", path)
		}
	}
	for _, path := range []string{"/fr/api/v1/practices", "/es/static/x/style.css", "/fr/healthz", "/fr/fr/practices"} {
		if resp, _ := get(t, ts, path); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404 (it has no language form)", path, resp.StatusCode)
		}
	}
}

// TestLanguageRedirects: a redirect stays in its language, and only the
// home page follows Accept-Language, as a redirect that /?lang=en undoes.
func TestLanguageRedirects(t *testing.T) {
	ts, _ := newTestServer(t)
	c := noFollow(ts)
	cases := []struct {
		path, accept string
		status       int
		location     string
	}{
		{"/", "fr-CH, fr;q=0.9, en;q=0.8", 302, "/fr"},
		{"/", "es-419,es;q=0.9", 302, "/es"},
		{"/", "de-DE, en;q=0.5", 200, ""},
		{"/", "", 200, ""},
		{"/?lang=en", "fr", 200, ""},
		{"/fr", "en", 200, ""},
		{"/practices", "fr", 200, ""},
		{"/fr/countries/ph", "", 301, "/fr/countries/PH"},
		{"/countries/ph", "", 301, "/countries/PH"},
	}
	for _, tc := range cases {
		req, _ := http.NewRequest("GET", ts.URL+tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Language", tc.accept)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location {
			t.Errorf("GET %s (Accept-Language %q): %d %q, want %d %q", tc.path, tc.accept, resp.StatusCode, resp.Header.Get("Location"), tc.status, tc.location)
		}
		if tc.path == "/" && !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Language") {
			t.Errorf("GET / (Accept-Language %q): no Vary: Accept-Language", tc.accept)
		}
	}
	_, home := get(t, ts, "/fr")
	if !strings.Contains(home, `href="`+ts.URL+`/?lang=en" lang="en"`) {
		t.Errorf("/fr: the switch's English link does not undo the redirect (/?lang=en)")
	}
}

// contentOverlap are the pages whose content may use the catalog's English
// words in its own right: /sources lists documents by their titles, in the
// languages they were published in. Agreements, on every page, are named
// by their titles ("Social security agreement between Japan and
// Australia"), which have no translation: the agreement types' English
// names are not looked for.
var contentOverlap = map[string]string{"/sources": "*"}

// TestPagesInEveryLanguage: every public page answers in French and
// Spanish with no English left where the catalog has the language's own
// text, and the same status as in English.
func TestPagesInEveryLanguage(t *testing.T) {
	ts, _ := newTestServer(t)
	slug := firstSlug(t, ts, ts.URL+"/api/v1/practices?q=domestic")
	paths := []string{"/", "/practices", "/practices?q=domestic+workers&region=arab-states", "/practices?year_from=abc",
		"/practices/" + slug, "/countries", "/countries/PH", "/countries/SA", "/corridors/PH-SA", "/regions/arab-states",
		"/regions/world", "/about", "/sources", "/instruments", "/instruments/C189", "/instruments/C189/history",
		"/agreements", "/agreements/matrix", "/projects", "/organisations", "/statistics", "/nowhere",
		"/practices/no-such-practice"}
	for _, path := range paths {
		enResp, _ := get(t, ts, path)
		for _, lang := range []string{"fr", "es"} {
			lpath := "/" + lang + path
			if path == "/" {
				lpath = "/" + lang
			}
			resp, body := get(t, ts, lpath)
			if resp.StatusCode != enResp.StatusCode {
				t.Errorf("GET %s: %d, but %d in English", lpath, resp.StatusCode, enResp.StatusCode)
			}
			checkPage(t, lpath, resp, body)
			for _, left := range web.EnglishLeft(lang, body) {
				if p, ok := contentOverlap[path]; (ok && p == "*") || strings.HasPrefix(left, "agreements.type.") {
					continue
				}
				t.Errorf("GET %s: English left: %s", lpath, left)
			}
		}
	}
}
