package web_test

import (
	"encoding/json"
	"html"
	"net/url"
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo/web"
)

// practiceJSON is what these tests read of a practice from the API.
type practiceJSON struct {
	ID        int64  `json:"id"`
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	CreatedAt string `json:"created_at"`
	Countries []struct {
		Code string `json:"code"`
	} `json:"countries"`
	Themes        []string `json:"themes"`
	GCMObjectives []string `json:"gcm_objectives"`
	Instruments   []string `json:"instruments"`
	SDGTargets    []string `json:"sdg_targets"`
}

// listPractices returns the practices that the API lists at path.
func listPractices(t *testing.T, body string) []practiceJSON {
	t.Helper()
	var list struct {
		Items []practiceJSON `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("API list: %v", err)
	}
	return list.Items
}

// metaContent returns the content of a <meta> (property or name) or the href of a
// <link rel>, unescaped; "" when the page has none.
func metaContent(page, key string) string {
	re := regexp.MustCompile(`<meta (?:property|name)="` + regexp.QuoteMeta(key) + `" content="([^"]*)">`)
	if m := re.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// canonical returns the href of a page's canonical link, unescaped.
func canonical(page string) string {
	if m := regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`).FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// TestPracticePageLayout checks a practice page: key facts before the
// description and the revision history, terms linked to their searches,
// the related practices, the Open Graph tags and the revision author.
func TestPracticePageLayout(t *testing.T) {
	ts, _ := newTestServer(t)
	_, body := get(t, ts, "/api/v1/practices?per_page=100")
	all := listPractices(t, body)
	bySlug := map[string]practiceJSON{}
	for _, x := range all {
		bySlug[x.Slug] = x
	}
	var p practiceJSON
	for _, x := range all {
		if len(x.Instruments) > 0 && len(x.SDGTargets) > 0 && len(x.Themes) > 0 && len(x.GCMObjectives) > 0 {
			p = x
			break
		}
	}
	if p.Slug == "" {
		t.Fatal("the starter data has no practice with instruments, SDG targets, themes and GCM objectives")
	}
	resp, page := get(t, ts, "/practices/"+p.Slug)
	if resp.StatusCode != 200 {
		t.Fatalf("GET practice: %d", resp.StatusCode)
	}
	facts, desc, history := strings.Index(page, `id="facts-h"`), strings.Index(page, `id="desc-h"`), strings.Index(page, `id="history-h"`)
	if facts < 0 || desc < 0 || history < 0 || !(facts < desc && desc < history) {
		t.Errorf("key facts at %d, description at %d, history at %d: key facts must come first", facts, desc, history)
	}
	for _, want := range []string{
		`href="/practices?theme=` + url.QueryEscape(p.Themes[0]) + `"`,
		`href="/practices?gcm=` + url.QueryEscape(p.GCMObjectives[0]) + `"`,
		`href="/practices?instrument=` + url.QueryEscape(p.Instruments[0]) + `"`,
		`href="/practices?sdg=` + url.QueryEscape(p.SDGTargets[0]) + `"`,
		`href="/practices?status=`,
		"LMO editors, from the starter dataset",
	} {
		if !strings.Contains(page, html.EscapeString(want)) && !strings.Contains(page, want) {
			t.Errorf("practice page lacks %s", want)
		}
	}
	if strings.Contains(page, "system (starter dataset)") {
		t.Error("the revision history still reads 'system (starter dataset)'")
	}

	// Open Graph and the canonical address.
	self := ts.URL + "/practices/" + p.Slug
	for key, want := range map[string]string{
		"og:title": p.Title, "og:description": p.Summary, "og:url": self, "og:type": "article",
		"og:site_name": "Labour Migration Observatory", "twitter:card": "summary",
	} {
		if got := metaContent(page, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if got := canonical(page); got != self {
		t.Errorf("canonical = %q, want %q", got, self)
	}

	// Related practices: at most five others, each sharing a country, a
	// theme or an objective, with a line that says what.
	i := strings.Index(page, `id="related-h"`)
	if i < 0 {
		t.Fatal("no related practices")
	}
	section := page[i:]
	section = section[:strings.Index(section, "</section>")]
	links := regexp.MustCompile(`<li><a href="/practices/([a-z0-9-]+)">`).FindAllStringSubmatch(section, -1)
	if len(links) == 0 || len(links) > 5 {
		t.Fatalf("%d related practices, want 1 to 5", len(links))
	}
	if n := strings.Count(section, "Shares "); n != len(links) {
		t.Errorf("%d 'Shares' lines for %d related practices", n, len(links))
	}
	for _, l := range links {
		if l[1] == p.Slug {
			t.Errorf("the practice is related to itself")
		}
		q, ok := bySlug[l[1]]
		if !ok {
			t.Errorf("related practice %s is not a published practice", l[1])
		}
		if !sharesAny(p, q) {
			t.Errorf("related practice %s shares no country, theme or objective with %s", l[1], p.Slug)
		}
	}
}

// codes returns a practice's country codes.
func codes(p practiceJSON) []string {
	var out []string
	for _, c := range p.Countries {
		out = append(out, c.Code)
	}
	return out
}

// sharesAny reports whether q shares a country, theme or GCM objective
// with p.
func sharesAny(p, q practiceJSON) bool {
	for _, c := range codes(p) {
		if slices.Contains(codes(q), c) {
			return true
		}
	}
	for _, v := range p.Themes {
		if slices.Contains(q.Themes, v) {
			return true
		}
	}
	for _, v := range p.GCMObjectives {
		if slices.Contains(q.GCMObjectives, v) {
			return true
		}
	}
	return false
}

// TestCanonicalOnEveryPage checks that every page names its canonical
// address, a search its permalink.
func TestCanonicalOnEveryPage(t *testing.T) {
	ts, _ := newTestServer(t)
	for path, want := range map[string]string{
		"/": "/", "/practices": "/practices", "/practices?theme=fair-recruitment&sort=title": "/practices?sort=title&theme=fair-recruitment",
		"/countries": "/countries", "/countries/PH": "/countries/PH", "/about": "/about", "/sources": "/sources", "/api": "/api",
	} {
		_, page := get(t, ts, path)
		if got := canonical(page); got != ts.URL+want {
			t.Errorf("GET %s: canonical %q, want %q", path, got, ts.URL+want)
		}
		if got := metaContent(page, "og:url"); got != ts.URL+want {
			t.Errorf("GET %s: og:url %q, want %q", path, got, ts.URL+want)
		}
	}
}

// TestResultCardTermsAreLinks checks that the themes on result cards link to
// their searches.
func TestResultCardTermsAreLinks(t *testing.T) {
	ts, _ := newTestServer(t)
	_, page := get(t, ts, "/practices")
	tags := regexp.MustCompile(`<ul class="tags">(.*?)</ul>`).FindAllStringSubmatch(page, -1)
	if len(tags) == 0 {
		t.Fatal("no result card shows its themes")
	}
	for _, tt := range tags {
		items, links := strings.Count(tt[1], "<li>"), len(regexp.MustCompile(`<li><a href="/practices\?theme=[a-z0-9-]+">`).FindAllString(tt[1], -1))
		if items == 0 || items != links {
			t.Errorf("%d themes, %d linked to their search: %s", items, links, tt[1])
		}
	}
}

// TestAPIReference checks that the API reference page lists every path and
// parameter of openapi.json, that the menu leads there and that the JSON
// stays at its address.
func TestAPIReference(t *testing.T) {
	ts, _ := newTestServer(t)
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Parameters map[string]struct {
				Name string `json:"name"`
			} `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	resp, page := get(t, ts, "/api")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api: %d", resp.StatusCode)
	}
	checkPage(t, "/api", resp, page)
	for path, methods := range doc.Paths {
		for method := range methods {
			if want := "<code>" + strings.ToUpper(method) + " " + path + "</code>"; !strings.Contains(page, want) {
				t.Errorf("the API reference lacks %s", want)
			}
		}
	}
	for _, p := range doc.Components.Parameters {
		if !strings.Contains(page, "<code>"+p.Name+"</code>") {
			t.Errorf("the API reference lacks the parameter %s", p.Name)
		}
	}
	if !strings.Contains(page, `<a href="/api" aria-current="page">API</a>`) {
		t.Error("the footer's API link does not lead to the reference")
	}
	if resp, _ := get(t, ts, "/api/v1/openapi.json"); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("the OpenAPI document: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestBuildVersion checks the version string from build information.
func TestBuildVersion(t *testing.T) {
	info := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/lmo-observatory/lmo", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	rev := "0123456789abcdef0123456789abcdef01234567"
	for _, tt := range []struct {
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{info("(devel)"), true, "development build"},
		{info("(devel)", "vcs.revision", rev, "vcs.time", "2026-12-01T10:20:30Z", "vcs.modified", "true"), true,
			"development build, revision 0123456789ab of 2026-12-01, with local changes"},
		{info("v1.2.0", "vcs.revision", rev, "vcs.modified", "false"), true, "v1.2.0, revision 0123456789ab"},
		{info("v0.0.0-20261201102030-0123456789ab+dirty", "vcs.revision", rev, "vcs.time", "2026-12-01T10:20:30Z", "vcs.modified", "true"), true,
			"development build, revision 0123456789ab of 2026-12-01, with local changes"},
		{info("v1.2.1-0.20261201102030-0123456789ab", "vcs.revision", rev), true, "development build, revision 0123456789ab"},
		{nil, false, "unknown"},
	} {
		if got := web.BuildVersion(tt.info, tt.ok); got != tt.want {
			t.Errorf("BuildVersion = %q, want %q", got, tt.want)
		}
	}
}

// TestNotFoundSearchBox checks that the 404 page offers a search.
func TestNotFoundSearchBox(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, page := get(t, ts, "/practices/no-such-practice")
	if resp.StatusCode != 404 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if !regexp.MustCompile(`<form[^>]*action="/practices"[^>]*role="search">\s*<label for="error-q">[^<]+</label>\s*<div class="row"><input id="error-q" name="q"`).MatchString(page) {
		t.Error("the 404 page has no search box")
	}
}

// TestHomeFigures checks the home page's links, its note on regions and the
// order of its recently added practices.
func TestHomeFigures(t *testing.T) {
	ts, _ := newTestServer(t)
	_, page := get(t, ts, "/")
	for _, want := range []string{`<a href="/countries?with=practices"><strong>`, `<a href="/sources"><strong>`,
		"counts once in every region it concerns", "<h2 id=\"latest\">Recently added</h2>", "newest first"} {
		if !strings.Contains(page, html.EscapeString(want)) && !strings.Contains(page, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	// Recently added: newest first, as the API's default order lists them.
	_, body := get(t, ts, "/api/v1/practices?per_page=5")
	latest := listPractices(t, body)
	var want []string
	for i, p := range latest {
		want = append(want, p.Slug)
		if i > 0 && p.CreatedAt > latest[i-1].CreatedAt {
			t.Errorf("%s was added after %s but comes later", p.Slug, latest[i-1].Slug)
		}
	}
	i := strings.Index(page, `id="latest"`)
	var got []string
	for _, m := range regexp.MustCompile(`<h3><a href="/practices/([a-z0-9-]+)">`).FindAllStringSubmatch(page[i:], -1) {
		got = append(got, m[1])
	}
	if !slices.Equal(got, want) {
		t.Errorf("recently added %v, want %v", got, want)
	}
	if n := strings.Count(page[i:], " · added "); n != len(want) {
		t.Errorf("%d of %d recently added practices say when", n, len(want))
	}
	// The figure of citations is what the sources page counts.
	figure := regexp.MustCompile(`<a href="/sources"><strong>(\d+)</strong>`).FindStringSubmatch(page)
	_, sources := get(t, ts, "/sources")
	if figure == nil || !strings.Contains(sources, figure[1]+" citations of ") {
		t.Errorf("the home page's %v citations are not what the sources page counts", figure)
	}
}

// TestFooter checks that the footer's claim is one the data keep and that it
// links to the sources.
func TestFooter(t *testing.T) {
	ts, _ := newTestServer(t)
	_, page := get(t, ts, "/about")
	for _, want := range []string{"Every practice cites its sources.", `href="/about#data-h"`, `href="/sources"`, `<a href="/api">API</a>`, "Version test"} {
		if !strings.Contains(page, want) {
			t.Errorf("footer lacks %s", want)
		}
	}
	if !strings.Contains(page, `id="data-h"`) {
		t.Error("the about page has no section on where the data come from")
	}
}

// TestSourcesPages checks that the sources page lists every cited source a
// hundred at a time, with links between its pages.
func TestSourcesPages(t *testing.T) {
	ts, _ := newTestServer(t)
	_, first := get(t, ts, "/sources")
	m := regexp.MustCompile(`(\d+) citations of (\d+) sources`).FindStringSubmatch(first)
	if m == nil {
		t.Fatal("the sources page does not say how many sources there are")
	}
	total, _ := strconv.Atoi(m[2])
	shown := strings.Count(first, "<p class=\"meta\">Cited by: ")
	if want := min(total, 100); shown != want {
		t.Errorf("the first page lists %d sources, want %d", shown, want)
	}
	if total <= 100 {
		t.Skipf("%d sources: one page", total)
	}
	if !strings.Contains(first, `<a href="/sources?page=2" rel="next">`) {
		t.Error("the first page has no link to the second")
	}
	resp, second := get(t, ts, "/sources?page=2")
	if resp.StatusCode != 200 || !strings.Contains(second, `<ol class="cited" start="101">`) || !strings.Contains(second, `<a href="/sources" rel="prev">`) {
		t.Errorf("the second page: status %d, or it does not go on from 101 and back to the first", resp.StatusCode)
	}
	if got := canonical(second); got != ts.URL+"/sources?page=2" {
		t.Errorf("the second page's canonical address is %q", got)
	}
	for path, status := range map[string]int{"/sources?page=99": 404, "/sources?page=abc": 400, "/sources?page=0": 400} {
		if resp, _ := get(t, ts, path); resp.StatusCode != status {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, status)
		}
	}
}
