package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/lmo-observatory/lmo"
)

// TestBrowserXSSDetector is the walk's own check: a page that does run
// payloads, with the site's policy not there to stop them, fails it in
// every way it looks (dialogs, window.__xss, handlers, frames, javascript:
// URLs), so that a clean walk means something.
func TestBrowserXSSDetector(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>x</title><p>shown</p><script>alert("inline")</script>
			<img src="/missing.png" onerror="window.__xss=1"><a href="javascript:confirm(1)">x</a><iframe srcdoc="x"></iframe>`)
	}))
	defer ts.Close()
	ctx := browser(t)
	problems := xssProblems(t, ctx, ts.URL, []xssPage{{Path: "/", Want: []string{"shown", "missing"}}})
	for _, want := range []string{`alert("inline")`, "window.__xss is set", "onerror=", `href="javascript:confirm(1)"`, "<iframe> element", "does not show \"missing\""} {
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, want) }) {
			t.Errorf("the walk did not report %q: %q", want, problems)
		}
	}
}

// TestBrowserXSS stores practices whose every text field carries an XSS
// payload, and walks every page that shows them (each practice, search
// results with snippets, the country, the sources, home) and pages that
// echo a payload from the URL (searches, fields in error): nothing runs.
// Every payload goes through every stored field; a dozen of them, of every
// kind, through each echo of the URL, to keep the walk short.
func TestBrowserXSS(t *testing.T) {
	m := startMain(t)
	payloads := xssPayloads(t)
	practices := xssPractices(t, m.DB, payloads)
	var pages []xssPage
	for _, p := range practices {
		pages = append(pages, xssPage{Path: "/practices/" + p.Slug,
			Want: []string{p.Title, p.Sources[0].Title, p.Contact.Organisation, xssMark + " description"}})
	}
	for n := 1; n <= (len(practices)+lmo.DefaultLimit-1)/lmo.DefaultLimit; n++ {
		pages = append(pages,
			xssPage{Path: fmt.Sprintf("/practices?q=%s&page=%d", xssMark, n), Want: []string{xssMark}},
			xssPage{Path: fmt.Sprintf("/practices?q=%s+summary&sort=title&page=%d", xssMark, n), Want: []string{xssMark + " summary"}})
	}
	pages = append(pages, xssPage{Path: "/countries/IS", Want: []string{xssMark}}, xssPage{Path: "/", Want: nil},
		xssPage{Path: "/practices?country=IS&theme=" + url.QueryEscape(practices[0].Themes[0]), Want: []string{xssMark}})
	for n := 1; n <= pageCount(t, m.URL()+"/sources?page="); n++ {
		pages = append(pages, xssPage{Path: fmt.Sprintf("/sources?page=%d", n)})
	}
	for i := 0; i < len(payloads); i += len(payloads)/12 + 1 {
		q := url.QueryEscape(payloads[i])
		pages = append(pages, xssPage{Path: "/practices?q=" + q},
			xssPage{Path: "/practices?year_from=" + q + "&q=" + q},
			xssPage{Path: "/countries?q=" + q},
			xssPage{Path: "/instruments/C189?as_of=" + q},
			xssPage{Path: "/statistics/IMS_STOCK?sex=" + q + "&from=" + q + "&area=" + q},
			xssPage{Path: "/practices/" + url.PathEscape(payloads[i])})
	}
	ctx := browserFor(t, 15*time.Minute)
	start := time.Now()
	for _, p := range xssProblems(t, ctx, m.URL(), pages) {
		t.Error(p)
	}
	t.Logf("%d payloads, %d practices, %d pages walked in %s", len(payloads), len(practices), len(pages), time.Since(start).Round(time.Second))
}

// pageCount returns how many pages a paged list has: the first n whose
// URL (prefix + n) is not found, less one.
func pageCount(t *testing.T, prefix string) int {
	t.Helper()
	n := 1
	for ; n < 100; n++ {
		resp, _ := fetch(t, fmt.Sprint(prefix, n))
		if resp.StatusCode == http.StatusNotFound {
			break
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s%d: %d", prefix, n, resp.StatusCode)
		}
	}
	return n - 1
}

// TestXSSPayloadsInExports: the payloads come out of the Atom feed, CSV,
// JSON, XLSX and the API as the text they are, inert: escaped XML, CSV
// cells that a spreadsheet would run as formulas neutralised, no formula
// cell in XLSX, JSON served as JSON and not sniffed. An address with a
// javascript: scheme is refused at the door.
func TestXSSPayloadsInExports(t *testing.T) {
	m := startMain(t)
	payloads := xssPayloads(t)
	practices := xssPractices(t, m.DB, payloads)
	titles := map[string]bool{}
	for _, p := range practices {
		titles[p.Title] = true
	}
	search := "?q=" + xssMark + "&per_page=" + fmt.Sprint(lmo.MaxLimit)
	xssFeed(t, m.URL()+"/practices/feed.atom"+search, payloads)
	xssCSV(t, m.URL()+"/practices.csv"+search, titles)
	xssJSON(t, m.URL()+"/practices.json"+search, titles)
	xssXLSX(t, m.URL()+"/practices.xlsx"+search, titles)
	xssJSON(t, m.URL()+"/api/v1/practices"+search, titles)

	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	for _, addr := range []string{"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "//evil.example/x", "vbscript:msgbox(1)"} {
		p := *practices[0]
		p.Sources = []lmo.Source{{Title: "A source", URL: addr}}
		if err := m.DB.UpdatePractice(ctx, &p, "XSS test"); lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("a source at %q: %v, want EINVALID", addr, err)
		}
		p = *practices[0]
		p.Contact = &lmo.Contact{URL: addr}
		if err := m.DB.UpdatePractice(ctx, &p, "XSS test"); lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("a contact at %q: %v, want EINVALID", addr, err)
		}
	}
}

// xssFeed checks that the feed is well-formed XML whose entries hold the
// payloads as text, so no payload appears in it unescaped.
func xssFeed(t *testing.T, u string, payloads []string) {
	t.Helper()
	_, body := fetchOK(t, u, "application/atom+xml")
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("the feed is not XML: %v", err)
	}
	titles := map[string]bool{}
	for _, p := range payloads {
		titles[p+" "+xssMark] = true
		if strings.Contains(p, "<") && strings.Contains(body, p) {
			t.Errorf("the feed holds %q unescaped", p)
		}
	}
	// The feed has the latest entries; each is a payload, read back as text.
	for _, e := range feed.Entries {
		if !titles[e.Title] {
			t.Errorf("a feed entry is titled %q, not a payload", e.Title)
		}
	}
	if len(feed.Entries) < min(len(payloads), 20) {
		t.Errorf("the feed has %d entries", len(feed.Entries))
	}
}

// xssCSV checks that no cell starts with what a spreadsheet runs as a
// formula, and that the titles are there, neutralised where they must be.
func xssCSV(t *testing.T, u string, titles map[string]bool) {
	t.Helper()
	_, body := fetchOK(t, u, "text/csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "title")
	seen := 0
	for _, row := range rows[1:] {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("a CSV cell starts with a formula: %q", c)
			}
		}
		title := row[col]
		if strings.HasPrefix(title, "'") && !titles[title] {
			title = title[1:]
		}
		if titles[title] {
			seen++
		}
	}
	if seen != len(titles) {
		t.Errorf("the CSV holds %d of the %d titles", seen, len(titles))
	}
}

// xssJSON checks that JSON is served as JSON, not to be sniffed, and holds
// the titles as they are.
func xssJSON(t *testing.T, u string, titles map[string]bool) {
	t.Helper()
	resp, body := fetchOK(t, u, "application/json")
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: no nosniff", u)
	}
	var doc struct {
		Practices []struct {
			Title string `json:"title"`
		} `json:"practices"`
		Items []struct {
			Title string `json:"title"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	seen := 0
	for _, p := range append(doc.Practices, doc.Items...) {
		if titles[p.Title] {
			seen++
		}
	}
	if seen != len(titles) {
		t.Errorf("%s holds %d of the %d titles", u, seen, len(titles))
	}
}

// xssXLSX checks that no cell of the workbook is a formula and that the
// titles are there as text.
func xssXLSX(t *testing.T, u string, titles map[string]bool) {
	t.Helper()
	_, body := fetchOK(t, u, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s is a formula: %q", sheet, cell, formula)
				}
				if titles[v] {
					seen++
				}
			}
		}
	}
	if seen != len(titles) {
		t.Errorf("the workbook holds %d of the %d titles", seen, len(titles))
	}
}

// fetchOK GETs u, expects 200 and a Content-Type that begins with ct.
func fetchOK(t *testing.T, u, ct string) (*http.Response, string) {
	t.Helper()
	resp, body := fetch(t, u)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), ct) {
		t.Fatalf("%s: %d %q: %.200s", u, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	return resp, body
}
