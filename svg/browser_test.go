package svg

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowser shows the renderings in headless Chromium on a page served
// with a Content-Security-Policy that forbids inline style and script, in
// light and dark mode, and checks that: the map's countries are links that
// Tab reaches in order; nothing breaks the policy; and axe-core (when
// installed, as for cmd/lmo's accessibility test) finds no violation.
// Without Chromium it is skipped, unless LMO_REQUIRE_BROWSER is set.
func TestBrowser(t *testing.T) {
	m := partiesMap()
	mapSVG := render(t, m)
	body := fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>svg test page</title>
<link rel="stylesheet" href="/page.css"><link rel="stylesheet" href="/svg.css"></head>
<body><main><h1>svg test page</h1><p><a href="#before">Before the map</a></p>%s%s%s</main></body></html>`,
		mapSVG, render(t, stepChart()), render(t, lineChart()))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'")
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		case "/svg.css":
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, CSS)
		case "/page.css": // the site's custom properties (web/static/style.css)
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, `:root { --ink: #1b1f23; --bg: #fff; --line: #d0d7de; --focus: #c24e00; }
body { background: var(--bg); color: var(--ink); font-family: sans-serif; margin: 1rem; }
a { color: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6edf3; --bg: #0d1117; --line: #30363d; } a { color: #58a6ff; } }`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	ctx := browser(t)
	// Record policy violations from the first moment of every page.
	if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.lmoCSP = []; document.addEventListener("securitypolicyviolation", e => window.lmoCSP.push(e.violatedDirective + " " + e.blockedURI));`,
		})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	var wantHrefs []string
	parse(t, mapSVG).walk(func(n *node) {
		if n.Name == "a" {
			wantHrefs = append(wantHrefs, n.Attr["href"])
		}
	})
	axe := axeSource()
	for _, dark := range []bool{false, true} {
		mode := map[bool]string{false: "light", true: "dark"}[dark]
		if _, err := chromedp.Run(ctx, colourScheme(dark)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		// Tab from the link before the map through the map's countries.
		if _, err := chromedp.Run(ctx, chromedp.Focus(chromedp.CSS(`a[href="#before"]`))); err != nil {
			t.Fatal(err)
		}
		for i, want := range wantHrefs {
			if _, err := chromedp.Run(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](
				`(e => e.namespaceURI === "http://www.w3.org/2000/svg" ? e.getAttribute("href") + " " + e.querySelector("title").textContent : "not an SVG link: " + e.outerHTML.slice(0, 80))(document.activeElement)`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got, want+" ") {
				t.Errorf("%s: Tab %d focuses %q, want the link to %s", mode, i+1, got, want)
			}
		}
		// The focused country is outlined in the focus colour.
		stroke, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement.querySelector("path, circle")).stroke`))
		if err != nil {
			t.Fatal(err)
		}
		if stroke != "rgb(194, 78, 0)" {
			t.Errorf("%s: the focused country's outline is %s, want the focus colour", mode, stroke)
		}
		csp, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.lmoCSP`))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range csp {
			t.Errorf("%s: Content-Security-Policy violation: %s", mode, v)
		}
		if axe == "" {
			continue
		}
		for _, problem := range axeRun(t, ctx, axe) {
			t.Errorf("%s: axe-core: %s", mode, problem)
		}
	}
	if axe == "" {
		t.Log("axe-core is not installed (npm install --no-save --prefix ~/.cache/lmo-axe axe-core): accessibility rules not run")
	}
}

// browser starts headless Chromium (as cmd/lmo's browser tests do).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("LMO_CHROMIUM")
	if path == "" {
		for _, p := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if found, err := exec.LookPath(p); err == nil {
				path = found
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("LMO_REQUIRE_BROWSER") != "" {
			t.Fatal("Chromium is not installed, and LMO_REQUIRE_BROWSER is set (apt-get install -y chromium)")
		}
		t.Skip("Chromium is not installed (apt-get install -y chromium); skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
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

// axeSource returns axe.min.js from LMO_AXE_JS or the npm prefix cmd/lmo's
// accessibility test uses, or "" when neither holds it.
func axeSource() string {
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
	return ""
}

// axeRun runs axe-core on the current page and returns one line per
// violation.
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
