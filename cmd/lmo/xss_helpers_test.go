package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/lmo-observatory/lmo"
)

// The XSS checks, reusable: the payloads of testdata/xss-payloads.txt put
// into records through the store, and a walk of pages in headless
// Chromium that fails when any of them runs. A new page that shows
// contributors' text (the review queue, comments, diffs, suggestions) is
// covered by adding it to a walk with the texts it must show.

// xssPayloads reads testdata/xss-payloads.txt: one payload a line, each of
// which calls alert, confirm or prompt, or sets window.__xss, when it runs.
func xssPayloads(t *testing.T) []string {
	t.Helper()
	return readLines(t, filepath.Join("..", "..", "testdata", "xss-payloads.txt"))
}

// readLines returns the non-empty lines of a file.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return lines
}

// xssMark is a word in every field that carries a payload, so that a
// search finds the records and a page can be checked to show them.
const xssMark = "xssmark"

// xssPractice returns a copy of base, as a new practice, whose every
// free-text field carries payload: title, summary, description, results,
// lessons, organisation name and acronym, source and evaluation titles,
// publishers and URLs, the contact's name, organisation, email and URL.
// short is a payload that fits the 50 characters of an acronym. Fields
// that must be web or email addresses carry the payload where an address
// can (a query, a fragment, an email's local part).
func xssPractice(t *testing.T, base *lmo.Practice, n int, payload, short string) *lmo.Practice {
	t.Helper()
	b, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	var p lmo.Practice
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p.ID, p.Version, p.Slug = 0, 0, fmt.Sprintf("xss-test-%d", n)
	p.Title = payload + " " + xssMark
	p.Summary = xssMark + " summary " + payload
	p.Description = payload + "\n\n" + xssMark + " description " + payload
	p.Results, p.Lessons = payload, payload
	p.Countries, p.Corridors, p.Global = []lmo.PracticeCountry{{Code: "IS", Role: lmo.RoleDestination}}, nil, false
	addr := "https://example.org/?x=" + url.QueryEscape(payload) + "#" + payload
	p.Organisations = []lmo.PracticeOrganisation{{Name: payload, Acronym: short, Type: base.Organisations[0].Type, Role: lmo.OrgImplementing}}
	p.Sources = []lmo.Source{{Title: payload + " " + xssMark, Publisher: payload, URL: addr, Year: 2020}}
	p.Evaluations = []lmo.Source{{Title: payload, Publisher: payload, URL: addr, Year: 2021}}
	p.Contact = &lmo.Contact{Name: payload, Organisation: payload, Email: "x'/onmouseover=alert`1`//'@example.org", URL: addr}
	return &p
}

// xssPractices creates one practice for each payload through the store and
// returns them.
func xssPractices(t *testing.T, s store, payloads []string) []*lmo.Practice {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	base, err := s.FindPracticeBySlug(ctx, "ae-wage-protection-system")
	if err != nil {
		t.Fatal(err)
	}
	var short []string
	for _, p := range payloads {
		if len([]rune(p)) <= lmo.MaxAcronym {
			short = append(short, p)
		}
	}
	out := make([]*lmo.Practice, len(payloads))
	for i, payload := range payloads {
		p := xssPractice(t, base, i, payload, short[i%len(short)])
		if err := s.CreatePractice(ctx, p, "XSS test"); err != nil {
			t.Fatalf("payload %d %q: %v", i, payload, err)
		}
		out[i] = p
	}
	return out
}

// xssPage is a page to visit and texts it must show, so that a page that
// lost the payloads (escaped them away, or shows another record) does not
// pass unseen.
type xssPage struct {
	Path string
	Want []string
}

// xssScan is run on each page after it loads and after two frames (when
// onerror, onload, autofocus and ontoggle handlers have had their turn):
// what would run or could run on a click, found in the DOM. The site has
// no inline script, handler or javascript: URL of its own.
const xssScan = `(async () => {
	await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	const bad = [];
	if (window.__xss !== undefined) bad.push("window.__xss is set");
	const each = (xpath, fn) => {
		const r = document.evaluate(xpath, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
		for (let i = 0; i < r.snapshotLength; i++) fn(r.snapshotItem(i));
	};
	const attr = a => "<" + a.ownerElement.tagName.toLowerCase() + " " + a.name + "=" + JSON.stringify(a.value.slice(0, 60)) + ">";
	each("//iframe|//frame|//object|//embed|//base|//applet|//meta[@http-equiv]", el => bad.push("a <" + el.tagName.toLowerCase() + "> element"));
	each("//script", el => {
		if (el.type !== "application/ld+json" && !(el.src && el.src.startsWith(location.origin + "/"))) bad.push("a script: " + el.outerHTML.slice(0, 80));
	});
	each("//@*[starts-with(translate(name(), 'ON', 'on'), 'on') or name() = 'srcdoc']", a => bad.push(attr(a)));
	each("//@href|//@src|//@action|//@formaction|//@data|//@poster|//@background|//@*[local-name() = 'href']", a => {
		const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
		if (v.startsWith("javascript:") || v.startsWith("vbscript:") || v.startsWith("data:text/html")) bad.push(attr(a));
	});
	return {bad: bad, text: document.documentElement.innerText + " " + document.title};
})()`

// xssProblems visits pages in headless Chromium with the Content-Security-
// Policy bypassed (so that the test sees what the markup would do without
// it: the policy is a second wall, not the first) and returns a line for
// every dialog that opened (alert, confirm, prompt), every page where
// window.__xss is set or whose DOM holds a handler, script, frame or
// javascript: URL that the site does not write, and every text a page
// does not show.
func xssProblems(t *testing.T, ctx context.Context, base string, pages []xssPage) []string {
	t.Helper()
	dialogs := xssDialogs(t, ctx)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	var problems []string
	type scan struct {
		Bad  []string `json:"bad"`
		Text string   `json:"text"`
	}
	for _, pg := range pages {
		dialogs.at(pg.Path)
		if _, err := chromedp.Run(ctx, chromedp.Navigate(base+pg.Path)); err != nil {
			t.Fatalf("%s: %v", pg.Path, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[scan](xssScan, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", pg.Path, err)
		}
		for _, b := range got.Bad {
			problems = append(problems, pg.Path+": "+b)
		}
		for _, w := range pg.Want {
			if !strings.Contains(got.Text, w) {
				problems = append(problems, fmt.Sprintf("%s does not show %q", pg.Path, w))
			}
		}
	}
	for _, d := range dialogs.opened() {
		problems = append(problems, "a dialog opened: "+d)
	}
	return problems
}

// dialogWatch records the JavaScript dialogs that open, with the page
// they opened on, and dismisses them so that the walk goes on.
type dialogWatch struct {
	mu    sync.Mutex
	path  string
	found []string
}

func (w *dialogWatch) at(path string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.path = path
}

func (w *dialogWatch) opened() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.found...)
}

// xssDialogs starts watching ctx's page for dialogs.
func xssDialogs(t *testing.T, ctx context.Context) *dialogWatch {
	t.Helper()
	w := &dialogWatch{}
	opening := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for e, err := range opening {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.found = append(w.found, fmt.Sprintf("%s(%q) on %s", e.Type, e.Message, w.path))
			w.mu.Unlock()
			go chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
				_, err := cdp.Call(ctx, target, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
				return err
			}))
		}
	}()
	return w
}
