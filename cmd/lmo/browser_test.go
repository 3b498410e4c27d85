package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium for a test. Without Chromium the test is
// skipped on a developer machine and fails where LMO_REQUIRE_BROWSER is set
// (CI), so that a missing install cannot pass unseen.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 90*time.Second)
}

// browserFor is browser with a time limit of its own, for a test that
// walks many pages.
func browserFor(t *testing.T, limit time.Duration) context.Context {
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
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900), // a desktop; phone tests emulate their own viewport
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first run starts the browser; it must not carry the timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(cancelTimeout)
	return ctx
}

// apiTotal asks the API how many practices match a query string.
func apiTotal(t *testing.T, base, query string) int {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/practices?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Total
}

var countPattern = regexp.MustCompile(`^(\d+) practices? found$`)

func shownCount(t *testing.T, text string) int {
	t.Helper()
	m := countPattern.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		t.Fatalf("result count reads %q", text)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// do runs browser steps and fails the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// navigate runs steps that load a new page and waits for it.
func navigate(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 {
		t.Fatalf("%s: status %d", resp.URL, resp.Status)
	}
}

// value runs an action that returns a value and fails the test on error.
func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserSearch drives the search page as a person would: type words,
// press Enter, tick a filter (which updates the results in place with
// JavaScript), and check every count against the API.
func TestBrowserSearch(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices"))
	navigate(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "domestic workers\n"))
	count := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
	if want := apiTotal(t, m.URL(), "q=domestic+workers"); shownCount(t, count) != want || want == 0 {
		t.Errorf("after typing: page shows %q, API says %d", count, want)
	}
	location := value(t, ctx, chromedp.Location())
	if !strings.Contains(location, "q=domestic+workers") || strings.Contains(location, "year_from") {
		t.Errorf("the address is not a clean permalink: %s", location)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits mark").length`)); n == 0 {
		t.Errorf("no highlighted match in the results")
	}

	// Tick the Arab States region: JavaScript updates the results in place
	// (nothing navigates), focus stays on the box, and the address follows.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.lmoSamePage = true`))
	do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="region"][value="arab-states"]`)))
	waitFor(t, ctx, `location.search.indexOf("region=arab-states") >= 0`)
	count = value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
	if want := apiTotal(t, m.URL(), "q=domestic+workers&region=arab-states"); shownCount(t, count) != want {
		t.Errorf("with the region: page shows %q, API says %d", count, want)
	}
	if !value(t, ctx, chromedp.Evaluate[bool](`window.lmoSamePage === true`)) {
		t.Errorf("ticking a filter loaded a new page")
	}
	if focused := value(t, ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.name : ""`)); focused != "region" {
		t.Errorf("focus after filtering is on %q, want the region box", focused)
	}

	// Open the first result and find its citation.
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`ol.hits li h3 a`)))
	title := value(t, ctx, chromedp.Text(chromedp.CSS("h1")))
	citation := value(t, ctx, chromedp.Text(chromedp.CSS(".citation")))
	if title == "" || !strings.HasPrefix(citation, title) {
		t.Errorf("citation %q does not start with the title %q", citation, title)
	}
}

// TestBrowserSearchWithoutJavaScript checks that the search page works with
// scripts disabled: filters apply with the button.
func TestBrowserSearchWithoutJavaScript(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices"))
	do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="status"][value="completed"]`)))
	if value(t, ctx, chromedp.Location()) != m.URL()+"/practices" {
		t.Fatalf("ticking a box navigated without JavaScript")
	}
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`button.apply`)))
	count := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
	if want := apiTotal(t, m.URL(), "status=completed"); shownCount(t, count) != want || want == 0 {
		t.Errorf("without JavaScript: page shows %q, API says %d", count, want)
	}
	if location := value(t, ctx, chromedp.Location()); location != m.URL()+"/practices?status=completed" {
		t.Errorf("the address is not the clean permalink of the search: %s", location)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("input[name=status]:checked").length`)); n != 1 {
		t.Errorf("after Apply, %d status boxes are ticked, want 1", n)
	}
}
