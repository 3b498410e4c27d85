package main

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// axeVersion is the axe-core release the accessibility test expects; .ci/run
// installs it with npm and README says how to do the same.
const axeVersion = "4.14.1"

// axeSource returns the text of axe.min.js: from LMO_AXE_JS, or from the
// npm prefix that .ci/run installs into. Without it the test is skipped on a
// developer machine and fails where LMO_REQUIRE_BROWSER is set (CI).
func axeSource(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("LMO_AXE_JS")}
	if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, ".cache", "lmo-axe", "node_modules", "axe-core", "axe.min.js"))
	}
	for _, path := range candidates {
		if path == "" {
			continue
		}
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
	}
	install := "npm install --no-save --prefix ~/.cache/lmo-axe axe-core@" + axeVersion
	if os.Getenv("LMO_REQUIRE_BROWSER") != "" {
		t.Fatalf("axe-core is not installed, and LMO_REQUIRE_BROWSER is set (%s, or set LMO_AXE_JS)", install)
	}
	t.Skipf("axe-core is not installed (%s, or set LMO_AXE_JS); skipping the accessibility test", install)
	return ""
}

// A view is one way a person sees a page: a viewport and a colour scheme.
type view struct {
	name          string
	width, height int64
	dark          bool
}

var views = []view{
	{"desktop", 1280, 900, false},
	{"phone", 390, 844, false},
	{"desktop dark", 1280, 900, true},
}

// TestBrowserAccessibility runs axe-core (every rule it runs by default:
// WCAG 2.0-2.2 A and AA and its best practices) on every page the site links
// to from its home page, one of each kind, and on its error pages, at a
// desktop and a phone width and in dark mode. The page list comes from
// following links, so a new page is checked as soon as anything links to it.
func TestBrowserAccessibility(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	// The starter statistics (real extracts: UN DESA, WDI, RPW, the ILO
	// estimates) give the statistics pages, the country blocks and the home
	// page's figures their full size.
	pages := append(crawl(t, m.URL(), "/", 60),
		"/no-such-page",                      // 404
		"/practices?year_from=abc",           // a search with an error beside its field
		"/practices?page=999",                // beyond the last page
		"/practices?q=zzzzzzzzzzzzzzzzzz",    // no results
		"/instruments/C189",                  // a map and a chart
		"/instruments/ICMW?as_of=2005-06-01", // a UN treaty on a day: signatures, uncertain years
		"/instruments/C189?as_of=2013-02-30", // a date with an error beside its field
		"/instruments/C189/history",
		"/statistics",
		"/statistics/IMS_STOCK?area=PH&area=DE&area=MX&year=2010", // a line chart, a bar chart, a table
		"/statistics/IMS_STOCK?view=map",
		"/statistics/IMS_STOCK?view=table",
		"/statistics/IMS_STOCK?view=sources",
		"/statistics/IMS_STOCK?area=FR",                // no data
		"/statistics/IMS_STOCK?area=PH&from=abc&sex=x", // errors beside their fields
		"/countries/PH",                                // the statistics block
	)
	ctx := browserFor(t, 10*time.Minute)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	for _, v := range views {
		do(t, ctx, chromedp.EmulateViewport(v.width, v.height), colourScheme(v.dark))
		for _, path := range pages {
			if _, err := chromedp.Run(ctx, chromedp.Navigate(m.URL()+path)); err != nil {
				t.Fatalf("%s (%s): %v", path, v.name, err)
			}
			for _, problem := range axeRun(t, ctx, axe) {
				t.Errorf("%s (%s): %s", path, v.name, problem)
			}
		}
	}
	t.Logf("axe-core %s: %d pages × %d views: %s", axeVersion, len(pages), len(views), strings.Join(pages, " "))
}

// colourScheme emulates prefers-color-scheme.
func colourScheme(dark bool) chromedp.Action[chromedp.Void] {
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// axeRun injects axe-core into the current page, runs it and returns one
// line per violation: the rule, its impact, what it asks and where.
func axeRun(t *testing.T, ctx context.Context, axe string) []string {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	type node struct {
		Target []any `json:"target"`
	}
	type violation struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []node `json:"nodes"`
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
		`axe.run(document).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var lines []string
	for _, v := range found {
		var where []string
		for i, n := range v.Nodes {
			if i == 3 {
				where = append(where, fmt.Sprintf("and %d more", len(v.Nodes)-3))
				break
			}
			where = append(where, fmt.Sprint(n.Target...))
		}
		lines = append(lines, fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(where, ", ")))
	}
	return lines
}

// crawl follows the links of the site from its home page and returns the
// paths of up to limit HTML pages, one of each kind: a kind is the
// path with its segments after the first replaced, plus the names of its
// query parameters, so that /practices/a and /practices/b are one kind and
// a search by theme another than a search by country.
func crawl(t *testing.T, base, start string, limit int) []string {
	t.Helper()
	root, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{start: true}
	kinds := map[string]int{}
	queue := []string{start}
	var pages []string
	for len(queue) > 0 && len(pages) < limit {
		path := queue[0]
		queue = queue[1:]
		links, ok := htmlLinks(t, base+path)
		if !ok {
			continue
		}
		pages = append(pages, path)
		for _, link := range links {
			u, err := root.Parse(link)
			if err != nil || u.Host != root.Host || strings.HasPrefix(u.Path, "/static/") || pathLang(u.Path) != pathLang(start) {
				continue // the crawl stays in its language
			}
			u.Fragment = ""
			next := u.RequestURI()
			kind := pageKind(u)
			if seen[next] || kinds[kind] >= 1 {
				continue
			}
			seen[next] = true
			kinds[kind]++
			queue = append(queue, next)
		}
	}
	sort.Strings(pages)
	return pages
}

// pathLang returns the language of a path: its /fr or /es prefix, or "en".
func pathLang(path string) string {
	for _, l := range []string{"fr", "es"} {
		if path == "/"+l || strings.HasPrefix(path, "/"+l+"/") {
			return l
		}
	}
	return "en"
}

// pageKind names the kind of page a URL is (see crawl).
func pageKind(u *url.URL) string {
	segments := strings.Split(strings.Trim(u.Path, "/"), "/")
	first := 1
	if segments[0] == "fr" || segments[0] == "es" {
		first = 2 // /fr/practices/a and /fr/countries/PH are two kinds
	}
	for i := first; i < len(segments); i++ {
		segments[i] = "*"
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range u.Query() {
			if !yield(k) {
				return
			}
		}
	})
	return strings.Join(segments, "/") + "?" + strings.Join(keys, "&")
}

// htmlLinks fetches a URL and returns the href of every link on it, and
// whether it is an HTML page answered 200.
func htmlLinks(t *testing.T, u string) ([]string, bool) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	media, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode != http.StatusOK || media != "text/html" {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil, false
	}
	doc, err := html.Parse(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	var links []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "a" {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "href" {
				links = append(links, a.Val)
			}
		}
	}
	return links, true
}
